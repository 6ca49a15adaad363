"""outbox: rows the broker refuses are parked, not retried forever (issue 10)

Revision ID: a7b8c9d00012
Revises: a1b2c3d40002
Create Date: 2026-11-23 14:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'a7b8c9d00012'
down_revision: str | None = 'a1b2c3d40002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('park_reason', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('park_reason')
        batch_op.drop_column('parked_at')
