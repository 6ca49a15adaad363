"""placeholder for the reference_data_provenance work of issue 13

Revision ID: d1e2f3a40020
Revises: a7b8c9d00013
Create Date: 2026-12-07 02:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'd1e2f3a40020'
down_revision: str | None = 'a7b8c9d00013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
