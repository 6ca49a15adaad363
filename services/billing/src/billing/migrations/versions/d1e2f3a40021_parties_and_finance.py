"""parties and finance (issue 13): versioned party details; invoices keep their parties'
details as issued and the run that issued them

Revision ID: d1e2f3a40021
Revises: d1e2f3a40020
Create Date: 2026-12-07 02:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'd1e2f3a40021'
down_revision: str | None = 'd1e2f3a40020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'party_detail',
        sa.Column('party_id', sa.String(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('org_number', sa.String(), nullable=False),
        sa.Column('buyer_reference', sa.String(), nullable=False),
        sa.Column('bankgiro', sa.String(), nullable=True),
        sa.Column('plusgiro', sa.String(), nullable=True),
        sa.Column('status', sa.String(), nullable=False),
        sa.Column('set_by', sa.String(), nullable=False),
        sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.String(), nullable=True),
        sa.PrimaryKeyConstraint('party_id', 'version'),
    )
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('run_id', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('supplier_details', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('customer_details', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_invoice_run_id'), ['run_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_run_id'))
        batch_op.drop_column('customer_details')
        batch_op.drop_column('supplier_details')
        batch_op.drop_column('run_id')
    op.drop_table('party_detail')
