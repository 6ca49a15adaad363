"""which stay paused a care request, and which request a discharge continues (issue 9)

Revision ID: b8c9d0e10015
Revises: a7b8c9d00011
Create Date: 2026-11-23 14:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'b8c9d0e10015'
down_revision: str | None = 'a7b8c9d00011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('care_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_for_stay', sa.String(), nullable=True))
    with op.batch_alter_table('discharge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('continues_care_request_id', sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('discharge', schema=None) as batch_op:
        batch_op.drop_column('continues_care_request_id')
    with op.batch_alter_table('care_request', schema=None) as batch_op:
        batch_op.drop_column('held_for_stay')
