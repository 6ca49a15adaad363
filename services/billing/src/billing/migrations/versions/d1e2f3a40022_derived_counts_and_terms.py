"""placeholder for the derived_counts_and_terms work of issue 13

Revision ID: d1e2f3a40022
Revises: d1e2f3a40021
Create Date: 2026-12-07 02:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'd1e2f3a40022'
down_revision: str | None = 'd1e2f3a40021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
