"""The article rows, their versions and their people's roles, written a batch at a time.

An article row is one canonical URL and carries a copy of its current version (`Prepared.values`);
each distinct content is an `article_versions` row; roles link the current version's authors and
editors to `people`. The caller keeps the search index in step (`archive.searchindex`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session

from archive import models
from archive.bulk import insert_rows
from archive.store.ids import KnownIds, person_ids, site_ids
from archive.store.prepared import Prepared, role_names
from core.article import Article

_ARTICLES = models.Article.__table__
_VERSIONS = models.ArticleVersion.__table__
_ROLES = models.ArticleRole.__table__
_UPDATE_ROWS = update(_ARTICLES).where(_ARTICLES.c.id == bindparam("row_id"))
"""Executed with one dict per row: `row_id` and the columns to set."""


@dataclass(slots=True)
class StoredArticle:
    id: int
    version: int
    hashes: set[str]
    """The content hashes of all its versions."""


def find_stored(connection: Connection, canonicals: Sequence[str]) -> dict[str, StoredArticle]:
    """The stored articles among these canonical URLs, with their versions' content hashes."""
    query = (
        select(_ARTICLES.c.canonical_url, _ARTICLES.c.id, _ARTICLES.c.version, _VERSIONS.c.content_hash)
        .join(_VERSIONS, _VERSIONS.c.article_id == _ARTICLES.c.id)
        .where(_ARTICLES.c.canonical_url.in_(set(canonicals)))
    )
    found: dict[str, StoredArticle] = {}
    for canonical, article_id, version, digest in connection.execute(query):
        stored = found.get(canonical)
        if stored is None:
            found[canonical] = StoredArticle(article_id, version, {digest})
        else:
            stored.hashes.add(digest)
    return found


def insert_articles(connection: Connection, items: Sequence[Prepared], ids: KnownIds | None) -> list[int]:
    """Rows for articles new to the archive (canonical URLs distinct, none stored) as version 1;
    their ids, in order."""
    sites = site_ids(connection, (item.article.site for item in items), ids)
    now = models.utcnow()
    rows = [
        {
            "site_id": sites[item.article.site],
            "canonical_url": item.canonical,
            "version": 1,
            "content_hash": item.digest,
            "first_seen_at": now,
            "last_checked_at": now,
            **item.values(),
        }
        for item in items
    ]
    # One executemany, then the ids by canonical URL (unique).
    insert_rows(connection, _ARTICLES, rows)
    canonicals = [item.canonical for item in items]
    query = select(_ARTICLES.c.canonical_url, _ARTICLES.c.id).where(_ARTICLES.c.canonical_url.in_(canonicals))
    by_canonical: dict[str, int] = {
        canonical: article_id for canonical, article_id in connection.execute(query)
    }
    return [by_canonical[canonical] for canonical in canonicals]


def update_rows(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Set columns of article rows: each dict holds `row_id` and the same column names."""
    if rows:
        connection.execute(_UPDATE_ROWS, list(rows))


def note_checked(connection: Connection, article_ids: Sequence[int]) -> None:
    """Articles found unchanged: their check time is now."""
    if article_ids:
        connection.execute(
            update(_ARTICLES).where(_ARTICLES.c.id.in_(article_ids)).values(last_checked_at=models.utcnow())
        )


def insert_versions(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Version rows: article_id, version, content_hash, data, unrepaired, snapshot_id."""
    if rows:
        now = models.utcnow()
        insert_rows(connection, _VERSIONS, [{**row, "created_at": now} for row in rows])


def set_roles(
    connection: Connection, articles: Sequence[tuple[int, Article]], ids: KnownIds | None, *, replace: bool
) -> None:
    """The roles of each (article id, its current version): authors then editors, in order;
    with `replace`, the roles of the versions they replace go first."""
    if replace and articles:
        connection.execute(delete(_ROLES).where(_ROLES.c.article_id.in_([i for i, _ in articles])))
    names = [(article_id, role_names(article)) for article_id, article in articles]
    people = person_ids(connection, [name for _, roles in names for _, _, name in roles], ids)
    rows = [
        {"article_id": article_id, "role": role, "position": position, "person_id": people[name]}
        for article_id, roles in names
        for role, position, name in roles
    ]
    insert_rows(connection, _ROLES, rows)


def mark_checked(session: Session, url: str) -> int | None:
    """Record that an article was checked and found unchanged (a 304); returns its id if known."""
    row = session.scalar(
        select(models.Article)
        .where(or_(models.Article.url == url, models.Article.canonical_url == url))
        .limit(1)
    )
    if row is None:
        return None
    row.last_checked_at = models.utcnow()
    return row.id
