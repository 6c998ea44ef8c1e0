"""Search: folded source and channel keys for filters; FTS5 tokenizes the stored form as is.

The search columns hold tokens made by `archive.searchkey` (CJK pairs and single characters,
Latin words) joined by spaces. SQLite's `ascii` tokenizer splits exactly there, whatever the
Unicode version of its tables (unicode61 knows CJK only up to Unicode 6.1), so the index sees
the tokens Python made. Existing rows get their keys computed and the FTS index is rebuilt.

The keys are computed by `fold` as it was at this revision (copied below: NFKC, OpenCC t2s,
lower case), so that replaying the migration gives the same data whatever the live code does.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FTS_TRIGGERS = [
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, search_title, search_text)
        VALUES (new.id, new.search_title, new.search_text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
    END""",
    """CREATE TRIGGER articles_fts_update
        AFTER UPDATE OF search_title, search_text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
        INSERT INTO articles_fts(rowid, search_title, search_text)
        VALUES (new.id, new.search_title, new.search_text);
    END""",
]
BATCH = 2000


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """NFKC, simplified script, lower case (`archive.searchkey.fold` at this revision)."""
    if not text:
        return ""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).lower()


def _fts(tokenizer: str) -> None:
    for name in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS articles_fts")
    op.execute(
        f"""CREATE VIRTUAL TABLE articles_fts USING fts5(
            search_title, search_text, content='articles', content_rowid='id', tokenize='{tokenizer}')"""
    )
    for statement in FTS_TRIGGERS:
        op.execute(statement)
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def _backfill() -> None:
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer()),
        sa.column("source", sa.Text()),
        sa.column("channel", sa.JSON()),
        sa.column("source_key", sa.Text()),
        sa.column("channel_key", sa.Text()),
    )
    bind = op.get_bind()
    update = (
        articles.update()
        .where(articles.c.id == sa.bindparam("row_id"))
        .values(source_key=sa.bindparam("new_source_key"), channel_key=sa.bindparam("new_channel_key"))
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(articles.c.id, articles.c.source, articles.c.channel)
            .where(articles.c.id > last)
            .order_by(articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        params = [
            {
                "row_id": row_id,
                "new_source_key": fold(source) if source else None,
                "new_channel_key": "".join(f"\x1f{fold(n)}" for n in channel) + "\x1f" if channel else "",
            }
            for row_id, source, channel in rows
        ]
        bind.execute(update, params)
        last = rows[-1][0]


def upgrade() -> None:
    op.add_column("articles", sa.Column("source_key", sa.Text()))
    op.add_column("articles", sa.Column("channel_key", sa.Text(), nullable=False, server_default=""))
    op.create_index("ix_articles_source_key", "articles", ["source_key"])
    _backfill()
    if op.get_bind().dialect.name == "sqlite":
        _fts("ascii")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _fts("unicode61 remove_diacritics 0")
    op.drop_index("ix_articles_source_key", "articles")
    op.execute("ALTER TABLE articles DROP COLUMN channel_key")
    op.execute("ALTER TABLE articles DROP COLUMN source_key")
