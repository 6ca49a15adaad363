"""responsibility: the cost bearer's kind beside its code (issue 7)

A cost bearer is an organisation — kind and code — so finance of region 23 and an
organisation of another kind that happens to share a code are never confused. Rows recorded
before are filled in from the SCB code: a region's county code has 2 digits, a
municipality's code 4.

Revision ID: b1c2d3e40005
Revises: a1b2c3d40003
Create Date: 2026-11-24 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'b1c2d3e40005'
down_revision: str | None = 'a1b2c3d40003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('responsibility', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('cost_bearer_kind', sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    op.execute(
        "UPDATE responsibility SET cost_bearer_kind = CASE "
        "WHEN length(cost_bearer_code) = 2 THEN 'region' ELSE 'municipality' END"
    )
    with op.batch_alter_table('responsibility', schema=None) as batch_op:
        batch_op.alter_column(
            'cost_bearer_kind', existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table('responsibility', schema=None) as batch_op:
        batch_op.drop_column('cost_bearer_kind')
