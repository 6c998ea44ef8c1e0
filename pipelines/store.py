"""Write each item to the archive in one transaction: raw snapshot + article version, or failure."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from archive import models
from archive.db import resolve_url, transaction
from archive.store import record_failure, save_snapshot, store_article
from pipelines.base import SwitchablePipeline
from scraper.items import ArticleItem, PageFailure

logger = logging.getLogger(__name__)


class StorePipeline(SwitchablePipeline):
    switch = "STORE"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.db_url = resolve_url(crawler.settings.get("ARCHIVE_DB") or None)
        self.run_id: int | None = None

    def open_spider(self) -> None:
        with transaction(self.db_url) as session:
            run = models.CrawlRun(spider=self.crawler.spider.name if self.crawler.spider else "?")
            session.add(run)
            session.flush()
            self.run_id = run.id

    def close_spider(self) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        with transaction(self.db_url) as session:
            run = session.get(models.CrawlRun, self.run_id)
            if run is not None:
                run.finished_at = models.utcnow()
                run.status = str(stats.get("finish_reason", "finished"))
                run.stats = {k: v for k, v in stats.items() if isinstance(v, int | float | str)}

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            self._store_article(item)
        elif isinstance(item, PageFailure):
            self._store_failure(item)
        return item

    def _store_article(self, item: ArticleItem) -> None:
        page = item.page
        with transaction(self.db_url) as session:
            snapshot = save_snapshot(
                session, page.url, page.status, page.headers, page.body,
                page.encoding, page.encoding_reason, self.run_id,
            )
            stored = store_article(session, item.article, snapshot_id=snapshot.id, unrepaired=item.unrepaired)
        self._count(f"archive/articles_{stored.outcome}")

    def _store_failure(self, item: PageFailure) -> None:
        page = item.page
        with transaction(self.db_url) as session:
            record_failure(
                session, item.url, item.stage, item.reason, site=item.site,
                status=page.status if page else None, headers=page.headers if page else None,
                body=page.body if page else None, crawl_run_id=self.run_id,
            )
        logger.warning("stored failure (%s) for %s: %s", item.stage, item.url, item.reason)
        self._count(f"archive/failures_{item.stage}")

    def _count(self, key: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(key)
