"""Crawl extensions: a progress line on stderr (`ARCHIVE_PROGRESS_ENABLED`) and the run recorder."""

from __future__ import annotations

import logging
import sys
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)


class ProgressLine:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.loop = task.LoopingCall(self.show)
        self.interval = interval

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVE_PROGRESS_ENABLED"):
            raise NotConfigured
        extension = cls(crawler, crawler.settings.getfloat("ARCHIVE_PROGRESS_INTERVAL"))
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def line(self) -> str:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        stored = sum(v for k, v in stats.items() if k.startswith("archive/articles_"))
        failures = sum(v for k, v in stats.items() if k.startswith("archive/failures_"))
        name = self.crawler.spider.name if self.crawler.spider else "?"
        return (
            f"{name}: {stats.get('downloader/response_count', 0)} pages fetched, "
            f"{stored} articles stored, {failures} failures"
        )

    def show(self) -> None:
        sys.stderr.write("\r" + self.line())
        sys.stderr.flush()

    def opened(self) -> None:
        self.loop.start(self.interval)

    def closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.show()
        sys.stderr.write("\n")


class RunRecorder:
    """Close the archive's crawl run with its real finish reason, stats and health (`archive.health`).

    Health alerts (no articles, a sharp drop in field coverage) are logged as errors and left in
    the stats as `archive/health_alerts` for the run summary and the exit code.

    A scale-out worker (`scraper.redis_worker`) closes the run only when it is the one that saw the
    run done first (`archive/redis_run_state` "closed"): with the run's counters, summed over its
    workers (`archive/run_totals`), judged as one run. A worker that leaves the run to others
    ("continues", "finished", "lost") leaves the row as it is; the last of an unfinished run
    ("unfinished": shut down with work left) records the reason, and the run is resumed later.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVE_STORE_ENABLED"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def closed(self, reason: str) -> None:
        from archive.db import resolve_url
        from archive.health import Thresholds, close_run

        stats = self.crawler.stats
        run_id = stats.get_value("archive/run_id") if stats else None
        if stats is None or run_id is None:
            return
        settings = self.crawler.settings
        limits = Thresholds(
            max_drop=settings.getfloat("ARCHIVE_HEALTH_MAX_DROP"),
            min_articles=settings.getint("ARCHIVE_HEALTH_MIN_ARTICLES"),
            history=settings.getint("ARCHIVE_HEALTH_HISTORY"),
        )
        db_url = resolve_url(settings.get("ARCHIVE_DB") or None)
        run_stats, judge = stats.get_stats(), True
        if settings.get("ARCHIVE_REDIS_URL"):
            state = stats.get_value("archive/redis_run_state")
            if state == "closed":
                run_stats = {**stats.get_value("archive/run_totals", {}), "finish_reason": reason}
            elif state == "unfinished":
                reason, judge = reason if reason != "finished" else "unfinished", False
            else:
                return
        alerts = close_run(db_url, int(run_id), reason, run_stats, limits, judge=judge)
        stats.set_value("archive/health_alerts", alerts)
        name = self.crawler.spider.name if self.crawler.spider else "?"
        for alert in alerts:
            logger.error("HEALTH ALERT %s: %s", name, alert)
