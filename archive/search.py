"""Full-text search over the archive (SQLite FTS5 or PostgreSQL tsvector), with field filters.

A query (see `archive.query`) becomes one statement (`archive.searchplan`): a full-text condition
built only from search tokens and passed as a bound parameter, plus SQL conditions for the field
filters. Results are ranked by relevance (FTS5 BM25 / `ts_rank`, title matches weighted far above
body matches) or by date; each comes with a snippet around its first match (`archive.snippets`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session, joinedload, selectinload

from archive import copies, models
from archive.query import parse
from archive.searchplan import Bound, Filters, Plan, plan
from archive.snippets import summary

__all__ = ["Bound", "Filters", "SearchResult", "Sort", "search"]

Sort = Literal["relevance", "date"]
RANK_WINDOW = 1000
"""Relevance ranks at most this many matches: the newest stored (highest ids). Scoring every
match of a word found in half the archive costs time in proportion to the archive (every
position list decoded, every tsvector detoasted); within the window it costs a bounded amount."""
EXACT_LIMIT = 5000
"""Totals are exact up to this many matches. Past it, as search engines do, the total is an
estimate (`total_exact` false): the matches among the newest ids, scaled up by the share of the
archive's ids they span. Counting every match of a common word would read a fifth of a million
articles per query; walking the newest `EXACT_LIMIT + 1` costs the same at any archive size."""


@dataclass(slots=True)
class SearchResult:
    query: str
    total: int
    took_ms: float
    results: list[dict[str, Any]] = field(default_factory=list)
    limit: int = 20
    offset: int = 0
    sort: str = "relevance"
    notes: list[str] = field(default_factory=list)
    """What the query parser left out or read as text (`archive.query.Query.notes`)."""
    total_exact: bool = True
    """False when `total` is an estimate (more than `EXACT_LIMIT` matches)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "took_ms": self.took_ms,
            "total": self.total,
            "results": self.results,
            "limit": self.limit,
            "offset": self.offset,
            "sort": self.sort,
            "notes": list(self.notes),
            "total_exact": self.total_exact,
        }


def search(
    session: Session,
    query: str,
    filters: Filters | None = None,
    limit: int = 20,
    offset: int = 0,
    sort: Sort = "relevance",
    collapse_copies: bool = True,
) -> SearchResult:
    """Run a query; `took_ms` is measured here, around the database work and snippets.

    With `collapse_copies`, reprints of one story are one result (`archive.copies.collapse`)."""
    if sort not in ("relevance", "date"):
        raise ValueError(f"unknown sort {sort!r} (relevance or date)")
    limit = max(0, min(int(limit), 1000))
    offset = max(0, int(offset))
    started = time.perf_counter()
    parsed = parse(query)
    if parsed.unsearchable:
        return SearchResult(query, 0, 0.0, limit=limit, offset=offset, sort=sort, notes=parsed.notes)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # The planner prices `tsvector @@ tsquery` as cheap and picks a sequential scan for
        # common words, detoasting every row's tsvector (~1 s at 100k articles); a GIN bitmap
        # scan answers the same without reading any tsvector. A parallel scan of the primary
        # key that tests every row is the same trap (a channel filter with a word: 350 ms
        # against 17 ms through the GIN index). Both scoped to this transaction.
        session.execute(text("SET LOCAL enable_seqscan = off"))
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    found = plan(dialect, parsed, filters)
    _index_scans(session, dialect, False)
    matches = _newest_matches(session, found)
    _index_scans(session, dialect, True)
    total, exact = _total(session, found, matches)
    fetch_limit, fetch_offset = copies.window(limit, offset) if collapse_copies else (limit, offset)
    _index_scans(session, dialect, _walks(found, exact, sort))
    rows = session.execute(_ordered(found, matches, exact, sort, dialect).limit(fetch_limit).offset(fetch_offset)).all()
    _index_scans(session, dialect, True)
    ids = [row[0] for row in rows]
    also: dict[int, dict[str, Any]] = {}
    if collapse_copies:  # reprints (issue 16): the first copy of each story, the others noted on it
        ids, also = copies.collapse(session, ids, limit, offset)
    scores = {row[0]: _score(row[1], dialect) if len(row) > 1 else None for row in rows}
    articles = {
        a.id: a
        for a in session.scalars(
            select(models.Article)
            .where(models.Article.id.in_(ids))
            .options(
                joinedload(models.Article.site),
                selectinload(models.Article.roles).joinedload(models.ArticleRole.person),
            )
        )
    }
    highlights = [h for term in parsed.positive_terms() for h in term.highlights]
    results = [{**summary(articles[i], highlights), "score": scores[i], **also.get(i, {})} for i in ids]
    took = round((time.perf_counter() - started) * 1000, 2)
    return SearchResult(
        query=query, total=total, took_ms=took, results=results, limit=limit, offset=offset, sort=sort,
        notes=parsed.notes, total_exact=exact,
    )


def _index_scans(session: Session, dialect: str, allowed: bool) -> None:
    """PostgreSQL: allow plain index scans, or not (for the full-text matches). With fresh
    statistics (a common word in a quarter of the rows) the planner walks the primary key
    backwards testing every tsvector for the newest matches, 133 ms against 22 ms through the GIN
    bitmap at 100,000 articles; the date walk and everything else want index scans."""
    if dialect == "postgresql":
        session.execute(text(f"SET LOCAL enable_indexscan = {'on' if allowed else 'off'}"))


def _newest_matches(session: Session, found: Plan) -> list[int]:
    """The `EXACT_LIMIT + 1` highest matching keys, newest first (fewer: these are all)."""
    return list(session.scalars(found.keys.order_by(found.key.desc()).limit(EXACT_LIMIT + 1)))


def _total(session: Session, found: Plan, matches: list[int]) -> tuple[int, bool]:
    """(total, exact): the count when there are at most `EXACT_LIMIT` matches, else the estimate
    that the matches keep the density they have among the newest ids (see `EXACT_LIMIT`)."""
    if len(matches) <= EXACT_LIMIT:
        return len(matches), True
    lowest, highest = session.execute(found.id_span).one()
    spanned = highest - matches[-1] + 1
    return max(len(matches), round(len(matches) * (highest - lowest + 1) / spanned)), False


def _ordered(found: Plan, matches: list[int], exact: bool, sort: Sort, dialect: str) -> Select[Any]:
    """The page's statement: ranked within the newest `RANK_WINDOW` matches, or by date (over
    the full-text matches when they are few, else walking the date index and testing each row)."""
    by_date = (found.date.desc().nulls_last(), found.key.desc())
    if sort == "relevance" and found.rank is not None:
        statement = found.statement
        if len(matches) > RANK_WINDOW:
            statement = statement.where(found.bound >= matches[RANK_WINDOW - 1])
        ranked = found.rank.asc() if dialect == "sqlite" else found.rank.desc()
        return statement.add_columns(found.rank).order_by(ranked, *by_date)
    if _walks(found, exact, sort):
        assert found.date_walk is not None
        return found.date_walk.order_by(*found.walk_order)
    return found.statement.order_by(*by_date)


def _walks(found: Plan, exact: bool, sort: Sort) -> bool:
    """Whether the page is a walk of the date index (date order of a word with many matches)."""
    ranked = sort == "relevance" and found.rank is not None
    return not ranked and not exact and found.date_walk is not None


def _score(value: Any, dialect: str) -> float | None:
    if value is None:
        return None
    return -float(value) if dialect == "sqlite" else float(value)


