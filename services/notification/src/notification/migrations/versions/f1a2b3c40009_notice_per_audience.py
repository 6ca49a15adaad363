"""notice per audience: one event can be noticed by several organisations (issue 9: the
admission notice reaches the municipality and the region where the patient is listed)

Revision ID: f1a2b3c40009
Revises: a1b2c3d40004
Create Date: 2026-11-23 14:00:00
"""
from collections.abc import Sequence

from alembic import op


revision: str = 'f1a2b3c40009'
down_revision: str | None = 'a1b2c3d40004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite keeps the initial unique constraint unnamed: name it to drop it in batch mode
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
OLD = {"sqlite": "uq_notice_event_id", "postgresql": "notice_event_id_key"}


def _old_name() -> str:
    return OLD.get(op.get_bind().dialect.name, "notice_event_id_key")


def upgrade() -> None:
    with op.batch_alter_table('notice', naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_constraint(_old_name(), type_='unique')
        batch_op.create_unique_constraint('uq_notice_event_audience', ['event_id', 'audience'])
        batch_op.create_index('ix_notice_event_id', ['event_id'], unique=False)


def downgrade() -> None:
    """Only when every event has one notice again (delete the extra audiences first)."""
    with op.batch_alter_table('notice', naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_index('ix_notice_event_id')
        batch_op.drop_constraint('uq_notice_event_audience', type_='unique')
        batch_op.create_unique_constraint(_old_name(), ['event_id'])
