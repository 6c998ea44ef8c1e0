"""SQLite: the store adds new articles to the FTS5 index, one statement per batch.

With an AFTER INSERT trigger, every inserted row opens a statement savepoint, and FTS5 writes
its pending terms to disk at each savepoint: one tiny index segment per article, then merging
them all. Measured on 30,000 articles (328 tokens each): 8.8 s through the trigger, 3.0 s when
`INSERT INTO articles_fts ... SELECT` runs once per batch with a 64 MB pending-terms buffer
(`hashsize`, default 1 MB). The update and delete triggers stay: they run per changed row.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

HASHSIZE = 64 * 1024 * 1024
DEFAULT_HASHSIZE = 1024 * 1024


def _hashsize(size: int) -> None:
    op.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', {size})")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS articles_fts_insert")
        _hashsize(HASHSIZE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _hashsize(DEFAULT_HASHSIZE)
        op.execute(
            """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
                INSERT INTO articles_fts(rowid, search_title, search_text)
                VALUES (new.id, new.search_title, new.search_text);
            END"""
        )
