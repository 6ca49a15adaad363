"""alarm: deadlines passed unmet, deliveries never acknowledged (issue 12)

Revision ID: c1d2e3f40015
Revises: a7b8c9d00014
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c1d2e3f40015'
down_revision: str | None = 'a7b8c9d00014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'alarm',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('key', sa.String(), nullable=False, unique=True),
        sa.Column('kind', sa.String(), nullable=False, index=True),
        sa.Column('audience', sa.String(), nullable=False, index=True),
        sa.Column('rule_id', sa.String(), nullable=True, index=True),
        sa.Column('subject', sa.String(), nullable=False),
        sa.Column('subject_id', sa.String(), nullable=False, index=True),
        sa.Column('patient_ref', sa.String(), nullable=False),
        sa.Column('summary', sa.String(), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True, index=True),
        sa.Column('cleared_reason', sa.String(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table('alarm')
