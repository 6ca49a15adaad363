"""lifecycle: FHIR Task states, versions, transitions, corrections and cancellations (issue 9)

Revision ID: d1e2f3a40007
Revises: c1d2e3f40006
Create Date: 2026-11-23 13:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'd1e2f3a40007'
down_revision: str | None = 'c1d2e3f40006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def version() -> sa.Column:
    return sa.Column('version', sa.Integer(), nullable=False, server_default='1')


def upgrade() -> None:
    with op.batch_alter_table('care_request', schema=None) as batch_op:
        batch_op.add_column(version())
        batch_op.add_column(sa.Column('content_version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('resume_to', sa.String(), nullable=True))
    op.execute("UPDATE care_request SET status = 'received' WHERE status = 'acknowledged'")
    op.execute("UPDATE care_request SET status = 'in-progress' WHERE status = 'enrolled'")
    with op.batch_alter_table('discharge', schema=None) as batch_op:
        batch_op.add_column(version())
        batch_op.add_column(sa.Column('message_hash', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('stay', schema=None) as batch_op:
        batch_op.add_column(sa.Column('admission_version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('readiness_version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('discharged_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'care_request_transition',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('care_request_id', sa.Uuid(), nullable=False),
        sa.Column('from_status', sa.String(), nullable=False),
        sa.Column('to_status', sa.String(), nullable=False),
        sa.Column('owner', sa.String(), nullable=False),
        sa.Column('organisation', sa.String(), nullable=False),
        sa.Column('person', sa.String(), nullable=True),
        sa.Column('reason', sa.String(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_care_request_transition_care_request_id', 'care_request_transition', ['care_request_id'])
    op.create_table(
        'message_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(), nullable=False),
        sa.Column('subject_id', sa.String(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('change', sa.String(), nullable=False),
        sa.Column('body', sa.JSON(), nullable=True),
        sa.Column('reason', sa.String(), nullable=True),
        sa.Column('organisation', sa.String(), nullable=False),
        sa.Column('person', sa.String(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'subject_id', 'version', 'change'),
    )
    op.create_index('ix_message_version_subject', 'message_version', ['kind', 'subject_id'])


def downgrade() -> None:
    op.drop_index('ix_message_version_subject', table_name='message_version')
    op.drop_table('message_version')
    op.drop_index('ix_care_request_transition_care_request_id', table_name='care_request_transition')
    op.drop_table('care_request_transition')
    with op.batch_alter_table('stay', schema=None) as batch_op:
        for column in ('discharged_at', 'cancelled_at', 'readiness_version', 'admission_version'):
            batch_op.drop_column(column)
    with op.batch_alter_table('discharge', schema=None) as batch_op:
        for column in ('cancelled_at', 'message_hash', 'version'):
            batch_op.drop_column(column)
    op.execute("UPDATE care_request SET status = 'enrolled' WHERE status = 'in-progress'")
    op.execute("UPDATE care_request SET status = 'acknowledged' WHERE status = 'received'")
    with op.batch_alter_table('care_request', schema=None) as batch_op:
        for column in ('resume_to', 'content_version', 'version'):
            batch_op.drop_column(column)
