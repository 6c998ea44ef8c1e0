"""Re-run extraction over stored raw pages (after a parser fix): changed output adds a version.

For every article, the latest successful snapshot of its page is decoded and parsed again and
goes through the same repair and validation as a crawl; the store then adds a version when the
content differs, and nothing when it does not.

Pages that failed to parse or validate were recorded with their raw bytes (`failures`). Those
whose URL is still not in the archive are parsed again too: a page the fixed parser accepts is
stored as a crawl would have stored it (its bytes as a snapshot, then the article) and counted
as `recovered`; one it still rejects is counted as `still failing`. The failure records stay,
as the history of what happened.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from archive import models
from archive.db import transaction
from archive.store import Incoming, RawPage, decompress, store_article
from core.page import Extracted, page_to_article

REPARSED_STAGES = ("parse", "validate")
"""Failure stages whose stored bytes a parser fix can turn into an article."""


def _reextract(url: str, status: int, headers: dict[str, Any], body: bytes, site: str) -> Extracted | None:
    """The article a raw page holds, exactly as a crawl extracts it; None if it is still rejected."""
    found = page_to_article(url, body, status=status, headers=headers, site=site)
    return found if isinstance(found, Extracted) else None


def reparse_snapshots(db_url: str | None, site: str | None = None) -> dict[str, int]:
    counts = {"new": 0, "updated": 0, "unchanged": 0, "failed": 0, "no snapshot": 0}
    with transaction(db_url) as session:
        query = select(models.Article.id, models.Article.url, models.Article.canonical_url, models.Site.name).join(
            models.Site
        )
        if site:
            query = query.where(models.Site.name == site)
        articles = session.execute(query.order_by(models.Article.id)).all()
    for _, url, canonical, site_name in articles:
        with transaction(db_url) as session:
            snapshot = session.scalar(
                select(models.Snapshot)
                .where(or_(models.Snapshot.url == url, models.Snapshot.url == canonical), models.Snapshot.status == 200)
                .order_by(models.Snapshot.id.desc())
                .limit(1)
            )
            if snapshot is None:
                counts["no snapshot"] += 1
                continue
            found = _reextract(
                snapshot.url, snapshot.status, snapshot.headers, decompress(snapshot.body_zlib), site_name
            )
            if found is None:
                counts["failed"] += 1
                continue
            stored = store_article(
                session, Incoming(found.article, snapshot_id=snapshot.id, unrepaired=found.unrepaired)
            )
            counts[stored.outcome] += 1
    counts.update(reparse_failures(db_url, site))
    return counts


def _unresolved_failures(session: Session, site: str | None) -> list[int]:
    """Ids of the latest parse/validate failure of each URL that has raw bytes and no article."""
    failures = models.Failure
    stored = select(models.Article.id).where(
        or_(models.Article.url == failures.url, models.Article.canonical_url == failures.url)
    )
    query = (
        select(func.max(failures.id))
        .where(failures.stage.in_(REPARSED_STAGES), failures.body_zlib.is_not(None), ~stored.exists())
        .group_by(failures.url)
    )
    if site:
        query = query.where(failures.site == site)
    return sorted(session.scalars(query))


def reparse_failures(db_url: str | None, site: str | None = None) -> dict[str, int]:
    """Parse again the recorded failures whose page is still not archived; see the module notes."""
    counts = {"recovered": 0, "still failing": 0}
    with transaction(db_url) as session:
        ids = _unresolved_failures(session, site)
    for failure_id in ids:
        with transaction(db_url) as session:
            failure = session.get_one(models.Failure, failure_id)
            body = decompress(failure.body_zlib or b"")
            status = failure.status or 200
            found = _reextract(failure.url, status, failure.headers, body, failure.site or "generic")
            if found is None:
                counts["still failing"] += 1
                continue
            page = RawPage(failure.url, status, failure.headers, body, found.encoding, found.encoding_reason)
            recovered = Incoming(found.article, page, unrepaired=found.unrepaired)
            store_article(session, recovered, crawl_run_id=failure.crawl_run_id)
            counts["recovered"] += 1
    return counts
