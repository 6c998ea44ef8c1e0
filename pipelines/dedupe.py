"""Drop true duplicates within a run: the same canonical URL with the same content."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from archive.store import content_hash
from pipelines.base import SwitchablePipeline
from scraper.items import ArticleItem


class DedupePipeline(SwitchablePipeline):
    switch = "DEDUPE"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.seen: set[tuple[str, str]] = set()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        key = (item.article.canonical_url or item.article.url, content_hash(item.article))
        if key in self.seen:
            raise DropItem(f"duplicate of an article already stored in this run: {key[0]}")
        self.seen.add(key)
        return item
