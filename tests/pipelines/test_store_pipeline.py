"""StorePipeline, built by Scrapy from the project settings, writing to a real archive (SQLite file
and PostgreSQL): what an article, a failure and a 304 check leave in it, and how batches commit.

Only the pipeline's Scrapy interface is used (open_spider, process_item, close_spider); what it
wrote is read back through `archive.Archive` and the models.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import pytest
from pipeline_samples import article_item
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from sqlalchemy import select

from archive import Archive, models
from archive.db import get_engine, transaction
from pipelines.store import StorePipeline
from scraper.items import NotModified, PageRecord, page_item
from tests.support import project_crawler


def store_pipeline(db_url: str, **settings: Any) -> StorePipeline:
    """The pipeline as a crawl of the `example` spider opens it."""
    crawler = project_crawler(ARCHIVE_DB=db_url, **settings)
    crawler.spider = Spider.from_crawler(crawler, name="example")
    pipeline = build_from_crawler(StorePipeline, crawler)
    pipeline.open_spider()
    return pipeline


def stats(pipeline: StorePipeline) -> dict[str, Any]:
    assert pipeline.crawler.stats is not None
    return {k: v for k, v in pipeline.crawler.stats.get_stats().items() if k.startswith("archive/")}


def test_an_article_and_a_failure_land_in_the_archive(db_url: str) -> None:
    pipeline = store_pipeline(db_url)
    item = article_item(1)
    missing = page_item(PageRecord("http://www.example.com/gzdt/2.html", 404, {"Server": "nginx"}, b"gone"), "example")
    assert pipeline.process_item(item) is item
    assert pipeline.process_item(missing) is missing
    pipeline.close_spider()

    archive = Archive(db_url)
    assert archive.counts() == {"articles": 1, "versions": 1, "failures": 1, "snapshots": 1}
    assert archive.get(1) == {"id": 1, "version": 1, **item.article.to_dict()}
    assert [hit["id"] for hit in archive.search("送温暖").results] == [1]
    with transaction(db_url) as session:
        run = session.scalars(select(models.CrawlRun)).one()
        snapshot = session.scalars(select(models.Snapshot)).one()
        failure = session.scalars(select(models.Failure)).one()
        assert (run.spider, run.status) == ("example", "running")  # RunRecorder closes it
        assert (snapshot.url, snapshot.status, snapshot.crawl_run_id) == (item.page.url, 200, run.id)
        assert (snapshot.encoding, snapshot.encoding_reason) == ("utf-8", "header")
        assert zlib.decompress(snapshot.body_zlib) == item.page.body
        assert (failure.url, failure.site, failure.stage, failure.reason) == (
            "http://www.example.com/gzdt/2.html", "example", "fetch", "HTTP 404 from server"
        )
        assert (failure.status, failure.headers, failure.crawl_run_id) == (404, {"Server": "nginx"}, run.id)
        assert failure.body_zlib is not None and zlib.decompress(failure.body_zlib) == b"gone"
    assert stats(pipeline) == {
        "archive/run_id": run.id,
        "archive/articles_new": 1,
        "archive/coverage/authors": 1,
        "archive/coverage/published_at": 1,
        "archive/coverage/source": 1,
        "archive/failures_fetch": 1,
    }


def test_a_304_records_the_check_and_a_change_is_a_new_version(db_url: str) -> None:
    first = store_pipeline(db_url)
    first.process_item(article_item(1))
    first.close_spider()
    with transaction(db_url) as session:
        checked_before = session.scalars(select(models.Article.last_checked_at)).one()

    second = store_pipeline(db_url)
    second.process_item(NotModified("http://www.example.com/gzdt/1.html", "example"))
    second.close_spider()
    with transaction(db_url) as session:
        article = session.scalars(select(models.Article)).one()
        assert article.version == 1
        assert article.last_checked_at > checked_before
    assert stats(second) == {"archive/run_id": 2, "archive/articles_unchanged": 1, "archive/not_modified": 1}

    third = store_pipeline(db_url)
    changed = article_item(1, body=["第1段，更正。"])
    third.process_item(changed)
    third.close_spider()
    archive = Archive(db_url)
    assert archive.get(1) == {"id": 1, "version": 2, **changed.article.to_dict()}
    assert [version["data"]["body"] for version in archive.versions(1)] == [["第1段。"], ["第1段，更正。"]]
    assert stats(third) == {"archive/run_id": 3, "archive/articles_updated": 1}


def test_items_are_committed_in_batches_of_store_batch_items(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    pipeline = store_pipeline(db_url, ARCHIVE_STORE_BATCH_ITEMS=2, ARCHIVE_STORE_BATCH_SECONDS=3600)
    archive = Archive(db_url)
    stored = []
    for n in (1, 2, 3):
        pipeline.process_item(article_item(n))
        stored.append(archive.counts()["articles"])
    pipeline.close_spider()
    stored.append(archive.counts()["articles"])
    get_engine(db_url).dispose()
    assert stored == [0, 2, 2, 3]


def test_switched_off(tmp_path: Path) -> None:
    crawler = project_crawler(ARCHIVE_DB=f"sqlite:///{tmp_path / 'archive.sqlite'}", ARCHIVE_STORE_ENABLED=False)
    with pytest.raises(NotConfigured, match=r"^ARCHIVE_STORE_ENABLED is off$"):
        build_from_crawler(StorePipeline, crawler)
    assert not (tmp_path / "archive.sqlite").exists()
