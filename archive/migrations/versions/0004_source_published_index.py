"""Source filter index also orders by date: (source_key, published_utc).

A `--source X --since D` query, or one sorted by date, then reads only the index entries it
returns instead of every article of that source.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_source_published", "articles", ["source_key", "published_utc"])
    op.drop_index("ix_articles_source_key", "articles")


def downgrade() -> None:
    op.create_index("ix_articles_source_key", "articles", ["source_key"])
    op.drop_index("ix_articles_source_published", "articles")
