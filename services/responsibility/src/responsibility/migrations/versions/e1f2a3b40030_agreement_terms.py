"""agreement terms: termination notices per agreement part (AG-RENEW, issue 13 section 6)

Revision ID: e1f2a3b40030
Revises: a7b8c9d00012
Create Date: 2026-12-07 02:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'e1f2a3b40030'
down_revision: str | None = 'a7b8c9d00012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agreement_termination',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('agreement_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('part_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('noticed_on', sa.Date(), nullable=False),
    sa.Column('noticed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('missed_deadline', sa.Date(), nullable=True),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('agreement_id', 'part_id')
    )
    with op.batch_alter_table('agreement_termination', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_agreement_termination_agreement_id'), ['agreement_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('agreement_termination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_termination_agreement_id'))
    op.drop_table('agreement_termination')
