"""Article images archived by the crawl (issue 18).

Revision slot reserved so that parallel work chains in a fixed order; its tables come with the
issue's change.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
