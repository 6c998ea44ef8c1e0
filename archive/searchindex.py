"""The full-text index, on both backends: the one module that writes, checks and rebuilds it.

What is indexed is each article row's search forms (`search_title`, `search_text`: tokens made by
`archive.searchkey`, joined by spaces). SQLite: `articles_fts`, an FTS5 table with `articles` as
its external content (it holds the index, not the text; its `ascii` tokenizer splits the forms
back into exactly those tokens). PostgreSQL: `article_search` (id, site, source key, date and a
`simple` tsvector of the forms, title weighted A, body B), a narrow table of its own so that
counting a common word's matches reads small rows (migration 0005).

How the index follows the articles (no trigger adds or changes entries, migration 0009):
- new articles: `add` once their rows are written, one statement for a batch (an insert trigger
  flushed FTS5 once per row, migration 0006);
- changed articles: `remove` before their rows change (FTS5 deletes an entry given the values it
  indexed), `add` after;
- deleted articles: the database drops their entries itself (SQLite: trigger `articles_fts_delete`;
  PostgreSQL: `ON DELETE CASCADE`), so a row deleted by hand leaves nothing behind;
- `problems` compares the index with the articles, `rebuild` makes it again from them.
The store (`archive.store`) is the only writer of articles, and so the only caller of `add` and
`remove`; the migrations carry their own frozen copies of what they ran.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    case,
    column,
    func,
    insert,
    literal,
    select,
    table,
    text,
)
from sqlalchemy.exc import DatabaseError

from archive import models
from archive.problems import Problem, of_ids, of_query

FTS = models.ARTICLES_FTS
PG_SEARCH = table(
    "article_search",
    column("id"),
    column("site_id"),
    column("source_key"),
    column("published_utc"),
    column("search_vector"),
)
_ARTICLES = models.Article.__table__
_IDS = bindparam("ids", expanding=True)
_INDEXED = (_ARTICLES.c.id, _ARTICLES.c.search_title, _ARTICLES.c.search_text)

_FTS_ADD = insert(FTS).from_select(
    ["rowid", "search_title", "search_text"], select(*_INDEXED).where(_ARTICLES.c.id.in_(_IDS))
)
_FTS_REMOVE = insert(FTS).from_select(
    ["articles_fts", "rowid", "search_title", "search_text"],
    select(literal("delete"), *_INDEXED).where(_ARTICLES.c.id.in_(_IDS)),
)
_FTS_REBUILD = text("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
_FTS_INTEGRITY = text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
_FTS_DOCSIZE = table("articles_fts_docsize", column("id"), column("sz"))
"""FTS5's own table of the indexed rows: one per entry, `sz` the token count of each column."""

PG_VECTOR = "setweight(to_tsvector('simple', a.search_title), 'A') || setweight(to_tsvector('simple', a.search_text), 'B')"
_PG_ROWS = f"SELECT a.id, a.site_id, a.source_key, a.published_utc, {PG_VECTOR} FROM articles a"
_PG_INSERT = "INSERT INTO article_search (id, site_id, source_key, published_utc, search_vector) "
_PG_ADD = text(_PG_INSERT + _PG_ROWS + " WHERE a.id = ANY(:ids)")
_PG_REMOVE = text("DELETE FROM article_search WHERE id = ANY(:ids)")
_PG_STALE = text(
    "SELECT a.id FROM articles a JOIN article_search s ON s.id = a.id"
    " WHERE s.site_id <> a.site_id OR s.source_key IS DISTINCT FROM a.source_key"
    f" OR s.published_utc IS DISTINCT FROM a.published_utc OR s.search_vector <> {PG_VECTOR} ORDER BY a.id"
)

MISSING = "articles not in the search index"
STRAY = "search index entries of no article (ids of the entries)"
STALE = "articles whose search index entry is not their search forms"


def _sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def add(connection: Connection, article_ids: Sequence[int]) -> None:
    """Index articles whose rows were just written (new, or changed after `remove`)."""
    if not article_ids:
        return
    if _sqlite(connection):
        connection.execute(_FTS_ADD, {"ids": list(article_ids)})
    else:
        connection.execute(_PG_ADD, {"ids": list(article_ids)})


def remove(connection: Connection, article_ids: Sequence[int]) -> None:
    """Take articles out of the index, before their rows change (their entries must be current)."""
    if not article_ids:
        return
    if _sqlite(connection):
        connection.execute(_FTS_REMOVE, {"ids": list(article_ids)})
    else:
        connection.execute(_PG_REMOVE, {"ids": list(article_ids)})


def rebuild(connection: Connection) -> None:
    """Make the whole index again from the article rows."""
    if _sqlite(connection):
        connection.execute(_FTS_REBUILD)
        return
    connection.execute(text("DELETE FROM article_search"))
    connection.execute(text(_PG_INSERT + _PG_ROWS))
    connection.execute(text("ANALYZE article_search"))


def entries(connection: Connection) -> int:
    """How many articles the index holds."""
    indexed = _FTS_DOCSIZE if _sqlite(connection) else PG_SEARCH
    return connection.scalar(select(func.count()).select_from(indexed)) or 0


def problems(connection: Connection) -> list[Problem]:
    """Where the index and the articles' search forms differ (empty: the index is exact)."""
    if _sqlite(connection):
        return _fts_problems(connection)
    found = [
        of_query(connection, MISSING, _without(_ARTICLES.c.id, PG_SEARCH.c.id)),
        of_query(connection, STRAY, _without(PG_SEARCH.c.id, _ARTICLES.c.id)),
        of_query(connection, STALE, _PG_STALE),
    ]
    return [problem for problem in found if problem is not None]


def _without(ids: ColumnElement[int], others: ColumnElement[int]) -> Select[tuple[int]]:
    """The ids of one table that another table lacks, in order."""
    return select(ids).where(~select(others).where(others == ids).exists()).order_by(ids)


def _fts_problems(connection: Connection) -> list[Problem]:
    """FTS5: entries missing, stray or of other token counts than the forms (from its docsize
    table); if none, FTS5's own integrity-check of the index against the forms."""
    found = [
        of_query(connection, MISSING, _without(_ARTICLES.c.id, _FTS_DOCSIZE.c.id)),
        of_query(connection, STRAY, _without(_FTS_DOCSIZE.c.id, _ARTICLES.c.id)),
        of_ids(STALE, _counts_differ(connection)),
    ]
    listed = [problem for problem in found if problem is not None]
    if listed:
        return listed
    try:
        connection.execute(_FTS_INTEGRITY)
    except DatabaseError as error:
        reason = str(error.orig or error).splitlines()[0]
        return [Problem(f"{STALE} (FTS5 integrity-check: {reason})")]
    return []


def _token_count(form: ColumnElement[str]) -> ColumnElement[int]:
    """SQL: the tokens in a search form (one space between tokens)."""
    return case((form == "", 0), else_=func.length(form) - func.length(func.replace(form, " ", "")) + 1)


def _counts_differ(connection: Connection) -> list[int]:
    """Articles whose FTS5 entry has other token counts than their search forms."""
    title, body = _token_count(_ARTICLES.c.search_title), _token_count(_ARTICLES.c.search_text)
    query = (
        select(_ARTICLES.c.id, title, body, _FTS_DOCSIZE.c.sz)
        .join(_FTS_DOCSIZE, _FTS_DOCSIZE.c.id == _ARTICLES.c.id)
        .order_by(_ARTICLES.c.id)
    )
    return [row_id for row_id, *counts, sizes in connection.execute(query) if _varints(sizes)[:2] != counts]


def _varints(blob: bytes) -> list[int]:
    """The integers of an SQLite varint sequence (FTS5 docsize: tokens per column)."""
    values: list[int] = []
    position = 0
    while position < len(blob):
        value = 0
        for length in range(9):
            byte = blob[position]
            position += 1
            if length == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        values.append(value)
    return values
