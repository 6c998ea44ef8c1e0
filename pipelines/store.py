"""Write each item to the archive in one transaction: raw snapshot + article version, or failure.

A `NotModified` (a 304 to a conditional check) only records the check. The run itself is
opened here (its id goes into the stats as `archive/run_id`) and closed, with its health, by
`scraper.extensions.RunRecorder`. Field coverage of new articles is counted in the stats
(`archive/coverage/<field>`) for the health checks.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from scrapy.crawler import Crawler

from archive import models
from archive.db import resolve_url, transaction
from archive.health import COVERAGE_FIELDS, has_field
from archive.store import latest_snapshot, mark_checked, record_failure, save_snapshot, store_article
from pipelines.base import SwitchablePipeline
from scraper.items import ArticleItem, PageFailure
from scraper.spiders.base import NotModified

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
        if self.crawler.stats:
            self.crawler.stats.set_value("archive/run_id", self.run_id)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            self._store_article(item)
        elif isinstance(item, PageFailure):
            self._store_failure(item)
        elif isinstance(item, NotModified):
            self._store_check(item)
        return item

    def _warc_location(self, url: str) -> tuple[str, int] | None:
        from scraper.middlewares import WarcCaptureMiddleware

        capture = WarcCaptureMiddleware.of(self.crawler)
        return capture.location(url) if capture else None

    def _store_article(self, item: ArticleItem) -> None:
        page = item.page
        warc = self._warc_location(page.url)
        with transaction(self.db_url) as session:
            latest = latest_snapshot(session, page.url)
            if latest is not None and latest[1] == hashlib.sha256(page.body).hexdigest():
                snapshot_id = latest[0]
            else:
                snapshot_id = save_snapshot(
                    session, page.url, page.status, page.headers, page.body,
                    page.encoding, page.encoding_reason, self.run_id, warc,
                ).id
            stored = store_article(session, item.article, snapshot_id=snapshot_id, unrepaired=item.unrepaired)
        self._count(f"archive/articles_{stored.outcome}")
        if stored.outcome == "new":
            for name in COVERAGE_FIELDS:
                if has_field(item.article, name):
                    self._count(f"archive/coverage/{name}")

    def _store_check(self, item: NotModified) -> None:
        with transaction(self.db_url) as session:
            mark_checked(session, item.url)
        self._count("archive/articles_unchanged")
        self._count("archive/not_modified")

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
