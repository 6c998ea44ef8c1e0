"""Reprint links between articles (issue 16).

Revision slot reserved so that parallel work chains in a fixed order; its tables come with the
issue's change.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
