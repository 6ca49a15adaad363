"""care request content, ways in, decision summary and answers (issue 8)

Revision ID: c1d2e3f40006
Revises: a1b2c3d40001
Create Date: 2026-11-23 13:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c1d2e3f40006'
down_revision: str | None = 'a1b2c3d40001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None



def way_in() -> sa.Column:
    return sa.Column('way_in', sa.String(), nullable=False, server_default='hospital-discharge')


def upgrade() -> None:
    with op.batch_alter_table('discharge', schema=None) as batch_op:
        batch_op.add_column(way_in())
        batch_op.add_column(sa.Column('sender_unit_hsa_id', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('sender_person_hsa_id', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('content', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('decision', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('missing_facts', sa.JSON(), nullable=True))
        batch_op.alter_column(
            'discharged_at', existing_type=sa.DateTime(timezone=True), nullable=True
        )
    with op.batch_alter_table('care_request', schema=None) as batch_op:
        batch_op.add_column(way_in())
        batch_op.add_column(sa.Column('on_behalf_of', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('cost_bearer', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('answer_reason_code', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('answer_reason_text', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('enrolled_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('care_request', schema=None) as batch_op:
        for column in (
            'enrolled_on', 'answered_at', 'answer_reason_text', 'answer_reason_code',
            'cost_bearer', 'on_behalf_of', 'way_in',
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table('discharge', schema=None) as batch_op:
        batch_op.alter_column(
            'discharged_at', existing_type=sa.DateTime(timezone=True), nullable=False
        )
        for column in (
            'missing_facts', 'decision', 'content', 'sender_person_hsa_id',
            'sender_unit_hsa_id', 'way_in',
        ):
            batch_op.drop_column(column)
