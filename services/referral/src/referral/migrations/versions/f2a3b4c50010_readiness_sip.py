"""the readiness notice's SIP facts on the stay (LAW-SIP3)

Revision ID: f2a3b4c50010
Revises: e1f2a3b40008
Create Date: 2026-11-23 14:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'f2a3b4c50010'
down_revision: str | None = 'e1f2a3b40008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('stay', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sip_needed', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('sip_called_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('stay', schema=None) as batch_op:
        batch_op.drop_column('sip_called_at')
        batch_op.drop_column('sip_needed')
