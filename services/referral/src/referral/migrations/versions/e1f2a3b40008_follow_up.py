"""follow-up: discharge from home care, medication-list changes, SIP meetings (issue 9)

Revision ID: e1f2a3b40008
Revises: d1e2f3a40007
Create Date: 2026-11-23 14:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'e1f2a3b40008'
down_revision: str | None = 'd1e2f3a40007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def moment(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        'homecare_discharge',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('care_request_id', sa.Uuid(), nullable=False),
        text('patient_ref'),
        text('municipality_code'),
        text('region_code'),
        sa.Column('discharged_on', sa.Date(), nullable=False),
        text('reason'),
        text('summary'),
        text('health_centre_hsa_id'),
        text('health_centre_name', nullable=True),
        text('discharged_by'),
        text('discharged_by_unit', nullable=True),
        moment('recorded_at', nullable=False),
        moment('acknowledged_at'),
        text('acknowledged_by', nullable=True),
        text('acknowledged_by_unit', nullable=True),
        sa.ForeignKeyConstraint(['care_request_id'], ['care_request.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('care_request_id'),
    )
    for column in ('patient_ref', 'municipality_code', 'region_code'):
        op.create_index(f'ix_homecare_discharge_{column}', 'homecare_discharge', [column])

    op.create_table(
        'medication_change',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('message_id', sa.Uuid(), nullable=True),
        text('patient_ref'),
        text('region_code'),
        text('list_reference'),
        sa.Column('changed_on', sa.Date(), nullable=False),
        text('changed_by_hsa_id'),
        text('summary'),
        text('posted_by'),
        text('posted_by_unit', nullable=True),
        moment('posted_at', nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id'),
    )
    op.create_index('ix_medication_change_patient_ref', 'medication_change', ['patient_ref'])

    op.create_table(
        'medication_change_recipient',
        sa.Column('change_id', sa.Uuid(), nullable=False),
        text('municipality_code'),
        text('patient_ref'),
        sa.Column('care_request_id', sa.Uuid(), nullable=False),
        moment('acknowledged_at'),
        text('acknowledged_by', nullable=True),
        text('acknowledged_by_unit', nullable=True),
        sa.ForeignKeyConstraint(['change_id'], ['medication_change.id']),
        sa.PrimaryKeyConstraint('change_id', 'municipality_code'),
    )
    op.create_index(
        'ix_medication_change_recipient_patient',
        'medication_change_recipient',
        ['patient_ref', 'municipality_code'],
    )

    op.create_table(
        'sip_meeting',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('message_id', sa.Uuid(), nullable=True),
        text('patient_ref'),
        text('region_code'),
        text('stay_id', nullable=True),
        sa.Column('care_request_id', sa.Uuid(), nullable=True),
        moment('called_at', nullable=False),
        moment('meeting_at', nullable=False),
        sa.Column('invited', sa.JSON(), nullable=False),
        text('called_by'),
        text('called_by_unit', nullable=True),
        moment('held_at'),
        text('held_by', nullable=True),
        moment('recorded_at', nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id'),
    )
    for column in ('patient_ref', 'region_code', 'stay_id'):
        op.create_index(f'ix_sip_meeting_{column}', 'sip_meeting', [column])

    op.create_table(
        'sip_invitation',
        sa.Column('sip_id', sa.Uuid(), nullable=False),
        text('organisation'),
        sa.ForeignKeyConstraint(['sip_id'], ['sip_meeting.id']),
        sa.PrimaryKeyConstraint('sip_id', 'organisation'),
    )
    op.create_index('ix_sip_invitation_organisation', 'sip_invitation', ['organisation'])


def downgrade() -> None:
    op.drop_index('ix_sip_invitation_organisation', table_name='sip_invitation')
    op.drop_table('sip_invitation')
    for column in ('stay_id', 'region_code', 'patient_ref'):
        op.drop_index(f'ix_sip_meeting_{column}', table_name='sip_meeting')
    op.drop_table('sip_meeting')
    op.drop_index('ix_medication_change_recipient_patient', table_name='medication_change_recipient')
    op.drop_table('medication_change_recipient')
    op.drop_index('ix_medication_change_patient_ref', table_name='medication_change')
    op.drop_table('medication_change')
    for column in ('region_code', 'municipality_code', 'patient_ref'):
        op.drop_index(f'ix_homecare_discharge_{column}', table_name='homecare_discharge')
    op.drop_table('homecare_discharge')
