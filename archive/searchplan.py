"""What a search runs: a parsed query and field filters as one SQL statement per backend.

The full-text condition is built only from search tokens and passed as a bound parameter (FTS5
MATCH text, tsquery strings); field filters (site, author, editor, source, channel, dates) are
SQL conditions. SQLite reads `articles_fts` joined to `articles`; PostgreSQL reads the narrow
`article_search` table (`archive.searchindex`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, Select, bindparam, func, literal_column, not_, select

from archive import models
from archive.query import FieldTerm, Query, Term, parse_bound
from archive.searchindex import FTS as _FTS
from archive.searchindex import PG_SEARCH as _PG
from archive.searchkey import FILTER_FIELDS, filter_token, fold, is_cjk_char

Bound = str | date | datetime

TITLE_WEIGHT = 10.0
"""BM25 weight of the title column against 1.0 for the body (SQLite)."""
PG_WEIGHTS = "{0, 0, 0.1, 1.0}"
"""`ts_rank` weights for D, C, B (body), A (title) (PostgreSQL)."""
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
        return f"{TEXT_COLUMNS} : ({positive} NOT ({negative}))"
    found = positive or negative
    return f"{TEXT_COLUMNS} : ({found})" if found else None


TEXT_COLUMNS = "{search_title search_text}"
"""What a query's words match: never `search_meta`, the filter tokens' column."""


def with_filter_tokens(expression: str, terms: list[FieldTerm]) -> str:
    """The MATCH text with site, source and channel filters as their index tokens
    (`archive.searchkey.filter_token`): required, or excluded when negated."""
    for term in terms:
        key = term.text if term.field == "site" else fold(term.text)
        phrase = _phrase((filter_token(term.field, key),), False)
        expression = f"({expression}) {'NOT' if term.negated else 'AND'} search_meta : {phrase}"
    return expression


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
only the GIN index (SQLite: the FTS5 match) drives the scan. The planner prices `@@` as cheap and would otherwise read a
whole site, date range or id range through its index, detoasting each row's tsvector: 170 ms
for one site's 16,700 rows at 100k articles against 15 ms through the GIN index's matches.
Without a text query the filters use their indexes."""


SQLITE_TEXT_COLUMNS = Columns(
    models.Article.id,
    func.coalesce(models.Article.site_id, None),
    func.coalesce(models.Article.source_key, None),
    func.coalesce(models.Article.published_utc, None),
    models.Article.channel_key,
)
"""SQLite's `PG_TEXT_COLUMNS`: offered an index on a filter column, SQLite walks that index and
evaluates the FTS5 match once per row (5 s for 12 common words and a source filter at 10k
articles, 13 ms from the match)."""


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
    key: ColumnElement[Any]
    """The article id as the full-text side sees it (FTS5 rowid: ordered and bounded natively)."""
    bound: ColumnElement[Any]
    """`key` as the relevance window bounds it (PostgreSQL: see `PG_TEXT_COLUMNS`)."""
    keys: Select[Any]
    """The matching `key`s, reading as little as possible (for the relevance window)."""
    date: ColumnElement[Any]
    """`published_utc` where the statement reads it (date order)."""
    id_span: Select[Any]
    """(lowest, highest) id of the rows the search reads: what an estimated total scales by."""
    date_walk: Select[Any] | None = None
    """The matches as a walk of the date index that tests each row's full-text match: date order
    for a word with many matches stops after the page instead of sorting every match."""
    walk_order: tuple[ColumnElement[Any], ...] = ()


def plan(dialect: str, query: Query, filters: Filters | None = None) -> Plan:
    """What to run for a query on a backend.

    SQLite: the FTS5 table joined to `articles`. PostgreSQL: `article_search` (id, site, source
    key, date, tsvector: the narrow copy `archive.searchindex` keeps), so that counting
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
        span = select(func.min(_PG.c.id), func.max(_PG.c.id))
        walk = None
        if positive is not None:
            walk = select(_PG.c.id).where(*[field_condition(t, PG_COLUMNS) for t in terms], conditions[-1])
        order = (_PG.c.published_utc.desc().nulls_last(), _PG.c.id.desc())
        return Plan(statement, rank, _PG.c.id, columns.id, statement, _PG.c.published_utc, span, walk, order)
    conditions = [field_condition(t) for t in terms]
    expression = fts5_expression(query.groups, query.excluded)
    if query.groups and expression:
        # Site, source and channel filters are index tokens: one FTS5 query finds the matches.
        expression = with_filter_tokens(expression, [t for t in terms if t.field in FILTER_FIELDS])
        match = _FTS.c.articles_fts.op("MATCH")(bindparam("match", expression))
        rank = func.bm25(_FTS.c.articles_fts, 1.0, TITLE_WEIGHT, 0.0, type_=Float)  # text, title, meta
        # People filters test the FTS rowid, so they are checked before any article row is
        # read; counting and windowing read article rows only for date filters.
        on_rowid = [field_condition(t, key=_FTS.c.rowid) for t in terms if t.field in PEOPLE_FIELDS]
        on_columns = [
            field_condition(t, SQLITE_TEXT_COLUMNS) for t in terms if t.field not in (*PEOPLE_FIELDS, *FILTER_FIELDS)
        ]
        conditions = [field_condition(t) for t in terms if t.field not in FILTER_FIELDS]
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
        tested = (
            select(literal_column("1"))
            .select_from(_FTS)
            .where(_FTS.c.rowid == article_id, _FTS.c.articles_fts.op("MATCH")(bindparam("match", expression)))
            .exists()
        )
        walk = select(article_id).where(tested, *conditions, *_walk_filters(terms))
        return Plan(
            statement, rank, _FTS.c.rowid, _FTS.c.rowid, keys, models.Article.published_utc, _ARTICLE_SPAN,
            walk, _ARTICLE_DATE_ORDER,
        )
    if expression:
        excluded = select(_FTS.c.rowid).where(_FTS.c.articles_fts.op("MATCH")(bindparam("match", expression)))
        conditions.append(article_id.not_in(excluded))
    statement = select(article_id).where(*conditions)
    return Plan(statement, rank, article_id, article_id, statement, models.Article.published_utc, _ARTICLE_SPAN)


def _walk_filters(terms: list[FieldTerm]) -> list[ColumnElement[bool]]:
    """Row conditions for a date walk's site and source filters, as equalities (a site by a
    scalar subquery: `IN` would keep SQLite off the (site, date) index): the walk reads only
    that site's or source's articles, newest first, instead of testing every article's MATCH."""
    found: list[ColumnElement[bool]] = []
    for term in terms:
        if term.negated:
            continue
        if term.field == "source":
            found.append(field_condition(term))
        elif term.field == "site":
            site = select(models.Site.id).where(models.Site.name == term.text).scalar_subquery()
            found.append(models.Article.site_id == site)
    return found


_ARTICLE_SPAN = select(
    select(func.min(models.Article.id)).scalar_subquery(), select(func.max(models.Article.id)).scalar_subquery()
)
"""Two subqueries: SQLite answers `min` or `max` of the primary key alone from the b-tree's ends,
but both in one SELECT by reading every row (7 ms at 100,000 articles, each estimated total)."""
_ARTICLE_DATE_ORDER = (models.Article.published_utc.desc().nulls_last(), models.Article.id.desc())


