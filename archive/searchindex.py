"""The full-text index, on both backends: the one module that writes, checks and rebuilds it.

What is indexed is each article's search forms (`archive.searchkey.SearchForms`: tokens of its
headings, of its paragraphs, and its filter tokens), computed from the article when it is stored;
the forms themselves are not kept, only the index and, on the article row, a 64-bit digest of
what was indexed (`search_digest`, what tells a stale entry). SQLite: `articles_fts`, a
contentless FTS5 table (`contentless_delete`: an entry is deleted by rowid; its `ascii` tokenizer
splits the forms back into exactly their tokens). PostgreSQL: `article_search` (id, site, source
key, date and a `simple` tsvector of the forms, title weighted A, body B), a narrow table of its
own so that counting a common word's matches reads small rows (migration 0005).

How the index follows the articles (no trigger adds or changes entries, migration 0009):
- new articles: `add` once their rows are written, with their forms, one statement per batch;
- changed articles: `remove` before their rows change, `add` after;
- deleted articles: the database drops their entries itself (SQLite: trigger `articles_fts_delete`;
  PostgreSQL: `ON DELETE CASCADE`), so a row deleted by hand leaves nothing behind;
- `problems` compares the index with the articles, `rebuild` makes it again from them.
The store (`archive.store`) is the only writer of articles, and so the only caller of `add` and
`remove`; the migrations carry their own frozen copies of what they ran.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    column,
    func,
    select,
    table,
    text,
    update,
)
from sqlalchemy.exc import DatabaseError

from archive import models
from archive.problems import Problem, of_ids, of_query
from archive.searchkey import SearchForms, search_forms

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
_SITES = models.Site.__table__
_IDS = bindparam("ids", expanding=True)
CHUNK = 2000

_FTS_ADD = "INSERT INTO articles_fts (rowid, search_title, search_text, search_meta) VALUES (?, ?, ?, ?)"
"""Run by the driver's executemany (`exec_driver_sql`): no per-row parameter dicts."""
_FTS_REMOVE = FTS.delete().where(FTS.c.rowid.in_(_IDS))
_FTS_CLEAR = text("DELETE FROM articles_fts")
_FTS_INTEGRITY = text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
_FTS_DOCSIZE = table("articles_fts_docsize", column("id"), column("sz"))
"""FTS5's own table of the indexed rows: one per entry, `sz` the token count of each column."""


def pg_vector(title: str, body: str) -> str:
    """SQL of the tsvector of two search forms (title weighted A, body B)."""
    return f"setweight(to_tsvector('simple', {title}), 'A') || setweight(to_tsvector('simple', {body}), 'B')"


_FORMS = "unnest(CAST(:ids AS bigint[]), CAST(:titles AS text[]), CAST(:texts AS text[])) AS f(id, title, body)"
"""A batch's forms as rows, bound as three arrays (one statement for the batch)."""
_PG_ADD = text(
    "INSERT INTO article_search (id, site_id, source_key, published_utc, search_vector)"
    f" SELECT a.id, a.site_id, a.source_key, a.published_utc, {pg_vector('f.title', 'f.body')}"
    f" FROM {_FORMS} JOIN articles a ON a.id = f.id"
)
_PG_REMOVE = text("DELETE FROM article_search WHERE id = ANY(:ids)")
_PG_MOVED = text(
    "SELECT a.id FROM articles a JOIN article_search s ON s.id = a.id"
    " WHERE s.site_id <> a.site_id OR s.source_key IS DISTINCT FROM a.source_key"
    " OR s.published_utc IS DISTINCT FROM a.published_utc ORDER BY a.id"
)
_PG_VECTORS_DIFFER = text(
    f"SELECT s.id FROM article_search s JOIN {_FORMS}"
    f" ON f.id = s.id WHERE s.search_vector <> {pg_vector('f.title', 'f.body')}"
)

MISSING = "articles not in the search index"
STRAY = "search index entries of no article (ids of the entries)"
STALE = "articles whose search index entry is not their search forms"


def _sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def add(connection: Connection, entries: Sequence[tuple[int, SearchForms]]) -> None:
    """Index articles whose rows were just written (new, or changed after `remove`)."""
    if not entries:
        return
    if _sqlite(connection):
        rows = [(article_id, forms.title, forms.text, forms.meta) for article_id, forms in entries]
        connection.exec_driver_sql(_FTS_ADD, rows)
    else:
        connection.execute(_PG_ADD, _arrays(entries))


def _arrays(entries: Sequence[tuple[int, SearchForms]]) -> dict[str, list[object]]:
    """The `_FORMS` parameters of a batch."""
    return {
        "ids": [article_id for article_id, _ in entries],
        "titles": [forms.title for _, forms in entries],
        "texts": [forms.text for _, forms in entries],
    }


def remove(connection: Connection, article_ids: Sequence[int]) -> None:
    """Take articles out of the index, before their rows change."""
    if not article_ids:
        return
    if _sqlite(connection):
        connection.execute(_FTS_REMOVE, {"ids": list(article_ids)})
    else:
        connection.execute(_PG_REMOVE, {"ids": list(article_ids)})


def stored_forms(connection: Connection, after: int = 0, limit: int = CHUNK) -> list[tuple[int, SearchForms, int | None]]:
    """(id, search forms, stored search digest) of the articles after id `after`, in id order."""
    a = _ARTICLES.c
    rows = connection.execute(
        select(a.id, a.pretitle, a.title, a.subtitle, a.body, _SITES.c.name, a.source_key, a.channel_key, a.search_digest)
        .join(_SITES, _SITES.c.id == a.site_id)
        .where(a.id > after)
        .order_by(a.id)
        .limit(limit)
    )
    return [
        (row.id, search_forms(row.pretitle, row.title, row.subtitle, row.body or [], row.name, row.source_key, row.channel_key or ""), row.search_digest)
        for row in rows
    ]


def _chunks(connection: Connection) -> Iterator[list[tuple[int, SearchForms, int | None]]]:
    last = 0
    while chunk := stored_forms(connection, last):
        yield chunk
        last = chunk[-1][0]


def rebuild(connection: Connection) -> None:
    """Make the whole index again from the article rows (and their search digests)."""
    connection.execute(_FTS_CLEAR if _sqlite(connection) else text("DELETE FROM article_search"))
    set_digest = update(_ARTICLES).where(_ARTICLES.c.id == bindparam("row_id")).values(search_digest=bindparam("digest"))
    for chunk in _chunks(connection):
        add(connection, [(article_id, forms) for article_id, forms, _ in chunk])
        stale = [{"row_id": i, "digest": forms.digest()} for i, forms, digest in chunk if digest != forms.digest()]
        if stale:
            connection.execute(set_digest, stale)
    if not _sqlite(connection):
        connection.execute(text("ANALYZE article_search"))


def entries(connection: Connection) -> int:
    """How many articles the index holds."""
    indexed = _FTS_DOCSIZE if _sqlite(connection) else PG_SEARCH
    return connection.scalar(select(func.count()).select_from(indexed)) or 0


def problems(connection: Connection) -> list[Problem]:
    """Where the index and the articles' search forms differ (empty: the index is exact)."""
    index_ids = _FTS_DOCSIZE.c.id if _sqlite(connection) else PG_SEARCH.c.id
    found = [
        of_query(connection, MISSING, _without(_ARTICLES.c.id, index_ids)),
        of_query(connection, STRAY, _without(index_ids, _ARTICLES.c.id)),
        of_ids(STALE, _stale(connection)),
    ]
    listed = [problem for problem in found if problem is not None]
    if listed or not _sqlite(connection):
        return listed
    try:
        connection.execute(_FTS_INTEGRITY)
    except DatabaseError as error:
        reason = str(error.orig or error).splitlines()[0]
        return [Problem(f"{STALE} (FTS5 integrity-check: {reason})")]
    return []


def _without(ids: ColumnElement[int], others: ColumnElement[int]) -> Select[tuple[int]]:
    """The ids of one table that another table lacks, in order."""
    return select(ids).where(~select(others).where(others == ids).exists()).order_by(ids)


def _stale(connection: Connection) -> list[int]:
    """Articles whose row changed since it was indexed (digest), or whose entry holds other
    tokens than their forms: other token counts (FTS5 docsize) or another tsvector."""
    stale: set[int] = set()
    if not _sqlite(connection):
        stale.update(connection.scalars(_PG_MOVED))
    for chunk in _chunks(connection):
        stale.update(article_id for article_id, forms, digest in chunk if digest != forms.digest())
        if _sqlite(connection):
            stale.update(_counts_differ(connection, chunk))
        else:
            arrays = _arrays([(article_id, forms) for article_id, forms, _ in chunk])
            stale.update(connection.scalars(_PG_VECTORS_DIFFER, arrays))
    return sorted(stale)


def _token_count(form: str) -> int:
    return len(form.split()) if form else 0


def _counts_differ(connection: Connection, chunk: list[tuple[int, SearchForms, int | None]]) -> list[int]:
    """Articles of a chunk whose FTS5 entry has other token counts than their forms."""
    sizes = dict(
        connection.execute(
            select(_FTS_DOCSIZE.c.id, _FTS_DOCSIZE.c.sz).where(_FTS_DOCSIZE.c.id.in_([i for i, _, _ in chunk]))
        ).all()
    )
    return [
        article_id
        for article_id, forms, _ in chunk
        if article_id in sizes
        and _varints(sizes[article_id]) != [_token_count(forms.text), _token_count(forms.title), _token_count(forms.meta)]
    ]


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
