"""placeholder for the trace_context work (issue 13/14)

Revision ID: d1e2f3a40023
Revises: d1e2f3a40022
Create Date: 2026-12-07 02:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'd1e2f3a40023'
down_revision: str | None = 'd1e2f3a40022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
