"""payment clock entries (issue 13): each region's LAW-PAY agreement and model as its finance
enters, corrects and confirms them, one row per version (overrides payment_clock.json)

Revision ID: d1e2f3a40024
Revises: d1e2f3a40023
Create Date: 2026-12-07 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d1e2f3a40024"
down_revision: str | None = "d1e2f3a40023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_clock_entry",
        sa.Column("region_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("free_days", sa.Integer(), nullable=False),
        sa.Column("psychiatry_free_days", sa.Integer(), nullable=False),
        sa.Column("day_basis", sa.String(), nullable=False),
        sa.Column("notice_cutoff", sa.String(), nullable=False),
        sa.Column("daily_tariff_id", sa.String(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("admission_notice_hours", sa.Integer(), nullable=False),
        sa.Column("sip_deadline_days", sa.Integer(), nullable=False),
        sa.Column("count_discharge_day", sa.Boolean(), nullable=False),
        sa.Column("window_months", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("set_by", sa.String(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("region_id", "version"),
    )


def downgrade() -> None:
    op.drop_table("payment_clock_entry")
