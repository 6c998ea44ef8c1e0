"""Crawl-run health report; snapshot validators (ETag, Last-Modified) and WARC location.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column("health", sa.JSON()))
    op.add_column("snapshots", sa.Column("etag", sa.Text()))
    op.add_column("snapshots", sa.Column("last_modified", sa.String(100)))
    op.add_column("snapshots", sa.Column("warc_file", sa.Text()))
    op.add_column("snapshots", sa.Column("warc_offset", sa.BigInteger()))


def downgrade() -> None:
    for table, column in (
        ("snapshots", "warc_offset"),
        ("snapshots", "warc_file"),
        ("snapshots", "last_modified"),
        ("snapshots", "etag"),
        ("crawl_runs", "health"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
