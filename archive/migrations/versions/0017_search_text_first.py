"""SQLite: the FTS5 index holds an article's paragraphs in its first column.

FTS5 writes a position list's column-0 positions as they are, and each other column's after a
0x01 byte and the column's number: with `search_title` first, every token of the paragraphs (the
bulk of an entry) paid two bytes for being in column 1. With `search_text` first the index is
about 30% smaller (2,066 -> 1,454 bytes an article at 10,000 articles). Queries name the columns
(`{search_title search_text}`); only bm25's weights and the docsize order follow the new order.

The entries are computed again from the article rows (the index is contentless: it cannot be read
back), with the code frozen below (as `archive.searchkey` made the forms at this revision, so each
row's `search_digest` still matches). PostgreSQL: nothing changes.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import opencc
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

BATCH = 2000
HASHSIZE = 64 * 1024 * 1024
TABLE = """CREATE VIRTUAL TABLE articles_fts_new USING fts5(
    {columns}, content='', contentless_delete=1, tokenize='ascii')"""
NEW_ORDER = ("search_text", "search_title", "search_meta")
OLD_ORDER = ("search_title", "search_text", "search_meta")
DELETE_TRIGGER = """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
END"""
ARTICLES = sa.table(
    "articles",
    sa.column("id", sa.Integer()),
    sa.column("site_id", sa.Integer()),
    sa.column("pretitle", sa.Text()),
    sa.column("title", sa.Text()),
    sa.column("subtitle", sa.Text()),
    sa.column("body", sa.JSON()),
    sa.column("source_key", sa.Text()),
    sa.column("channel_key", sa.Text()),
)
SITES = sa.table("sites", sa.column("id", sa.Integer()), sa.column("name", sa.Text()))
INDEXED = sa.table("articles_fts_docsize", sa.column("id", sa.Integer()))


# The search forms as `archive.searchkey` makes them at this revision.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3040-\u30ff"
_TOKEN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)", re.UNICODE)
_PAIRS = re.compile(r"(?=(..))", re.DOTALL)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _index_form(text: str) -> str:
    if text and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    ordered: list[str] = []
    singles: list[str] = []
    for cjk, word in _TOKEN.findall(_t2s().convert(text).lower() if text else ""):
        if word:
            ordered.append(word)
        elif len(cjk) == 1:
            singles.append(cjk)
        else:
            ordered += _PAIRS.findall(cjk)
            singles.append(cjk[-1])
    return " ".join(ordered + singles)


def _filter_token(field: str, key: str) -> str:
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8, person=field.encode("ascii")).hexdigest()
    return f"z{field[0]}{digest}"


def _meta_form(site: str, source_key: str | None, channel_key: str) -> str:
    found = [_filter_token("site", site)]
    if source_key:
        found.append(_filter_token("source", source_key))
    found += [_filter_token("channel", name) for name in dict.fromkeys(channel_key.split("\x1f")) if name]
    return " ".join(found)


def _entries(bind: sa.Connection, after: int) -> list[dict[str, object]]:
    """The next `BATCH` indexed articles after id `after`, with their forms."""
    a = ARTICLES.c
    rows = bind.execute(
        sa.select(a.id, SITES.c.name, a.source_key, a.channel_key, a.pretitle, a.title, a.subtitle, a.body)
        .join(SITES, SITES.c.id == a.site_id)
        .join(INDEXED, INDEXED.c.id == a.id)
        .where(a.id > after)
        .order_by(a.id)
        .limit(BATCH)
    ).all()
    return [
        {
            "id": row.id,
            "search_title": _index_form(" ".join(t for t in (row.pretitle, row.title, row.subtitle) if t)),
            "search_text": _index_form("\n".join(row.body or [])),
            "search_meta": _meta_form(row.name, row.source_key, row.channel_key or ""),
        }
        for row in rows
    ]


def _reindex(columns: tuple[str, ...]) -> None:
    """`articles_fts` made again with its columns in this order, entries for the articles it held."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    op.execute(TABLE.format(columns=", ".join(columns)))
    op.execute(f"INSERT INTO articles_fts_new(articles_fts_new, rank) VALUES ('hashsize', {HASHSIZE})")
    add = sa.text(
        f"INSERT INTO articles_fts_new (rowid, {', '.join(columns)}) VALUES (:id, {', '.join(':' + c for c in columns)})"
    )
    last = 0
    while entries := _entries(bind, last):
        bind.execute(add, entries)
        last = int(entries[-1]["id"])  # type: ignore[call-overload]
    op.execute("DROP TRIGGER IF EXISTS articles_fts_delete")
    op.execute("DROP TABLE articles_fts")
    op.execute("ALTER TABLE articles_fts_new RENAME TO articles_fts")
    op.execute(DELETE_TRIGGER)


def upgrade() -> None:
    _reindex(NEW_ORDER)


def downgrade() -> None:
    _reindex(OLD_ORDER)
