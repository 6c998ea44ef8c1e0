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

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from archive import models
from archive.db import transaction
from archive.store import Incoming, RawPage, decompress, store_article
from core.page import Extracted, Failed, page_to_article
from core.sites.registry import Registry
from core.sites.registry_builtin import BUILTIN

REPARSED_STAGES = ("parse", "validate")
"""Failure stages whose stored bytes a parser fix can turn into an article."""


@dataclass(slots=True)
class Reparse:
    """What a reparse run did: counts by outcome, and each page still rejected, with why."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("new", "updated", "unchanged", "failed", "no snapshot", "recovered", "still failing"), 0
        )
    )
    failing: list[dict[str, str]] = field(default_factory=list)
    registry: Registry = BUILTIN

    def to_dict(self) -> dict[str, Any]:
        return {**self.counts, "failing": list(self.failing)}

    def extract(self, url: str, status: int, headers: dict[str, Any], body: bytes, site: str) -> Extracted | None:
        """The article a raw page holds, exactly as a crawl extracts it; None (and the reason
        noted) when it is still rejected."""
        found = page_to_article(url, body, status=status, headers=headers, site=site, registry=self.registry)
        if isinstance(found, Failed):
            self.failing.append({"url": url, "stage": found.stage, "reason": found.reason})
            return None
        return found


def _require_site(session: Session, site: str) -> None:
    """`LookupError` naming the archive's sites when `site` is none of them."""
    known = set(session.scalars(select(models.Site.name)))
    known |= set(session.scalars(select(models.Failure.site).where(models.Failure.site.is_not(None)).distinct()))
    if site not in known:
        raise LookupError(f"no site {site!r} in the archive (its sites: {', '.join(sorted(known)) or 'none'})")


def reparse(db_url: str | None, site: str | None = None, registry: Registry = BUILTIN) -> Reparse:
    """Parse every stored page of the archive (or of one site) again; see the module notes."""
    report = Reparse(registry=registry)
    if site:
        with transaction(db_url) as session:
            _require_site(session, site)
    reparse_snapshots(db_url, site, report)
    reparse_failures(db_url, site, report)
    return report


def reparse_snapshots(db_url: str | None, site: str | None, report: Reparse) -> None:
    counts = report.counts
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
            found = report.extract(
                snapshot.url, snapshot.status, snapshot.headers, decompress(snapshot.body_zlib), site_name
            )
            if found is None:
                counts["failed"] += 1
                continue
            stored = store_article(
                session, Incoming(found.article, snapshot_id=snapshot.id, unrepaired=found.unrepaired)
            )
            counts[stored.outcome] += 1


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


def reparse_failures(db_url: str | None, site: str | None, report: Reparse) -> None:
    """Parse again the recorded failures whose page is still not archived; see the module notes."""
    counts = report.counts
    with transaction(db_url) as session:
        ids = _unresolved_failures(session, site)
    for failure_id in ids:
        with transaction(db_url) as session:
            failure = session.get_one(models.Failure, failure_id)
            body = decompress(failure.body_zlib or b"")
            status = failure.status or 200
            found = report.extract(failure.url, status, failure.headers, body, failure.site or "generic")
            if found is None:
                counts["still failing"] += 1
                continue
            page = RawPage(failure.url, status, failure.headers, body, found.encoding, found.encoding_reason)
            recovered = Incoming(found.article, page, unrepaired=found.unrepaired)
            store_article(session, recovered, crawl_run_id=failure.crawl_run_id)
            counts["recovered"] += 1
