"""PostgreSQL: the site and source indexes of `article_search` in the date walk's order.

A date-sorted search with a site or source filter walks `ORDER BY published_utc DESC NULLS LAST,
id DESC`; the (site_id, published_utc) and (source_key, published_utc) indexes, read backwards,
give `NULLS FIRST` and no id order, so PostgreSQL read every row of the site or source and tested
each tsvector (发展 --source 中工网 --sort date: 123 ms at 100,000 articles). In the walk's order
the index is read newest first and stops after the page (1.5 ms). Date ranges still use them.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

ORDERED = "published_utc DESC NULLS LAST, id DESC"


def _indexes(order: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, column in (("ix_article_search_site", "site_id"), ("ix_article_search_source", "source_key")):
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON article_search ({column}, {order})")


def upgrade() -> None:
    _indexes(ORDERED)


def downgrade() -> None:
    _indexes("published_utc")
