"""Write each item to the archive, all or nothing: raw snapshot + article version, or failure.

Items are written in batches, every `ARCHIVE_STORE_BATCH_ITEMS` items or `ARCHIVE_STORE_BATCH_SECONDS`
seconds (whichever comes first, checked after each item and on a timer) and when the spider
closes: one transaction, opened and committed within one call (never held while the crawl goes on:
crawlers of one process share the reactor thread, and SQLite has one writer). The articles of a
batch are written together, with a few bulk statements, in a savepoint; should that fail, each is
written in a savepoint of its own, so that an item that fails rolls back alone (and is logged)
while the others are stored. Failures and not-modified checks get a savepoint each. A killed crawl
loses at most the unwritten batch: its articles are missing from the archive, and the next run (the
archive is the resume frontier) fetches them again. Should the commit itself fail, the batch's
items are written again one transaction each.

A `NotModified` (a 304 to a conditional check) only records the check. The run itself is
opened here (its id goes into the stats as `archive/run_id`) and closed, with its health, by
`scraper.extensions.RunRecorder`. Field coverage of new articles is counted in the stats
(`archive/coverage/<field>`) for the health checks.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from twisted.internet import task

from archive.db import resolve_url, session_factory, transaction
from archive.health import COVERAGE_FIELDS, has_field
from archive.runs import open_run
from archive.store import (
    Incoming,
    KnownIds,
    RawPage,
    Stored,
    mark_checked,
    record_failure,
    store_article,
    store_articles,
)
from pipelines.base import SwitchablePipeline
from scraper.items import ArticleItem, NotModified, PageFailure
from scraper.signals import items_stored

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Write:
    """One item's writes (`run` in a session; it returns the stats keys to count once they stand)."""

    url: str
    run: Callable[[Session, KnownIds | None], list[str]]
    article: tuple[Incoming, ArticleItem] | None = None
    """An article's page and item: written together with the batch's other articles."""
    counted: bool = field(default=False)


class StorePipeline(SwitchablePipeline):
    switch = "STORE"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.db_url = resolve_url(crawler.settings.get("ARCHIVE_DB") or None)
        self.run_id: int | None = None
        self.batch_items = max(1, crawler.settings.getint("ARCHIVE_STORE_BATCH_ITEMS"))
        self.batch_seconds = crawler.settings.getfloat("ARCHIVE_STORE_BATCH_SECONDS")
        self.ids = KnownIds()
        self._pending: list[Write] = []
        self._batch_started = 0.0
        self._timer: task.LoopingCall | None = None

    def open_spider(self) -> None:
        spider = self.crawler.spider
        since = getattr(spider, "since", None)
        redis_run = self.crawler.settings.get("ARCHIVE_REDIS_RUN") or "default"
        opened = open_run(
            self.db_url, spider.name if spider else "?", since if isinstance(since, date) else None,
            redis_run=redis_run if self.crawler.settings.get("ARCHIVE_REDIS_URL") else None,
        )
        self.run_id = opened.id
        if self.crawler.stats:
            self.crawler.stats.set_value("archive/run_id", self.run_id)
            if opened.joined:
                self.crawler.stats.set_value("archive/run_joined", opened.previous_status)
        if self.batch_seconds > 0:
            self._timer = task.LoopingCall(self._commit_if_due)
            self._timer.start(self.batch_seconds, now=False)
        # What is alive now (modules, the ORM's mappings, Scrapy's machinery) lives as long as the
        # process: frozen, the cyclic collector stops traversing it again and again during the
        # crawl (some 6% of the CPU time per page in bench/crawl_bench.py). Garbage first.
        gc.collect()
        gc.freeze()

    def close_spider(self) -> None:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        self.commit()

    def process_item(self, item: Any) -> Any:
        if not self._pending:
            self._batch_started = time.monotonic()
        if isinstance(item, ArticleItem):
            self._pending.append(self._article_writes(item))
        elif isinstance(item, PageFailure):
            self._pending.append(self._failure_writes(item))
        elif isinstance(item, NotModified):
            self._pending.append(self._check_writes(item))
        if self._due():
            self.commit()
        return item

    # Batching

    def _due(self) -> bool:
        return len(self._pending) >= self.batch_items or (
            bool(self._pending) and time.monotonic() - self._batch_started >= self.batch_seconds
        )

    def _commit_if_due(self) -> None:
        if self._due() or not self._pending:
            self.commit()

    def commit(self) -> None:
        """Write the pending items in one transaction, then signal `items_stored` (whatever the
        pipeline was given is now in the archive: scale-out workers acknowledge their leases)."""
        self._write_pending()
        self.crawler.signals.send_catch_log(signal=items_stored)

    def _write_pending(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        session = session_factory(self.db_url)()
        try:
            session.begin()
            connection = session.connection()
            if connection.dialect.name == "sqlite":
                # pysqlite opens no transaction before a savepoint, whose release would then commit;
                # IMMEDIATE takes the write lock first (a transaction that has read may not take it
                # once another process has written).
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            articles: list[Write] = []
            for write in [*pending, None]:
                if write is not None and write.article is not None:
                    articles.append(write)
                    continue
                if articles:
                    self._write_articles(session, articles)
                    articles = []
                if write is not None:
                    self._write(session, write)
            session.commit()
        except Exception:
            logger.exception("writing a batch of %d items failed; writing them one transaction each", len(pending))
            session.close()
            self._recover(pending)
        finally:
            session.close()

    def _write_articles(self, session: Session, articles: list[Write]) -> None:
        """Write articles together in a savepoint, or else each in a savepoint of its own."""
        try:
            with session.begin_nested():
                stored = store_articles(
                    session,
                    [write.article[0] for write in articles if write.article],
                    crawl_run_id=self.run_id,
                    ids=self.ids,
                )
        except Exception:
            self.ids.drop()
            self._check_usable(session)
            logger.warning("writing %d articles together failed; writing them one by one", len(articles))
            for write in articles:
                self._write(session, write)
            return
        self.ids.keep()
        for write, outcome in zip(articles, stored, strict=True):
            if write.article:
                self._counted(write, self._article_counts(write.article[1], outcome))

    def _write(self, session: Session, write: Write) -> None:
        """Run one item's writes in a savepoint; an error rolls back that item only (and is logged)."""
        try:
            counted = self._run_once_more_after_a_race(session, write)
        except Exception as exc:
            self.ids.drop()
            self._check_usable(session)
            logger.exception("could not store %s", write.url)
            self._store_failure(session, write, exc)
            return
        self.ids.keep()
        self._counted(write, counted)

    def _run_once_more_after_a_race(self, session: Session, write: Write) -> Any:
        """An item's writes in a savepoint. Another worker of a scale-out run that stored the same
        article meanwhile (its lease expired and was fetched again) makes this insert break a
        unique key or deadlock; run again, the writes find that worker's committed rows."""
        try:
            with session.begin_nested():
                return write.run(session, self.ids)
        except (IntegrityError, OperationalError) as race:
            self.ids.drop()
            self._check_usable(session)
            logger.warning("storing %s met another writer (%s); trying again", write.url, type(race.orig).__name__)
        with session.begin_nested():
            return write.run(session, self.ids)

    def _store_failure(self, session: Session, write: Write, error: Exception) -> None:
        """An item that could not be stored is kept as a `store` failure with its reason and raw bytes."""
        page = write.article[1].page if write.article else None
        site = write.article[1].article.site if write.article else None
        try:
            with session.begin_nested():
                record_failure(
                    session, write.url, "store", f"{type(error).__name__}: {error}", site=site,
                    status=page.status if page else None, headers=page.headers if page else None,
                    body=page.body if page else None, crawl_run_id=self.run_id,
                )
        except Exception:
            logger.exception("could not record the store failure of %s", write.url)
            return
        self._counted(write, ["archive/failures_store"])

    def _counted(self, write: Write, keys: list[str]) -> None:
        if not write.counted:
            write.counted = True
            for key in keys:
                self._count(key)

    @staticmethod
    def _check_usable(session: Session) -> None:
        """Raise when an error took the batch's transaction down with the savepoint."""
        transaction_ = session.get_transaction()
        if transaction_ is None or not transaction_.is_active:
            raise RuntimeError("the batch's transaction was lost")

    def _recover(self, pending: list[Write]) -> None:
        """The batch's transaction is lost: write its items again, one transaction each."""
        self.ids.clear()
        for write in pending:
            try:
                with transaction(self.db_url) as session:
                    counted = write.run(session, None)
            except Exception as exc:
                logger.exception("could not store %s", write.url)
                with transaction(self.db_url) as session:
                    self._store_failure(session, write, exc)
                continue
            self._counted(write, counted)

    # What each item writes

    def _warc_location(self, url: str) -> tuple[str, int] | None:
        from scraper.middlewares import WarcCaptureMiddleware

        capture = WarcCaptureMiddleware.of(self.crawler)
        return capture.location(url) if capture else None

    def _article_writes(self, item: ArticleItem) -> Write:
        page = item.page
        raw = RawPage(
            page.url, page.status, page.headers, page.body, page.encoding, page.encoding_reason,
            self._warc_location(page.url), hashlib.sha256(page.body).hexdigest(),
        )
        fetched = Incoming(item.article, raw, unrepaired=item.unrepaired, images=item.images)

        def run(session: Session, ids: KnownIds | None) -> list[str]:
            return self._article_counts(item, store_article(session, fetched, crawl_run_id=self.run_id, ids=ids))

        return Write(page.url, run, (fetched, item))

    @staticmethod
    def _article_counts(item: ArticleItem, stored: Stored) -> list[str]:
        counted = [f"archive/articles_{stored.outcome}"]
        if stored.outcome == "new":
            counted += [f"archive/coverage/{name}" for name in COVERAGE_FIELDS if has_field(item.article, name)]
        return counted

    def _check_writes(self, item: NotModified) -> Write:
        def run(session: Session, _ids: KnownIds | None) -> list[str]:
            mark_checked(session, item.url)
            return ["archive/articles_unchanged", "archive/not_modified"]

        return Write(item.url, run)

    def _failure_writes(self, item: PageFailure) -> Write:
        page = item.page
        run_id = self.run_id

        def run(session: Session, _ids: KnownIds | None) -> list[str]:
            record_failure(
                session, item.url, item.stage, item.reason, site=item.site,
                status=page.status if page else None, headers=page.headers if page else None,
                body=page.body if page else None, crawl_run_id=run_id,
            )
            return [f"archive/failures_{item.stage}"]

        logger.warning("stored failure (%s) for %s: %s", item.stage, item.url, item.reason)
        return Write(item.url, run)

    def _count(self, key: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(key)
