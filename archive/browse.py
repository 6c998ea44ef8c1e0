"""Read-only views of what the archive keeps besides articles: raw pages, crawl runs, failures."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from archive import models


@dataclass(frozen=True, slots=True)
class RawPage:
    """Bytes as fetched (an article's snapshot or a failure's body), with what is known of them."""

    url: str
    body: bytes
    encoding: str | None
    status: int | None


def article_raw(session: Session, article_id: int, version: int | None = None) -> RawPage | None:
    """The response an article version was extracted from (default: the current version)."""
    statement = (
        select(models.Snapshot)
        .join(models.ArticleVersion, models.ArticleVersion.snapshot_id == models.Snapshot.id)
        .where(models.ArticleVersion.article_id == article_id)
        .order_by(models.ArticleVersion.version.desc())
        .limit(1)
    )
    if version is not None:
        statement = statement.where(models.ArticleVersion.version == version)
    snapshot = session.scalar(statement)
    if snapshot is None:
        return None
    return RawPage(snapshot.url, zlib.decompress(snapshot.body_zlib), snapshot.encoding, snapshot.status)


def failure_raw(session: Session, failure_id: int) -> RawPage | None:
    failure = session.get(models.Failure, failure_id)
    if failure is None or failure.body_zlib is None:
        return None
    return RawPage(failure.url, zlib.decompress(failure.body_zlib), None, failure.status)


def failures(session: Session, limit: int, offset: int = 0) -> dict[str, Any]:
    """The newest failures: id, url, site, stage, reason, status, time, whether bytes are kept."""
    total = session.scalar(select(func.count()).select_from(models.Failure)) or 0
    rows = session.execute(
        select(
            models.Failure.id,
            models.Failure.url,
            models.Failure.site,
            models.Failure.stage,
            models.Failure.reason,
            models.Failure.status,
            models.Failure.created_at,
            models.Failure.body_zlib.is_not(None),
        )
        .order_by(models.Failure.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    items = [
        {
            "id": id_, "url": url, "site": site, "stage": stage, "reason": reason, "status": status,
            "created_at": created.isoformat(), "has_body": bool(has_body),
        }
        for id_, url, site, stage, reason, status, created, has_body in rows
    ]
    return {"total": total, "limit": limit, "offset": offset, "failures": items}


def runs(session: Session, limit: int) -> list[dict[str, Any]]:
    """The last crawl runs, newest first, with their health record (counts, coverage, alerts)."""
    found = session.scalars(select(models.CrawlRun).order_by(models.CrawlRun.id.desc()).limit(limit))
    return [
        {
            "id": run.id,
            "spider": run.spider,
            "status": run.status,
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "health": run.health,
        }
        for run in found
    ]


def site_months(session: Session) -> list[dict[str, Any]]:
    """Articles per site per month (`undated` for articles without a date)."""
    month: ColumnElement[Any] = func.substr(models.Article.published_at, 1, 7)
    n = func.count(models.Article.id)
    rows = session.execute(
        select(models.Site.name, month, n)
        .join(models.Article, models.Article.site_id == models.Site.id)
        .group_by(models.Site.name, month)
        .order_by(models.Site.name, month)
    ).all()
    return [{"site": site, "month": m or "undated", "articles": c} for site, m, c in rows]


def article_urls(session: Session, article_id: int) -> list[str]:
    """Every URL an article's responses may be stored under (its URL, canonical URL)."""
    row = session.get(models.Article, article_id)
    return sorted({row.url, row.canonical_url}) if row is not None else []
