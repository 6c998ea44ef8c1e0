"""What the item pipelines share: the `ARCHIVE_<X>_ENABLED` switch."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class SwitchablePipeline:
    """A pipeline turned off by `ARCHIVE_<SWITCH>_ENABLED = False`."""

    switch: str = ""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool(f"ARCHIVE_{cls.switch}_ENABLED"):
            raise NotConfigured(f"ARCHIVE_{cls.switch}_ENABLED is off")
        return cls(crawler)
