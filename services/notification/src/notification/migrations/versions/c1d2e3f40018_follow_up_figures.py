"""placeholder for the followup tables of issue 12

Revision ID: c1d2e3f40018
Revises: c1d2e3f40017
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c1d2e3f40018'
down_revision: str | None = 'c1d2e3f40017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
