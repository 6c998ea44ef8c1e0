"""A one-line progress display on stderr for long crawls (`ARCHIVE_PROGRESS_ENABLED`)."""

from __future__ import annotations

import sys
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class ProgressLine:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.loop = task.LoopingCall(self.show)
        self.interval = interval

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVE_PROGRESS_ENABLED"):
            raise NotConfigured
        extension = cls(crawler, crawler.settings.getfloat("ARCHIVE_PROGRESS_INTERVAL", 0.5))
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
