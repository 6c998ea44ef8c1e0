"""Reprint links between articles (issue 16): clusters of copies of one story, and the LSH index.

- `reprint_bands`: the persistent MinHash LSH index, one row per (band key, article): the signed
  32-bit key of one band of the article's signature (`core.reprints.band_keys`). Its primary key
  is the lookup index; on SQLite the table is WITHOUT ROWID, so the rows are that index alone.
- `reprint_links`: one row per linked article: its cluster (NULL while it has no copy) and its
  band keys packed (4 bytes each), so that a new version can take its old keys out.
- `reprint_clusters`: one row per cluster: the original chosen and why (`core.reprints`).

The tables are new; an existing archive is linked by `union-archive reprints --link`.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reprint_clusters",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("original_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
    )
    op.create_table(
        "reprint_links",
        sa.Column(
            "article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
            autoincrement=False,
        ),
        sa.Column("cluster_id", sa.Integer(), sa.ForeignKey("reprint_clusters.id", ondelete="SET NULL")),
        sa.Column("bands", sa.LargeBinary(), nullable=False),
    )
    op.create_index(
        "ix_reprint_links_cluster",
        "reprint_links",
        ["cluster_id"],
        sqlite_where=sa.text("cluster_id IS NOT NULL"),
        postgresql_where=sa.text("cluster_id IS NOT NULL"),
    )
    op.create_table(
        "reprint_bands",
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "article_id", name="pk_reprint_bands"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("reprint_bands")
    op.drop_index("ix_reprint_links_cluster", table_name="reprint_links")
    op.drop_table("reprint_links")
    op.drop_table("reprint_clusters")
