"""reference data provenance: status, version and reason of tariffs and index values, and
every version kept (issue 13 section 1)

Revision ID: d1e2f3a40020
Revises: a7b8c9d00013
Create Date: 2026-12-07 02:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'd1e2f3a40020'
down_revision: str | None = 'a7b8c9d00013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHIPPED = "entered_by = 'reference-data'"
PLACEHOLDER_TARIFFS = (
    f"{SHIPPED} AND (note IN ('example-placeholder', 'public-source') "
    "OR tariff_id = 'LAW-PAY-NATIONAL-DAILY')"
)


def _provenance_columns(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('status', sa.String(), nullable=False, server_default='entered')
        )
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('reason', sa.String(), nullable=True))


def upgrade() -> None:
    _provenance_columns('tariff')
    _provenance_columns('index_value')
    # the shipped seed: every index value and the example / unverified tariffs are placeholders
    op.execute(f"UPDATE index_value SET status = 'placeholder' WHERE {SHIPPED}")
    op.execute(f"UPDATE tariff SET status = 'placeholder' WHERE {PLACEHOLDER_TARIFFS}")
    op.create_table(
        'reference_value_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(), nullable=False),
        sa.Column('key', sa.String(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('value', sa.String(), nullable=False),
        sa.Column('status', sa.String(), nullable=False),
        sa.Column('set_by', sa.String(), nullable=False),
        sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.String(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'key', 'version'),
    )
    with op.batch_alter_table('reference_value_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_value_version_key'), ['key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reference_value_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reference_value_version_key'))
    op.drop_table('reference_value_version')
    for table in ('index_value', 'tariff'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('reason')
            batch_op.drop_column('version')
            batch_op.drop_column('status')
