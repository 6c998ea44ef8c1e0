"""Run spiders in this process with the project settings (what `union-archive crawl` does).

Scheduled runs on one archive never overlap, whatever their data directories: `archive_lock` is
a PostgreSQL advisory lock (`pg_try_advisory_lock`, held by a connection for the run) or, for a
SQLite archive, a `RunLock` on a file beside the database file: an advisory `flock` released by
the kernel when the holder dies, so a lock left by a killed run is seen as stale and taken over.
Either way the lock dies with its holder, so a run that finds its site's runs still `running`
while it holds the lock knows they were killed (`mark_killed_runs`).
"""

from __future__ import annotations

import fcntl
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scrapy.crawler import CrawlerProcess
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings
from sqlalchemy import Connection, make_url, text, update

from archive import models
from archive.db import get_engine, transaction
from scraper.spiders.base import PortalSpider

LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"


def project_settings(overrides: dict[str, Any] | None = None) -> Any:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def spider_classes(overrides: dict[str, Any] | None = None) -> dict[str, type[PortalSpider]]:
    """Every spider by name, as the project's spider loader makes them (site files included)."""
    loader = get_spider_loader(project_settings(overrides))
    return {name: loader.load(name) for name in sorted(loader.list())}


def enabled_sites(classes: dict[str, type[PortalSpider]]) -> list[str]:
    """The sites `crawl --all` runs: every enabled portal with real start URLs."""
    return [
        name for name, cls in classes.items()
        if cls.portal.enabled and all(url.startswith(("http://", "https://")) for url in cls.portal.start_urls)
    ]


class LockBusy(RuntimeError):
    """Another run holds the crawl lock."""


class RunLock:
    """An exclusive, non-blocking lock on `path`; the file names its holder (pid, start time)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None
        self.stale: str | None = None
        """What a previous, killed holder left in the file, when the lock was taken over."""

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown holder"
            handle.close()
            raise LockBusy(f"another crawl is running ({holder}); lock file {self.path}") from None
        handle.seek(0)
        self.stale = handle.read().strip() or None
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()}, started {started}\n")
        handle.flush()
        self._file = handle
        return self

    def release(self) -> None:
        if self._file is None:
            return
        self._file.seek(0)
        self._file.truncate()
        self._file.flush()
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
        self._file = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


ADVISORY_KEY = 0x756E696F6E  # "union": the crawl lock's key among the database's advisory locks


class AdvisoryLock:
    """The crawl lock of a PostgreSQL archive: a session-level advisory lock, which the server
    drops with the connection when the holder dies (so it is never stale)."""

    stale: str | None = None

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self._connection: Connection | None = None

    def acquire(self) -> AdvisoryLock:
        connection = get_engine(self.db_url).connect()
        if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar():
            holder = connection.execute(
                text("SELECT min(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = :low"),
                {"low": ADVISORY_KEY & 0xFFFFFFFF},
            ).scalar()
            connection.close()
            raise LockBusy(f"another crawl is running on this archive (PostgreSQL backend {holder} holds its lock)")
        connection.commit()
        self._connection = connection
        return self

    def release(self) -> None:
        if self._connection is None:
            return
        self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
        self._connection.close()
        self._connection = None


def archive_lock(db_url: str, fallback: Path) -> RunLock | AdvisoryLock:
    """The crawl lock of the archive at `db_url`: an advisory lock on PostgreSQL, a lock file
    beside a SQLite database file (`archive.sqlite.crawl-lock`); `fallback` for any other."""
    url = make_url(db_url)
    if url.get_backend_name() == "postgresql":
        return AdvisoryLock(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        return RunLock(database.with_name(f"{database.name}.crawl-lock"))
    return RunLock(fallback)


def mark_killed_runs(db_url: str, spiders: list[str]) -> int:
    """Mark the runs of `spiders` still `running` as `killed` (call it holding the archive lock:
    no such run is alive then); how many were."""
    with transaction(db_url) as session:
        result = session.execute(
            update(models.CrawlRun)
            .where(models.CrawlRun.spider.in_(spiders), models.CrawlRun.status == "running")
            .values(status="killed")
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(slots=True)
class CrawlSummary:
    spider: str
    pages: int
    articles_new: int
    articles_updated: int
    articles_unchanged: int
    failures: int
    finish_reason: str
    requests: int = 0
    not_modified: int = 0
    list_pages_ok: int = 0
    alerts: list[str] = field(default_factory=list)
    run_state: str | None = None
    """A scale-out worker: how it left its run (`scraper.redis_worker`): closed, finished, continues,
    unfinished, lost."""
    other_workers: int = 0
    start_failure: str | None = None
    """Why the start URL of a `crawl-site` run brought no page, if it did not."""

    @property
    def failed(self) -> bool:
        """The site was not crawled at all: the run did not finish, or no list page came back."""
        if self.run_state is not None:
            return self.run_state in ("unfinished", "lost") or (
                self.run_state == "closed" and self.finish_reason != "finished"
            )
        return self.finish_reason != "finished" or self.list_pages_ok == 0

    def line(self) -> str:
        state = "FAILED" if self.failed else ("ALERT" if self.alerts else "ok")
        text = (
            f"{self.spider}: {state}; {self.requests} requests, {self.pages} responses "
            f"({self.not_modified} not modified), {self.articles_new} new, {self.articles_updated} updated, "
            f"{self.articles_unchanged} unchanged, {self.failures} failures ({self.finish_reason})"
        )
        return text + self.run_note() + "".join(f"\n  health: {alert}" for alert in self.alerts)

    def run_note(self) -> str:
        notes = {
            "closed": "\n  run finished; closed by this worker",
            "finished": "\n  run finished; closed by another worker",
            "continues": f"\n  run continues on {self.other_workers} other worker(s)",
            "unfinished": "\n  run unfinished and no other worker is live: start a worker with the same run id",
            "lost": "\n  Redis lost: this worker stopped; what it stored stays; restart workers to complete the run",
        }
        return notes.get(self.run_state or "", "")


def summary_from_stats(name: str, stats: dict[str, Any], scale_out: bool = False) -> CrawlSummary:
    return CrawlSummary(
        spider=name,
        pages=int(stats.get("downloader/response_count", 0)),
        articles_new=int(stats.get("archive/articles_new", 0)),
        articles_updated=int(stats.get("archive/articles_updated", 0)),
        articles_unchanged=int(stats.get("archive/articles_unchanged", 0)),
        failures=sum(int(v) for k, v in stats.items() if k.startswith("archive/failures_")),
        finish_reason=str(stats.get("finish_reason", "?")),
        requests=int(stats.get("downloader/request_count", 0)),
        not_modified=int(stats.get("downloader/response_status_count/304", 0)),
        list_pages_ok=int(stats.get("archive/list_pages_ok", 0)),
        alerts=list(stats.get("archive/health_alerts", [])),
        run_state=stats.get("archive/redis_run_state", "lost") if scale_out else None,
        other_workers=int(stats.get("archive/redis_other_workers", 0)),
        start_failure=stats.get("archive/start_url_failure"),
    )


def add_log_file(path: Path, level: str = "INFO") -> logging.Handler:
    """Copy the log to `path` as well as stderr (the stderr handler keeps its own level)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.getLogger().addHandler(handler)
    return handler


def run_crawls(
    names: list[str],
    overrides: dict[str, Any] | None = None,
    spider_args: dict[str, Any] | None = None,
    log_file: Path | None = None,
) -> list[CrawlSummary]:
    """Crawl the named spiders together in one reactor; return a summary of each."""
    process = CrawlerProcess(project_settings(overrides))
    handler = add_log_file(log_file) if log_file else None
    crawlers = []
    try:
        for name in names:
            crawler = process.create_crawler(name)
            crawlers.append(crawler)
            process.crawl(crawler, **(spider_args or {}))
        process.start()
    finally:
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()
    return [
        summary_from_stats(
            name,
            crawler.stats.get_stats() if crawler.stats else {},
            scale_out=bool(crawler.settings.get("ARCHIVE_REDIS_URL")),
        )
        for name, crawler in zip(names, crawlers, strict=True)
    ]
