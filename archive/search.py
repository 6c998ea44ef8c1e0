"""Full-text search over the archive (SQLite FTS5 or PostgreSQL tsvector), with field filters.

A query (see `archive.query`) becomes one full-text condition built only from search tokens and
passed as a bound parameter, plus SQL conditions for the field filters. Results are ranked by
relevance (FTS5 BM25 / `ts_rank`, title matches weighted far above body matches) or by date.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    bindparam,
    column,
    func,
    literal_column,
    not_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session, joinedload, selectinload

from archive import models
from archive.query import FieldTerm, Query, Term, parse, parse_bound
from archive.searchkey import fold, is_cjk_char

Sort = Literal["relevance", "date"]
Bound = str | date | datetime

TITLE_WEIGHT = 10.0
"""BM25 weight of the title column against 1.0 for the body (SQLite)."""
PG_WEIGHTS = "{0, 0, 0.1, 1.0}"
"""`ts_rank` weights for D, C, B (body), A (title) (PostgreSQL)."""
SNIPPET_CHARS = 120
RANK_WINDOW = 1000
"""Relevance ranks at most this many matches: the newest stored (highest ids). Scoring every
match of a word found in half the archive costs time in proportion to the archive (every
position list decoded, every tsvector detoasted); within the window it costs a bounded amount.
`total` still counts every match, and `--sort date` still orders all of them."""

_FTS = models.ARTICLES_FTS
_PG = table(
    "article_search",
    column("id"),
    column("site_id"),
    column("source_key"),
    column("published_utc"),
    column("search_vector"),
)
_SIMPLE = literal_column("'simple'::regconfig")


@dataclass(slots=True)
class Filters:
    site: str | None = None
    author: str | None = None
    editor: str | None = None
    source: str | None = None
    channel: str | None = None
    since: Bound | None = None
    until: Bound | None = None

    def field_terms(self) -> list[FieldTerm]:
        return [
            FieldTerm(name, value)
            for name in ("site", "author", "editor", "source", "channel", "since", "until")
            if (value := getattr(self, name)) not in (None, "")
        ]


@dataclass(slots=True)
class SearchResult:
    query: str
    total: int
    took_ms: float
    results: list[dict[str, Any]] = field(default_factory=list)
    limit: int = 20
    offset: int = 0
    sort: str = "relevance"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "took_ms": self.took_ms,
            "total": self.total,
            "results": self.results,
            "limit": self.limit,
            "offset": self.offset,
            "sort": self.sort,
        }


def _phrase(tokens: tuple[str, ...], prefix: bool) -> str:
    for token in tokens:
        # Tokens are runs of word characters (archive.searchkey); this never fires.
        if '"' in token or not token:
            raise ValueError(f"unsafe search token {token!r}")
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def _quoted(term: Term) -> str:
    phrase = _phrase(term.tokens, term.prefix)
    if not term.lone:
        return phrase
    return "(" + " AND ".join([phrase, *(_phrase((char,), True) for char in term.lone)]) + ")"


def fts5_expression(groups: list[list[Term]], excluded: list[Term]) -> str | None:
    """FTS5 MATCH text from search tokens only, each phrase in double quotes."""
    positive = " AND ".join("(" + " OR ".join(_quoted(t) for t in group) + ")" for group in groups)
    negative = " OR ".join(_quoted(t) for t in excluded)
    if positive and negative:
        return f"{positive} NOT ({negative})"
    return positive or negative or None


def _prefix_tsquery(char: str, index: list[int]) -> ColumnElement[Any]:
    """One CJK character (checked: no tsquery syntax can be in it) as a prefix."""
    if not is_cjk_char(char):
        raise ValueError(f"not one CJK character: {char!r}")
    index[0] += 1
    return func.to_tsquery(_SIMPLE, bindparam(f"tsq_{index[0]}", f"{char}:*", unique=True))


def _tsquery(terms: list[Term], index: list[int], combine: str) -> ColumnElement[Any]:
    expression: ColumnElement[Any] | None = None
    for term in terms:
        if term.prefix and is_cjk_char(term.tokens[0]):
            phrase = _prefix_tsquery(term.tokens[0], index)
        else:
            index[0] += 1
            phrase = func.phraseto_tsquery(
                _SIMPLE, bindparam(f"tsq_{index[0]}", " ".join(term.tokens), unique=True)
            )
        for char in term.lone:
            phrase = phrase.op("&&")(_prefix_tsquery(char, index))
        expression = phrase if expression is None else expression.op(combine)(phrase)
    assert expression is not None
    return expression


def _pg_query(query: Query) -> tuple[ColumnElement[Any] | None, ColumnElement[Any] | None]:
    """(positive tsquery, excluded tsquery) as SQL expressions with bound token strings."""
    index = [0]
    positive: ColumnElement[Any] | None = None
    for group in query.groups:
        alternatives = _tsquery(group, index, "||")
        positive = alternatives if positive is None else positive.op("&&")(alternatives)
    negative = _tsquery(query.excluded, index, "||") if query.excluded else None
    return positive, negative


PEOPLE_FIELDS = ("author", "editor")


def _people(role: str, name: str, key: ColumnElement[Any]) -> ColumnElement[bool]:
    people = (
        select(models.ArticleRole.article_id)
        .join(models.Person, models.Person.id == models.ArticleRole.person_id)
        .where(models.Person.search_name == fold(name), models.ArticleRole.role == role)
    )
    return key.in_(people)


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a backend's search reads the filtered columns (`channel` may need the article)."""

    id: ColumnElement[Any]
    site_id: ColumnElement[Any]
    source_key: ColumnElement[Any]
    published_utc: ColumnElement[Any]
    channel_key: ColumnElement[Any] | None


ARTICLE_COLUMNS = Columns(
    models.Article.id,
    models.Article.site_id,
    models.Article.source_key,
    models.Article.published_utc,
    models.Article.channel_key,
)
PG_COLUMNS = Columns(_PG.c.id, _PG.c.site_id, _PG.c.source_key, _PG.c.published_utc, None)
PG_TEXT_COLUMNS = Columns(
    func.coalesce(_PG.c.id),
    func.coalesce(_PG.c.site_id),
    func.coalesce(_PG.c.source_key),
    func.coalesce(_PG.c.published_utc),
    None,
)
"""With a text query the filters test `coalesce(column)`, which no btree index matches, so that
only the GIN index drives the scan. The planner prices `@@` as cheap and would otherwise read a
whole site, date range or id range through its index, detoasting each row's tsvector: 170 ms
for one site's 16,700 rows at 100k articles against 15 ms through the GIN index's matches.
Without a text query the filters use their indexes."""


def field_condition(
    term: FieldTerm, columns: Columns = ARTICLE_COLUMNS, key: ColumnElement[Any] | None = None
) -> ColumnElement[bool]:
    """The SQL condition of a filter over `columns`; author/editor test `key` (default: id)."""
    condition: ColumnElement[bool]
    if term.field == "since":
        return columns.published_utc >= parse_bound(term.value, end=False)
    if term.field == "until":
        return columns.published_utc < parse_bound(term.value, end=True)
    if term.field == "site":
        condition = columns.site_id.in_(select(models.Site.id).where(models.Site.name == term.text))
    elif term.field in PEOPLE_FIELDS:
        condition = _people(term.field, term.text, columns.id if key is None else key)
    elif term.field == "source":
        condition = columns.source_key == fold(term.text)
    elif term.field == "channel":
        pattern = f"\x1f{fold(term.text)}\x1f"
        if columns.channel_key is not None:
            condition = columns.channel_key.contains(pattern, autoescape=True)
        else:
            channel = models.Article.channel_key.contains(pattern, autoescape=True)
            condition = columns.id.in_(select(models.Article.id).where(channel))
    else:
        raise ValueError(f"unknown filter {term.field!r}")
    return not_(condition) if term.negated else condition


@dataclass(slots=True)
class Plan:
    """The article-id statement of a search: conditions, and the rank expression when ranked."""

    statement: Select[Any]
    rank: ColumnElement[Any] | None
    count: Select[Any]
    key: ColumnElement[Any]
    """The article id as the full-text side sees it (FTS5 rowid: ordered and bounded natively)."""
    bound: ColumnElement[Any]
    """`key` as the relevance window bounds it (PostgreSQL: see `PG_TEXT_COLUMNS`)."""
    keys: Select[Any]
    """The matching `key`s, reading as little as possible (for the relevance window)."""
    date: ColumnElement[Any]
    """`published_utc` where the statement reads it (date order)."""


def plan(dialect: str, query: Query, filters: Filters | None = None) -> Plan:
    """What to run for a query on a backend.

    SQLite: the FTS5 table joined to `articles`. PostgreSQL: `article_search` (id, site, source
    key, date, tsvector: the narrow copy a trigger keeps, see migration 0005), so that counting
    a common word's matches reads small rows only.
    """
    terms = (filters or Filters()).field_terms() + query.fields
    article_id = models.Article.id
    rank: ColumnElement[Any] | None = None
    if dialect != "sqlite":
        vector = _PG.c.search_vector
        positive, negative = _pg_query(query)
        columns = PG_COLUMNS if positive is None else PG_TEXT_COLUMNS
        conditions = [field_condition(t, columns) for t in terms]
        if positive is not None and negative is not None:
            positive = positive.op("&&")(func.tsquery_not(negative))
        if positive is not None:
            conditions.append(vector.op("@@")(positive))
            rank = func.ts_rank(literal_column(f"'{PG_WEIGHTS}'::float4[]"), vector, positive, type_=Float)
        elif negative is not None:
            conditions.append(not_(vector.op("@@")(negative)))
        statement = select(_PG.c.id).where(*conditions)
        count = select(func.count()).select_from(_PG).where(*conditions)
        return Plan(statement, rank, count, _PG.c.id, columns.id, statement, _PG.c.published_utc)
    conditions = [field_condition(t) for t in terms]
    expression = fts5_expression(query.groups, query.excluded)
    if query.groups and expression:
        match = _FTS.c.articles_fts.op("MATCH")(bindparam("match", expression))
        rank = func.bm25(_FTS.c.articles_fts, TITLE_WEIGHT, 1.0, type_=Float)
        # People filters test the FTS rowid, so they are checked before any article row is
        # read; counting and windowing read article rows only for column filters.
        on_rowid = [field_condition(t, key=_FTS.c.rowid) for t in terms if t.field in PEOPLE_FIELDS]
        on_columns = [field_condition(t) for t in terms if t.field not in PEOPLE_FIELDS]
        statement = (
            select(article_id)
            .select_from(_FTS)
            .join(models.Article, article_id == _FTS.c.rowid)
            .where(match, *on_rowid, *on_columns)
        )
        keys = select(_FTS.c.rowid).select_from(_FTS)
        if on_columns:
            keys = keys.join(models.Article, article_id == _FTS.c.rowid)
        keys = keys.where(match, *on_rowid, *on_columns)
        count = select(func.count()).select_from(keys.subquery())
        return Plan(statement, rank, count, _FTS.c.rowid, _FTS.c.rowid, keys, models.Article.published_utc)
    if expression:
        excluded = select(_FTS.c.rowid).where(_FTS.c.articles_fts.op("MATCH")(bindparam("match", expression)))
        conditions.append(article_id.not_in(excluded))
    statement = select(article_id).where(*conditions)
    count = select(func.count()).select_from(models.Article).where(*conditions)
    return Plan(statement, rank, count, article_id, article_id, statement, models.Article.published_utc)


def search(
    session: Session,
    query: str,
    filters: Filters | None = None,
    limit: int = 20,
    offset: int = 0,
    sort: Sort = "relevance",
) -> SearchResult:
    """Run a query; `took_ms` is measured here, around the database work and snippets."""
    if sort not in ("relevance", "date"):
        raise ValueError(f"unknown sort {sort!r} (relevance or date)")
    limit = max(0, min(int(limit), 1000))
    offset = max(0, int(offset))
    started = time.perf_counter()
    parsed = parse(query)
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
    by_date = (found.date.desc().nulls_last(), found.key.desc())
    statement = found.statement
    total = session.scalar(found.count) or 0
    if sort == "relevance" and found.rank is not None:
        if total > RANK_WINDOW:
            # Rank the newest RANK_WINDOW matches only (see RANK_WINDOW): find the window's
            # lowest id by walking the matches in id order, then bound the ranked query by it.
            boundary = session.scalar(found.keys.order_by(found.key.desc()).offset(RANK_WINDOW - 1).limit(1))
            statement = statement.where(found.bound >= boundary)
        ranked = found.rank.asc() if dialect == "sqlite" else found.rank.desc()
        statement = statement.add_columns(found.rank).order_by(ranked, *by_date)
    else:
        statement = statement.order_by(*by_date)
    rows = session.execute(statement.limit(limit).offset(offset)).all()
    ids = [row[0] for row in rows]
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
    results = [{**summary(articles[i], highlights), "score": scores[i]} for i in ids]
    took = round((time.perf_counter() - started) * 1000, 2)
    return SearchResult(
        query=query, total=total, took_ms=took, results=results, limit=limit, offset=offset, sort=sort
    )


def _score(value: Any, dialect: str) -> float | None:
    if value is None:
        return None
    return -float(value) if dialect == "sqlite" else float(value)


def summary(row: models.Article, highlights: list[str] | None = None) -> dict[str, Any]:
    snippet, spans = make_snippet(row.body or [], highlights or [])
    return {
        "id": row.id,
        "url": row.url,
        "canonical_url": row.canonical_url,
        "site": row.site.name,
        "title": row.title,
        "published_at": row.published_at,
        "authors": [r.person.name for r in row.roles if r.role == "author"],
        "editors": [r.person.name for r in row.roles if r.role == "editor"],
        "source": row.source,
        "channel": list(row.channel or []),
        "version": row.version,
        "snippet": snippet,
        "highlights": spans,
    }


def _aligned_fold(text: str) -> str:
    """`fold(text)` when it keeps every character in place, else a per-character fold."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join((fold(ch) or ch)[0] for ch in text)


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping [start, end) spans of the folded needles in `text`, folded alike."""
    folded = _aligned_fold(text)
    spans: list[tuple[int, int]] = []
    for needle in sorted(set(needles), key=len, reverse=True):
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            if all(end <= s or start >= e for s, e in spans):
                spans.append((start, end))
            start = folded.find(needle, end)
    return sorted(spans)


def make_snippet(
    body: list[str], needles: list[str], width: int = SNIPPET_CHARS
) -> tuple[str, list[list[int]]]:
    """A window of the body around the first match, and the match spans within it."""
    text = " ".join(p for p in body if p)
    if not text:
        return "", []
    spans = find_spans(text, needles) if needles else []
    start = 0
    if spans:
        start = max(0, spans[0][0] - width // 4)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    window = prefix + text[start:end] + suffix
    shift = len(prefix) - start
    inside = [[s + shift, min(e, end) + shift] for s, e in spans if s >= start and s < end]
    return window, inside
