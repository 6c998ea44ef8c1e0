"""Crawl runs record the backfill bound (`--since`) they walk back to.

A backfill that is killed is completed by the next run of its site, which walks every list page
again; with the killed run's bound recorded, the next run stops at that bound too (instead of at
the site's first page ever) and records it in turn.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column("since", sa.Date()))


def downgrade() -> None:
    op.execute("ALTER TABLE crawl_runs DROP COLUMN since")
