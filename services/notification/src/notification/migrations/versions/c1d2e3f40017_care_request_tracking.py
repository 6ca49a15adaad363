"""care-request tracking for the dashboard: lifecycle state per care request, the latest
responsibility decisions, events per minute per topic (issue 12 section 3)

Revision ID: c1d2e3f40017
Revises: c1d2e3f40016
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c1d2e3f40017'
down_revision: str | None = 'c1d2e3f40016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'care_request_tracking',
        sa.Column('care_request_id', sa.String(), primary_key=True),
        sa.Column('municipality_code', sa.String(), nullable=False, index=True),
        sa.Column('region_code', sa.String(), nullable=False, index=True),
        sa.Column('acute', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column('state', sa.String(), nullable=False, index=True),
        sa.Column('state_since', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_event', sa.String(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        'dashboard_decision',
        sa.Column('decision_id', sa.String(), primary_key=True),
        sa.Column('municipality_code', sa.String(), nullable=False, index=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column('reason', sa.String(), nullable=False),
        sa.Column('agreement', sa.String(), nullable=False),
        sa.Column('rule_ids', sa.JSON(), nullable=False),
        sa.Column('components', sa.JSON(), nullable=False),
    )
    op.create_table(
        'event_minute',
        sa.Column('topic', sa.String(), primary_key=True),
        sa.Column('minute', sa.DateTime(timezone=True), primary_key=True),
        sa.Column('events', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('event_minute')
    op.drop_table('dashboard_decision')
    op.drop_table('care_request_tracking')
