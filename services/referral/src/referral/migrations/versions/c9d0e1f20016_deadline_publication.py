"""what the deadline watch published: one row per deadline and phase (issue 12 section 2)

Revision ID: c9d0e1f20016
Revises: b8c9d0e10015
Create Date: 2026-12-07 02:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c9d0e1f20016'
down_revision: str | None = 'b8c9d0e10015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def moment(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        'deadline_publication',
        text('deadline_key'),
        text('phase'),
        text('outcome'),
        text('rule_id'),
        text('subject'),
        text('subject_id'),
        text('owed_by'),
        text('patient_ref'),
        text('region_code'),
        text('municipality_code', nullable=True),
        moment('anchor_at'),
        moment('due_at'),
        text('case_kind'),
        text('case_id'),
        moment('published_at'),
        moment('settled_at', nullable=True),
        sa.PrimaryKeyConstraint('deadline_key', 'phase'),
    )
    op.create_index(
        'ix_deadline_publication_case', 'deadline_publication', ['case_kind', 'case_id']
    )
    op.create_index(
        'ix_deadline_publication_unsettled', 'deadline_publication', ['phase', 'settled_at']
    )


def downgrade() -> None:
    op.drop_index('ix_deadline_publication_unsettled', table_name='deadline_publication')
    op.drop_index('ix_deadline_publication_case', table_name='deadline_publication')
    op.drop_table('deadline_publication')
