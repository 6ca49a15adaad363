"""derived counts and seed readings (issue 13 sections 3 and 4)

The JH-TB count of connected persons is derived from the JH-PAL-2 decisions billing keeps
(``responsibility_decision``), adjusted by finance with a reason
(``connected_count_adjustment``); each stored statement keeps the readings of the agreement it
applied (``statement_reading``). Decisions consumed before this revision are not in the new
table: replay responsibility.decided, or record an adjustment with the reason.

Revision ID: d1e2f3a40022
Revises: d1e2f3a40021
Create Date: 2026-12-07 02:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'd1e2f3a40022'
down_revision: str | None = 'd1e2f3a40021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'responsibility_decision',
        sa.Column('decision_id', sa.Uuid(), nullable=False),
        sa.Column('patient_ref', TEXT(), nullable=False),
        sa.Column('agreement_id', TEXT(), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=True),
        sa.Column('supersedes', sa.Uuid(), nullable=True),
        sa.Column('palliative_connected', sa.Boolean(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('decision_id'),
    )
    with op.batch_alter_table('responsibility_decision', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_responsibility_decision_patient_ref'), ['patient_ref'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_responsibility_decision_decided_on'), ['decided_on'], unique=False
        )
    op.create_table(
        'connected_count_adjustment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('delta', sa.Integer(), nullable=False),
        sa.Column('reason', TEXT(), nullable=False),
        sa.Column('recorded_by', TEXT(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('connected_count_adjustment', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_connected_count_adjustment_year'), ['year'], unique=False
        )
    op.create_table(
        'statement_reading',
        sa.Column('kind', TEXT(), nullable=False),
        sa.Column('period', TEXT(), nullable=False),
        sa.Column('reading_id', TEXT(), nullable=False),
        sa.Column('rule_id', TEXT(), nullable=False),
        sa.Column('text', TEXT(), nullable=False),
        sa.Column('source', TEXT(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'period', 'reading_id'),
    )


def downgrade() -> None:
    op.drop_table('statement_reading')
    with op.batch_alter_table('connected_count_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connected_count_adjustment_year'))
    op.drop_table('connected_count_adjustment')
    with op.batch_alter_table('responsibility_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responsibility_decision_decided_on'))
        batch_op.drop_index(batch_op.f('ix_responsibility_decision_patient_ref'))
    op.drop_table('responsibility_decision')
