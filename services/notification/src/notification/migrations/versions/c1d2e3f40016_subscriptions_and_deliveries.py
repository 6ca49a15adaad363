"""subscriptions, deliveries with their attempts, and the feed (issue 12 section 1)

Revision ID: c1d2e3f40016
Revises: c1d2e3f40015
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c1d2e3f40016'
down_revision: str | None = 'c1d2e3f40015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'subscription',
        sa.Column('id', sa.Uuid(), primary_key=True),
        sa.Column('audience', sa.String(), nullable=False, index=True),
        sa.Column('url', sa.String(), nullable=False),
        sa.Column('event_types', sa.JSON(), nullable=False),
        sa.Column('secret', sa.String(), nullable=False),
        sa.Column('created_by', sa.String(), nullable=False),
        sa.Column('created_at', MOMENT, nullable=False),
        sa.Column('deleted_at', MOMENT, nullable=True, index=True),
    )
    op.create_table(
        'delivery',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('subscription_id', sa.Uuid(), sa.ForeignKey('subscription.id'), nullable=False,
                  index=True),
        sa.Column('notice_id', sa.Integer(), sa.ForeignKey('notice.id'), nullable=False,
                  index=True),
        sa.Column('message_id', sa.Uuid(), nullable=False, index=True),
        sa.Column('patient_ref', sa.String(), nullable=False),
        sa.Column('state', sa.String(), nullable=False, index=True),
        sa.Column('due_at', MOMENT, nullable=True, index=True),
        sa.Column('transmissions', sa.Integer(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('failing_since', MOMENT, nullable=True),
        sa.Column('claimed_until', MOMENT, nullable=True),
        sa.Column('outcome', sa.String(), nullable=True),
        sa.Column('reason', sa.String(), nullable=True),
        sa.Column('acknowledged_at', MOMENT, nullable=True),
        sa.Column('created_at', MOMENT, nullable=False),
        sa.UniqueConstraint('subscription_id', 'notice_id', name='uq_delivery_subscription_notice'),
    )
    op.create_index('ix_delivery_chain', 'delivery', ['subscription_id', 'patient_ref', 'notice_id'])
    op.create_table(
        'delivery_attempt',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('delivery_id', sa.Integer(), sa.ForeignKey('delivery.id'), nullable=False,
                  index=True),
        sa.Column('at', MOMENT, nullable=False),
        sa.Column('transmission', sa.Integer(), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=True),
        sa.Column('error', sa.String(), nullable=True),
        sa.Column('taken', sa.Boolean(), nullable=False),
    )
    op.create_table(
        'feed_entry',
        sa.Column('notice_id', sa.Integer(), sa.ForeignKey('notice.id'), primary_key=True),
        sa.Column('audience', sa.String(), nullable=False),
        sa.Column('sequence', sa.BigInteger(), nullable=True, unique=True),
    )
    op.create_index('ix_feed_entry_audience_sequence', 'feed_entry', ['audience', 'sequence'])
    op.create_table(
        'feed_counter',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('last', sa.BigInteger(), nullable=False),
    )
    # the notices already kept join the feed in their order
    op.execute(
        'INSERT INTO feed_entry (notice_id, audience, sequence) SELECT id, audience, id FROM notice'
    )
    op.execute('INSERT INTO feed_counter (id, last) SELECT 1, COALESCE(MAX(id), 0) FROM notice')


def downgrade() -> None:
    op.drop_table('feed_counter')
    op.drop_index('ix_feed_entry_audience_sequence', table_name='feed_entry')
    op.drop_table('feed_entry')
    op.drop_table('delivery_attempt')
    op.drop_index('ix_delivery_chain', table_name='delivery')
    op.drop_table('delivery')
    op.drop_table('subscription')
