"""follow-up figures: the facts counted per municipality and month (issue 12 section 4)

Revision ID: c1d2e3f40018
Revises: c1d2e3f40017
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c1d2e3f40018'
down_revision: str | None = 'c1d2e3f40017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'followup_care_request',
        sa.Column('care_request_id', sa.String(), primary_key=True),
        sa.Column('municipality_code', sa.String(), nullable=False, index=True),
        sa.Column('way_in', sa.String(), nullable=True),
        sa.Column('acute', sa.Boolean(), nullable=False),
        sa.Column('decision_id', sa.String(), nullable=True),
        sa.Column('created_at', MOMENT, nullable=True, index=True),
        sa.Column('acknowledged_at', MOMENT, nullable=True, index=True),
        sa.Column('accepted_at', MOMENT, nullable=True, index=True),
        sa.Column('rejected_at', MOMENT, nullable=True, index=True),
        sa.Column('rejection_reason', sa.String(), nullable=True),
        sa.Column('cancelled_at', MOMENT, nullable=True),
        sa.Column('entered_in_error', sa.Boolean(), nullable=False),
        sa.Column('completed_on', sa.Date(), nullable=True),
    )
    op.create_table(
        'followup_homecare_stay',
        sa.Column('care_request_id', sa.String(), primary_key=True),
        sa.Column('municipality_code', sa.String(), nullable=False, index=True),
        sa.Column('enrolled_on', sa.Date(), nullable=True, index=True),
        sa.Column('discharged_on', sa.Date(), nullable=True, index=True),
        sa.Column('discharge_reason', sa.String(), nullable=True),
    )
    op.create_table(
        'followup_deadline',
        sa.Column('key', sa.String(), primary_key=True),
        sa.Column('rule_id', sa.String(), nullable=False, index=True),
        sa.Column('municipality_code', sa.String(), nullable=True, index=True),
        sa.Column('owed_by', sa.String(), nullable=False),
        sa.Column('due_at', MOMENT, nullable=False, index=True),
        sa.Column('state', sa.String(), nullable=False),
        sa.Column('changed_at', MOMENT, nullable=False),
    )
    op.create_table(
        'followup_work',
        sa.Column('report_id', sa.String(), primary_key=True),
        sa.Column('stream', sa.String(), nullable=False),
        sa.Column('performer_code', sa.String(), nullable=False, index=True),
        sa.Column('counterparty_code', sa.String(), nullable=False, index=True),
        sa.Column('started_at', MOMENT, nullable=False, index=True),
        sa.Column('minutes', sa.Integer(), nullable=False),
    )
    op.create_table(
        'followup_decision',
        sa.Column('decision_id', sa.String(), primary_key=True),
        sa.Column('municipality_code', sa.String(), nullable=False),
    )
    op.create_table(
        'followup_move',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('dispute_id', sa.String(), nullable=False, index=True),
        sa.Column('decision_id', sa.String(), nullable=False),
        sa.Column('component', sa.String(), nullable=False),
        sa.Column('municipality_code', sa.String(), nullable=True, index=True),
        sa.Column('moved_to_kind', sa.String(), nullable=False),
        sa.Column('moved_at', MOMENT, nullable=False, index=True),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.UniqueConstraint('dispute_id', 'component', name='uq_followup_move'),
    )
    op.create_table(
        'followup_dispute',
        sa.Column('dispute_id', sa.String(), primary_key=True),
        sa.Column('decision_id', sa.String(), nullable=False),
        sa.Column('municipality_code', sa.String(), nullable=False, index=True),
        sa.Column('level', sa.String(), nullable=True),
        sa.Column('opened_at', MOMENT, nullable=True, index=True),
        sa.Column('resolved_at', MOMENT, nullable=True, index=True),
        sa.Column('moved_components', sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    for table in (
        'followup_dispute',
        'followup_move',
        'followup_decision',
        'followup_work',
        'followup_deadline',
        'followup_homecare_stay',
        'followup_care_request',
    ):
        op.drop_table(table)
