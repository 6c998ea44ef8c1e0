"""The crawl extensions as Scrapy builds them from the project's EXTENSIONS: the progress line on
stderr (ARCHIVE_PROGRESS_ENABLED, every ARCHIVE_PROGRESS_INTERVAL seconds) and the run recorder
(closes the archive's run with its reason, stats and health, judged with the ARCHIVE_HEALTH_* limits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.misc import build_from_crawler
from sqlalchemy import select
from twisted.internet.task import Clock

from archive import models
from archive.db import get_engine, transaction
from core.article import Article
from pipelines.store import StorePipeline
from scraper.extensions import ProgressLine, RunRecorder
from scraper.items import ArticleItem, PageRecord
from tests.support import NO_ENGINE, project_crawler, send_signal

NO_ARTICLES = "no articles: the list pages yielded no article links (layout change or blocked?)"


def crawler_of(spider: str = "example", **settings: Any) -> Crawler:
    crawler = project_crawler(**NO_ENGINE, **settings)
    crawler.spider = Spider.from_crawler(crawler, name=spider)
    return crawler


def extension(crawler: Crawler, kind: type) -> Any:
    """The crawler's extension of this kind, or None when it is not configured."""
    return next((e for e in crawler.extensions.middlewares if isinstance(e, kind)), None)


def test_progress_line_is_off_by_default() -> None:
    assert extension(crawler_of(), ProgressLine) is None


def test_progress_line_every_interval(capsys: pytest.CaptureFixture[str]) -> None:
    crawler = crawler_of(ARCHIVE_PROGRESS_ENABLED=True, ARCHIVE_PROGRESS_INTERVAL=2.0)
    progress = extension(crawler, ProgressLine)
    clock = Clock()
    progress.loop.clock = clock
    assert crawler.stats is not None
    send_signal(crawler, signals.spider_opened)
    crawler.stats.set_value("downloader/response_count", 5)
    crawler.stats.set_value("archive/articles_new", 2)
    crawler.stats.set_value("archive/articles_updated", 1)
    clock.advance(1.9)
    crawler.stats.set_value("archive/failures_parse", 1)
    clock.advance(0.1)
    crawler.stats.set_value("archive/failures_fetch", 1)
    send_signal(crawler, signals.spider_closed, reason="finished")
    assert capsys.readouterr().err == (
        "\rexample: 0 pages fetched, 0 articles stored, 0 failures"
        "\rexample: 5 pages fetched, 3 articles stored, 1 failures"
        "\rexample: 5 pages fetched, 3 articles stored, 2 failures\n"
    )
    assert not progress.loop.running


def test_no_run_recorder_without_the_store() -> None:
    assert extension(crawler_of(ARCHIVE_STORE_ENABLED=False), RunRecorder) is None


def _crawl(
    db_url: str, articles: list[Article], stats: dict[str, Any] | None = None, reason: str = "finished",
    **settings: Any,
) -> tuple[Crawler, models.CrawlRun]:
    """A run of the `example` spider that stores `articles` (one article link each), then closes
    (with `stats` set as a scale-out worker's scheduler leaves them)."""
    crawler = crawler_of(ARCHIVE_DB=db_url, **settings)
    store = build_from_crawler(StorePipeline, crawler)
    store.open_spider()
    assert crawler.stats is not None
    for article in articles:
        crawler.stats.inc_value("archive/article_links")
        crawler.stats.inc_value("downloader/response_count")
        store.process_item(ArticleItem(PageRecord(article.url, 200, {}, b"<html></html>"), article))
    store.close_spider()
    for key, value in (stats or {}).items():
        crawler.stats.set_value(key, value)
    send_signal(crawler, signals.spider_closed, reason=reason)
    with transaction(db_url) as session:
        run = session.scalars(select(models.CrawlRun).order_by(models.CrawlRun.id.desc()).limit(1)).one()
        session.expunge(run)
    return crawler, run


def _articles(first: int, count: int, **fields: Any) -> list[Article]:
    return [
        Article(url=f"http://www.example.com/{n}.html", site="example", title=f"标题{n}", body=[f"第{n}段。"], **fields)
        for n in range(first, first + count)
    ]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    yield url
    get_engine(url).dispose()


def test_run_recorder_closes_the_run_with_its_health(sqlite_url: str) -> None:
    crawler, run = _crawl(sqlite_url, [])
    assert crawler.stats is not None and crawler.stats.get_value("archive/health_alerts") == [NO_ARTICLES]
    assert (run.spider, run.status, run.finished_at is not None) == ("example", "finished", True)
    assert run.health is not None and run.health["alerts"] == [NO_ARTICLES]
    assert run.stats["archive/run_id"] == run.id

    crawler, run = _crawl(sqlite_url, _articles(1, 2, authors=["张华"]))
    assert crawler.stats is not None and crawler.stats.get_value("archive/health_alerts") == []
    assert run.health is not None and run.health["articles"] == {"new": 2, "updated": 0, "unchanged": 0}
    assert run.health["coverage"] == {"authors": 1.0, "published_at": 0.0, "source": 0.0, "editors": 0.0}


SCALE_OUT = {"ARCHIVE_REDIS_URL": "redis://127.0.0.1:6379/0", "ARCHIVE_REDIS_RUN": "r1"}


def test_a_scale_out_worker_leaving_the_run_to_others_does_not_close_it(sqlite_url: str) -> None:
    crawler, run = _crawl(sqlite_url, [], **SCALE_OUT, stats={"archive/redis_run_state": "continues"})
    assert crawler.stats is not None and crawler.stats.get_value("archive/health_alerts") is None
    assert (run.redis_run, run.status, run.finished_at, run.health) == ("r1", "running", None, None)


def test_the_worker_that_closes_a_scale_out_run_judges_the_run(sqlite_url: str) -> None:
    totals = {"archive/article_links": 4, "archive/articles_new": 4, "downloader/response_count": 5}
    crawler, run = _crawl(sqlite_url, [], **SCALE_OUT, stats={"archive/redis_run_state": "closed",
                                                              "archive/run_totals": totals})
    assert crawler.stats is not None and crawler.stats.get_value("archive/health_alerts") == []
    assert (run.redis_run, run.status, run.stats) == ("r1", "finished", {**totals, "finish_reason": "finished"})
    assert run.health is not None and run.health["articles"] == {"new": 4, "updated": 0, "unchanged": 0}


def test_the_last_worker_of_an_unfinished_scale_out_run_records_why(sqlite_url: str) -> None:
    _, run = _crawl(sqlite_url, [], **SCALE_OUT, stats={"archive/redis_run_state": "unfinished"}, reason="shutdown")
    assert (run.status, run.health is not None and run.health["alerts"]) == ("shutdown", [])


DROPPED = "coverage of authors dropped to 0% of 2 new articles from 100% in the last 1 runs (template change?)"


@pytest.mark.parametrize(
    ("settings", "alerts"),
    [
        ({}, []),  # 2 new articles: fewer than ARCHIVE_HEALTH_MIN_ARTICLES (3), not judged
        ({"ARCHIVE_HEALTH_MIN_ARTICLES": 2}, [DROPPED]),
        ({"ARCHIVE_HEALTH_MIN_ARTICLES": 2, "ARCHIVE_HEALTH_MAX_DROP": 1.01}, []),
        ({"ARCHIVE_HEALTH_MIN_ARTICLES": 2, "ARCHIVE_HEALTH_HISTORY": 0}, []),
    ],
)
def test_health_limits_come_from_the_settings(sqlite_url: str, settings: dict[str, Any], alerts: list[str]) -> None:
    _crawl(sqlite_url, _articles(1, 2, authors=["张华"]), **settings)
    crawler, _ = _crawl(sqlite_url, _articles(3, 2), **settings)
    assert crawler.stats is not None and crawler.stats.get_value("archive/health_alerts") == alerts
