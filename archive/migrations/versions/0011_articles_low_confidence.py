"""Articles note the fields the extractor scored low, for `stats` and reviewers.

`articles.low_confidence` holds the names of the current version's core fields whose confidence
score is under 0.5, space-delimited with a space at each end (` body source `), or NULL. Existing
archives are filled from each article's current version (the logic as it stood at this revision).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

LOW_CONFIDENCE = 0.5
BATCH = 1000


def _key(data: Any) -> str | None:
    if isinstance(data, str):
        data = json.loads(data)
    found = (data or {}).get("confidence") or {}
    fields = sorted(name for name, value in found.items() if (value or {}).get("score", 1.0) < LOW_CONFIDENCE)
    return f" {' '.join(fields)} " if fields else None


def upgrade() -> None:
    op.add_column("articles", sa.Column("low_confidence", sa.Text()))
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT a.id, v.data FROM articles a JOIN article_versions v"
            " ON v.article_id = a.id AND v.version = a.version"
        )
    ).all()
    updates = [{"id": article_id, "key": key} for article_id, data in rows if (key := _key(data)) is not None]
    for start in range(0, len(updates), BATCH):
        connection.execute(
            sa.text("UPDATE articles SET low_confidence = :key WHERE id = :id"), updates[start : start + BATCH]
        )


def downgrade() -> None:
    op.execute("ALTER TABLE articles DROP COLUMN low_confidence")
