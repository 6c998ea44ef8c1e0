"""The crawl lock is the archive's, whatever the data directory (a PostgreSQL advisory lock, a lock
file beside a SQLite file); runs left `running` by a killed crawl are marked `killed`; a robots.txt
block is recorded once while it is the URL's last failure (issue 13). Real archives, both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

from archive import models
from archive.db import transaction
from archive.frontier import load_frontier
from archive.store import record_failure
from scraper.crawl import AdvisoryLock, LockBusy, RunLock, archive_lock, mark_killed_runs
from scraper.items import PageFailure
from scraper.spiders.generic import GenericSiteSpider
from scraper.spiders.outcomes import ROBOTS_BLOCK
from tests.support import NO_ENGINE, project_crawler


def test_two_data_directories_one_archive_one_lock(db_url: str, tmp_path: Path) -> None:
    first = archive_lock(db_url, tmp_path / "data-1" / "crawl.lock").acquire()
    try:
        with pytest.raises(LockBusy, match="another crawl is running"):
            archive_lock(db_url, tmp_path / "data-2" / "crawl.lock").acquire()
    finally:
        first.release()
    again = archive_lock(db_url, tmp_path / "data-2" / "crawl.lock").acquire()
    again.release()


def test_the_lock_of_each_backend(db_url: str, tmp_path: Path) -> None:
    lock = archive_lock(db_url, tmp_path / "crawl.lock")
    if db_url.startswith("sqlite"):
        assert isinstance(lock, RunLock)
        assert lock.path == tmp_path / "archive.sqlite.crawl-lock"
    else:
        assert isinstance(lock, AdvisoryLock)
    assert isinstance(archive_lock("sqlite://", tmp_path / "crawl.lock"), RunLock)
    assert archive_lock("sqlite://", tmp_path / "crawl.lock").path == tmp_path / "crawl.lock"  # type: ignore[union-attr]


def test_runs_left_running_are_marked_killed(db_url: str) -> None:
    with transaction(db_url) as session:
        session.add_all([
            models.CrawlRun(spider="people_acftu", status="running"),
            models.CrawlRun(spider="people_acftu", status="finished"),
            models.CrawlRun(spider="workercn", status="running"),
        ])
    assert mark_killed_runs(db_url, ["people_acftu"]) == 1
    with transaction(db_url) as session:
        runs = session.query(models.CrawlRun.spider, models.CrawlRun.status).order_by(models.CrawlRun.id).all()
    assert [tuple(run) for run in runs] == [
        ("people_acftu", "killed"), ("people_acftu", "finished"), ("workercn", "running"),
    ]


def blocked(url: str) -> Failure:
    try:
        raise IgnoreRequest(ROBOTS_BLOCK)
    except IgnoreRequest:
        failure = Failure()
    failure.request = Request(url)  # type: ignore[attr-defined]
    return failure


def test_a_robots_block_is_recorded_once(db_url: str) -> None:
    site = "127.0.0.1"
    with transaction(db_url) as session:
        record_failure(session, "http://127.0.0.1/a.html", "fetch", ROBOTS_BLOCK, site=site)
        record_failure(session, "http://127.0.0.1/b.html", "fetch", ROBOTS_BLOCK, site=site)
        record_failure(session, "http://127.0.0.1/b.html", "fetch", "HTTP 500 from server", site=site)
    crawler = project_crawler(GenericSiteSpider, **NO_ENGINE)
    spider = GenericSiteSpider.from_crawler(crawler, url="http://127.0.0.1/")
    spider.frontier = load_frontier(db_url, site)
    assert spider.frontier.last_failure == {
        "http://127.0.0.1/a.html": ROBOTS_BLOCK, "http://127.0.0.1/b.html": "HTTP 500 from server",
    }
    assert list(spider.on_error(blocked("http://127.0.0.1/a.html"))) == []
    assert list(spider.on_error(blocked("http://127.0.0.1/b.html"))) == [
        PageFailure("http://127.0.0.1/b.html", site, "fetch", ROBOTS_BLOCK)
    ]
    assert list(spider.on_error(blocked("http://127.0.0.1/c.html"))) == [
        PageFailure("http://127.0.0.1/c.html", site, "fetch", ROBOTS_BLOCK)
    ]
