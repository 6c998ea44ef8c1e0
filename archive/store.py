"""Writing to the archive: articles (with versions and people), raw snapshots, failures.

Every function works inside the caller's session/transaction; the caller (a pipeline, the
importer) commits once per item so that a write is all or nothing.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Literal

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from archive import models
from archive.searchkey import fold, index_form
from scraper.article import Article

Outcome = Literal["new", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class Stored:
    article_id: int
    version: int
    outcome: Outcome


def content_hash(article: Article) -> str:
    payload = json.dumps(article.content_fields(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def compress(body: bytes) -> bytes:
    return zlib.compress(body, 6)


def decompress(blob: bytes) -> bytes:
    return zlib.decompress(blob)


def site_row(session: Session, name: str) -> models.Site:
    site = session.scalar(select(models.Site).where(models.Site.name == name))
    if site is None:
        site = models.Site(name=name)
        session.add(site)
        session.flush()
    return site


def person_row(session: Session, name: str) -> models.Person:
    person = session.scalar(select(models.Person).where(models.Person.name == name))
    if person is None:
        person = models.Person(name=name, search_name=fold(name))
        session.add(person)
        session.flush()
    return person


def save_snapshot(
    session: Session,
    url: str,
    status: int,
    headers: dict[str, Any],
    body: bytes,
    encoding: str | None = None,
    encoding_reason: str | None = None,
    crawl_run_id: int | None = None,
    warc: tuple[str, int] | None = None,
) -> models.Snapshot:
    """Store a raw response; its ETag / Last-Modified become the validators of the next check."""
    snapshot = models.Snapshot(
        url=url,
        status=status,
        headers=headers,
        body_zlib=compress(body),
        body_sha256=hashlib.sha256(body).hexdigest(),
        encoding=encoding,
        encoding_reason=encoding_reason,
        crawl_run_id=crawl_run_id,
        etag=header(headers, "ETag"),
        last_modified=header(headers, "Last-Modified"),
        warc_file=warc[0] if warc else None,
        warc_offset=warc[1] if warc else None,
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def header(headers: dict[str, Any], name: str) -> str | None:
    """A header value by case-insensitive name, or None."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return str(value)
    return None


def latest_snapshot(session: Session, url: str) -> tuple[int, str] | None:
    """(id, body SHA-256) of the latest snapshot of `url` (the body itself is not loaded)."""
    row = session.execute(
        select(models.Snapshot.id, models.Snapshot.body_sha256)
        .where(models.Snapshot.url == url)
        .order_by(models.Snapshot.id.desc())
        .limit(1)
    ).first()
    return (row.id, row.body_sha256) if row is not None else None


def mark_checked(session: Session, url: str) -> int | None:
    """Record that an article was checked and found unchanged (a 304); returns its id if known."""
    row = session.scalar(
        select(models.Article).where(or_(models.Article.url == url, models.Article.canonical_url == url)).limit(1)
    )
    if row is None:
        return None
    row.last_checked_at = models.utcnow()
    return row.id


def record_failure(
    session: Session,
    url: str,
    stage: str,
    reason: str,
    *,
    site: str | None = None,
    status: int | None = None,
    headers: dict[str, Any] | None = None,
    body: bytes | None = None,
    crawl_run_id: int | None = None,
) -> models.Failure:
    failure = models.Failure(
        url=url,
        site=site,
        stage=stage,
        reason=reason,
        status=status,
        headers=headers or {},
        body_zlib=compress(body) if body is not None else None,
        crawl_run_id=crawl_run_id,
    )
    session.add(failure)
    session.flush()
    return failure


def _copy_current(row: models.Article, article: Article) -> None:
    data = article.to_dict()
    row.url = article.url
    row.title = article.title
    row.pretitle = article.pretitle
    row.subtitle = article.subtitle
    row.source = article.source
    row.source_url = article.source_url
    row.published_at = data["published_at"]
    row.published_utc = (
        article.published_at.at.astimezone(UTC).replace(tzinfo=None) if article.published_at else None
    )
    row.body = data["body"]
    row.images = data["images"]
    row.channel = data["channel"]
    row.encoding = article.encoding
    row.repairs = data["repairs"]
    heading = " ".join(t for t in (article.pretitle, article.title, article.subtitle) if t)
    row.search_title = index_form(heading)
    row.search_text = index_form("\n".join(article.body))
    row.source_key = fold(article.source) if article.source else None
    row.channel_key = (
        "".join(f"\x1f{fold(name)}" for name in article.channel) + "\x1f" if article.channel else ""
    )


def _person_id(session: Session, name: str) -> int:
    found = session.scalar(select(models.Person.id).where(models.Person.name == name))
    return found if found is not None else person_row(session, name).id


def _set_roles(session: Session, row: models.Article, article: Article, *, new: bool = False) -> None:
    if not new:
        session.execute(delete(models.ArticleRole).where(models.ArticleRole.article_id == row.id))
    roles = [
        {"article_id": row.id, "role": role, "position": position, "person_id": _person_id(session, name)}
        for role, names in (("author", article.authors), ("editor", article.editors))
        for position, name in enumerate(dict.fromkeys(names))
    ]
    if roles:
        session.execute(insert(models.ArticleRole), roles)


def store_article(
    session: Session,
    article: Article,
    *,
    snapshot_id: int | None = None,
    unrepaired: dict[str, Any] | None = None,
) -> Stored:
    """Insert a new article, add a version when its content changed, or note that it did not."""
    canonical = article.canonical_url or article.url
    digest = content_hash(article)
    row = session.scalar(select(models.Article).where(models.Article.canonical_url == canonical))
    if row is not None:
        row.last_checked_at = models.utcnow()
        known = session.scalar(
            select(models.ArticleVersion.version).where(
                models.ArticleVersion.article_id == row.id, models.ArticleVersion.content_hash == digest
            )
        )
        if known is not None:
            return Stored(row.id, row.version, "unchanged")
        row.version += 1
        outcome: Outcome = "updated"
    else:
        row = models.Article(
            site_id=site_row(session, article.site).id, canonical_url=canonical, version=1
        )
        session.add(row)
        outcome = "new"
    row.content_hash = digest
    _copy_current(row, article)
    session.flush()
    session.add(
        models.ArticleVersion(
            article_id=row.id,
            version=row.version,
            content_hash=digest,
            data=article.to_dict(),
            unrepaired=unrepaired,
            snapshot_id=snapshot_id,
        )
    )
    _set_roles(session, row, article, new=outcome == "new")
    session.flush()
    return Stored(row.id, row.version, outcome)
