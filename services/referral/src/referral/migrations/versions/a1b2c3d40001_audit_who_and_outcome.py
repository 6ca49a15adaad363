"""audit log: role, unit, route and outcome of every read (issue 7)

Revision ID: a1b2c3d40001
Revises: 9ff5489b4786
Create Date: 2026-11-23 13:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'a1b2c3d40001'
down_revision: str | None = '9ff5489b4786'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('unit', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('route', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(
            sa.Column('outcome', sa.String(), nullable=False, server_default='allowed')
        )
        batch_op.alter_column('patient_ref', existing_type=sa.String(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.alter_column('patient_ref', existing_type=sa.String(), nullable=False)
        batch_op.drop_column('outcome')
        batch_op.drop_column('route')
        batch_op.drop_column('unit')
        batch_op.drop_column('role')
