"""placeholder for the tracking tables of issue 12

Revision ID: c1d2e3f40017
Revises: c1d2e3f40016
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c1d2e3f40017'
down_revision: str | None = 'c1d2e3f40016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
