"""Crawl runs name the scale-out run they belong to; one row per (spider, Redis run id).

`redis_run` is the run id the workers of a scale-out run share (`--redis-run`); every worker
joins the row of its run instead of opening one of its own, so the run is closed, health-checked
and resumed as one. `walk_all` marks a run that must walk every list page (its shared frontier
was lost, e.g. Redis restarted without its data).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table): on SQLite a batch drops and re-creates
    # crawl_runs, which foreign keys from snapshots and failures forbid on a used archive.
    op.add_column("crawl_runs", sa.Column("redis_run", sa.String(200)))
    op.add_column("crawl_runs", sa.Column("walk_all", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_crawl_runs_spider_redis_run", "crawl_runs", ["spider", "redis_run"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_crawl_runs_spider_redis_run", "crawl_runs")
    op.execute("ALTER TABLE crawl_runs DROP COLUMN walk_all")
    op.execute("ALTER TABLE crawl_runs DROP COLUMN redis_run")
