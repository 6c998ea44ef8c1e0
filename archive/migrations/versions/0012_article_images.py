"""Article images archived by the crawl (issue 18): one `article_images` row per image of an article.

A row is the image's URL and caption as the article shows them, and how fetching it went:
`stored` (its sha256, content type, size, dimensions, where the original and its thumbnail are
in the image store, where the exchange is in the WARC capture) or `failed` (with the reason).
The table is new, so existing archives need no data migration.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_images",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("caption", sa.Text()),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("sha256", sa.String(64)),
        sa.Column("content_type", sa.String(100)),
        sa.Column("size", sa.BigInteger()),
        sa.Column("width", sa.Integer()),
        sa.Column("height", sa.Integer()),
        sa.Column("path", sa.Text()),
        sa.Column("thumb_path", sa.Text()),
        sa.Column("warc_file", sa.Text()),
        sa.Column("warc_offset", sa.BigInteger()),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("crawl_run_id", sa.Integer(), sa.ForeignKey("crawl_runs.id")),
        sa.UniqueConstraint("article_id", "url", name="uq_article_images_article_url"),
    )
    op.create_index("ix_article_images_url", "article_images", ["url"])
    op.create_index("ix_article_images_sha256", "article_images", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_article_images_sha256", table_name="article_images")
    op.drop_index("ix_article_images_url", table_name="article_images")
    op.drop_table("article_images")
