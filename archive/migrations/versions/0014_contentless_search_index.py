"""Each text stored once: the search forms are indexed, not stored; a current version does not
copy its article row.

`articles.search_title` / `search_text` held each article's bigram-expanded forms (about twice
the body) as the FTS5 external content. Now:
- SQLite: `articles_fts` is contentless (`content=''`, `contentless_delete=1`: SQLite 3.43+, the
  pysqlite3 driver) with a third column `search_meta` of filter tokens (site, source, channel
  names as `z` + initial + 16 hex digits), filled from the stored forms;
- both backends: `articles.search_digest` (64-bit blake2b of the forms indexed) replaces the forms,
  which are dropped; PostgreSQL's `article_search` keeps its tsvector as it is.
- both backends: a current version's `data` keeps only what its article row does not hold
  (authors, editors, confidence: `archive.store.versions`), where the row holds the same values;
  a version gets its whole data back when a newer one replaces it.
The downgrade recomputes the forms with the code frozen below (as `archive.searchkey` made them)
and makes every version whole again.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache

import opencc
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

BATCH = 2000
HASHSIZE = 64 * 1024 * 1024
CONTENTLESS = """CREATE VIRTUAL TABLE {name} USING fts5(
    search_title, search_text, search_meta, content='', contentless_delete=1, tokenize='ascii')"""
DELETE_TRIGGER = """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
END"""
EXTERNAL = """CREATE VIRTUAL TABLE articles_fts USING fts5(
    search_title, search_text, content='articles', content_rowid='id', tokenize='ascii')"""
EXTERNAL_DELETE_TRIGGER = """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, search_title, search_text)
    VALUES ('delete', old.id, old.search_title, old.search_text);
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
    sa.column("search_title", sa.Text()),
    sa.column("search_text", sa.Text()),
    sa.column("search_digest", sa.BigInteger()),
)
ARTICLES_WHOLE = sa.table(
    "articles",
    sa.column("id", sa.Integer()),
    sa.column("site_id", sa.Integer()),
    sa.column("version", sa.Integer()),
    *(sa.column(name, sa.JSON() if name in ("body", "images", "channel", "repairs") else sa.Text())
      for name in ("url", "canonical_url", "title", "pretitle", "subtitle", "source", "source_url", "published_at",
                   "body", "images", "channel", "encoding", "repairs")),
)
SITES = sa.table("sites", sa.column("id", sa.Integer()), sa.column("name", sa.Text()))
VERSIONS = sa.table(
    "article_versions",
    sa.column("id", sa.Integer()),
    sa.column("article_id", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("data", sa.JSON()),
)
# `archive.store.versions.ROW_FIELDS` at this revision: the fields the article row holds.
ROW_FIELDS = (
    "url", "canonical_url", "site", "title", "pretitle", "subtitle", "source", "source_url", "published_at",
    "body", "images", "channel", "encoding", "repairs",
)  # fmt: skip
ORDER = ("url", "canonical_url", "site", "title", "pretitle", "subtitle", "authors", "editors")


def _current_versions(bind: sa.Connection, after: int) -> list[sa.Row]:
    """Current versions after version id `after`, with their article rows' fields."""
    row_columns = [ARTICLES_WHOLE.c[name] for name in ROW_FIELDS if name != "site"]
    return bind.execute(
        sa.select(VERSIONS.c.id.label("version_id"), VERSIONS.c.data, SITES.c.name.label("site"), *row_columns)
        .join(
            ARTICLES_WHOLE,
            (ARTICLES_WHOLE.c.id == VERSIONS.c.article_id) & (ARTICLES_WHOLE.c.version == VERSIONS.c.version),
        )
        .join(SITES, SITES.c.id == ARTICLES_WHOLE.c.site_id)
        .where(VERSIONS.c.id > after)
        .order_by(VERSIONS.c.id)
        .limit(BATCH)
    ).mappings().all()


def _rewrite_current_versions(bind: sa.Connection, whole: bool) -> None:
    """Current versions compacted (their row fields dropped where the row holds the same values)
    or made whole (the row's fields put back)."""
    statement = VERSIONS.update().where(VERSIONS.c.id == sa.bindparam("row_id")).values(data=sa.bindparam("new"))
    last = 0
    while rows := _current_versions(bind, last):
        changed = []
        for row in rows:
            data = json.loads(row["data"]) if isinstance(row["data"], str) else dict(row["data"])
            if whole and "url" not in data:
                merged = {**{key: row[key] for key in ROW_FIELDS}, **data}
                first = {key: merged.pop(key) for key in ORDER if key in merged}
                changed.append({"row_id": row["version_id"], "new": {**first, **merged}})
            elif not whole and "url" in data and all(data.get(key) == row[key] for key in ROW_FIELDS):
                changed.append({"row_id": row["version_id"], "new": {k: v for k, v in data.items() if k not in ROW_FIELDS}})
        if changed:
            bind.execute(statement, changed)
        last = rows[-1]["version_id"]


# Filter tokens and the digest as `archive.searchkey` made them at this revision.
def _filter_token(field: str, key: str) -> str:
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8, person=field.encode("ascii")).hexdigest()
    return f"z{field[0]}{digest}"


def _meta_form(site: str, source_key: str | None, channel_key: str) -> str:
    found = [_filter_token("site", site)]
    if source_key:
        found.append(_filter_token("source", source_key))
    found += [_filter_token("channel", name) for name in dict.fromkeys(channel_key.split("\x1f")) if name]
    return " ".join(found)


def _digest(title: str, text: str, meta: str) -> int:
    payload = "\x1e".join((title, text, meta)).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(payload, digest_size=8).digest(), "big", signed=True)


# The search forms as `archive.searchkey` made them at this revision (for the downgrade).
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


def _rows(bind: sa.Connection, after: int, *columns: sa.ColumnElement) -> list[sa.Row]:
    return bind.execute(
        sa.select(ARTICLES.c.id, SITES.c.name, ARTICLES.c.source_key, ARTICLES.c.channel_key, *columns)
        .join(SITES, SITES.c.id == ARTICLES.c.site_id)
        .where(ARTICLES.c.id > after)
        .order_by(ARTICLES.c.id)
        .limit(BATCH)
    ).all()


def _index_stored_forms(bind: sa.Connection, sqlite: bool) -> None:
    """Each article's stored forms into the new index (SQLite) and their digest onto its row."""
    add = sa.text(
        "INSERT INTO articles_fts_new (rowid, search_title, search_text, search_meta)"
        " VALUES (:id, :title, :text, :meta)"
    )
    digest = ARTICLES.update().where(ARTICLES.c.id == sa.bindparam("row_id")).values(
        search_digest=sa.bindparam("digest")
    )
    last = 0
    while rows := _rows(bind, last, ARTICLES.c.search_title, ARTICLES.c.search_text):
        entries = [
            {
                "id": row.id,
                "title": row.search_title or "",
                "text": row.search_text or "",
                "meta": _meta_form(row.name, row.source_key, row.channel_key or ""),
            }
            for row in rows
        ]
        if sqlite:
            bind.execute(add, entries)
        bind.execute(
            digest, [{"row_id": e["id"], "digest": _digest(e["title"], e["text"], e["meta"])} for e in entries]
        )
        last = rows[-1].id


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.add_column("articles", sa.Column("search_digest", sa.BigInteger()))
    if sqlite:
        op.execute(CONTENTLESS.format(name="articles_fts_new"))
        op.execute(f"INSERT INTO articles_fts_new(articles_fts_new, rank) VALUES ('hashsize', {HASHSIZE})")
    _index_stored_forms(bind, sqlite)
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS articles_fts_delete")
        op.execute("DROP TABLE articles_fts")
        op.execute("ALTER TABLE articles_fts_new RENAME TO articles_fts")
        op.execute(DELETE_TRIGGER)
    op.execute("ALTER TABLE articles DROP COLUMN search_text")
    op.execute("ALTER TABLE articles DROP COLUMN search_title")
    _rewrite_current_versions(bind, whole=False)


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    _rewrite_current_versions(bind, whole=True)
    op.add_column("articles", sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.add_column("articles", sa.Column("search_title", sa.Text(), nullable=False, server_default=""))
    forms = ARTICLES.update().where(ARTICLES.c.id == sa.bindparam("row_id")).values(
        search_title=sa.bindparam("new_title"), search_text=sa.bindparam("new_text")
    )
    last = 0
    while rows := _rows(bind, last, ARTICLES.c.pretitle, ARTICLES.c.title, ARTICLES.c.subtitle, ARTICLES.c.body):
        bind.execute(
            forms,
            [
                {
                    "row_id": row.id,
                    "new_title": _index_form(" ".join(t for t in (row.pretitle, row.title, row.subtitle) if t)),
                    "new_text": _index_form("\n".join(row.body or [])),
                }
                for row in rows
            ],
        )
        last = rows[-1].id
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS articles_fts_delete")
        op.execute("DROP TABLE articles_fts")
        op.execute(EXTERNAL)
        op.execute(EXTERNAL_DELETE_TRIGGER)
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        op.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', {HASHSIZE})")
    op.execute("ALTER TABLE articles DROP COLUMN search_digest")
