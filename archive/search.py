"""Full-text search over the archive (SQLite FTS5 or PostgreSQL tsvector), with field filters."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, literal_column, select, text
from sqlalchemy.orm import Session

from archive import models
from archive.searchkey import query_phrase


@dataclass(slots=True)
class Filters:
    site: str | None = None
    author: str | None = None
    editor: str | None = None
    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(slots=True)
class SearchResult:
    query: str
    total: int
    took_ms: float
    results: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "took_ms": self.took_ms, "total": self.total, "results": self.results}


def _phrases(query: str) -> list[list[str]]:
    return [p for p in (query_phrase(term) for term in query.split()) if p]


def _match_expression(phrases: list[list[str]]) -> str:
    """FTS5 MATCH text built only from search tokens (word characters), each quoted."""
    return " AND ".join('"' + " ".join(p) + '"' for p in phrases)


def _tsquery_text(phrases: list[list[str]]) -> str:
    return " & ".join("(" + " <-> ".join(p) + ")" for p in phrases)


def search(session: Session, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
    started = time.perf_counter()
    filters = filters or Filters()
    stmt: Select[Any] = select(models.Article.id)
    phrases = _phrases(query)
    dialect = session.get_bind().dialect.name
    if phrases:
        if dialect == "sqlite":
            stmt = stmt.where(
                models.Article.id.in_(
                    select(literal_column("rowid")).select_from(text("articles_fts")).where(
                        text("articles_fts MATCH :match").bindparams(match=_match_expression(phrases))
                    )
                )
            )
        else:
            stmt = stmt.where(
                text("articles.search_vector @@ to_tsquery('simple', :tsq)").bindparams(
                    tsq=_tsquery_text(phrases)
                )
            )
    if filters.site:
        stmt = stmt.join(models.Site).where(models.Site.name == filters.site)
    if filters.source:
        stmt = stmt.where(models.Article.source == filters.source)
    if filters.since:
        stmt = stmt.where(models.Article.published_utc >= filters.since)
    if filters.until:
        stmt = stmt.where(models.Article.published_utc < filters.until)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    ids = session.scalars(
        stmt.order_by(models.Article.published_utc.desc(), models.Article.id.desc()).limit(limit).offset(offset)
    ).all()
    rows = {a.id: a for a in session.scalars(select(models.Article).where(models.Article.id.in_(ids)))}
    results = [summary(rows[i]) for i in ids]
    took = round((time.perf_counter() - started) * 1000, 2)
    return SearchResult(query=query, total=total, took_ms=took, results=results)


def summary(row: models.Article) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": row.url,
        "site": row.site.name,
        "title": row.title,
        "published_at": row.published_at,
        "authors": [r.person.name for r in row.roles if r.role == "author"],
        "source": row.source,
    }
