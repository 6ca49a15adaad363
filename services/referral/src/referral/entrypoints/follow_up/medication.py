"""Medication-list changes reach home care at once: the region posts a change, every municipality
with an active care request receives it and acknowledges it, and each care request shows the
current list and any unacknowledged change (issue 9 section 4; MED-CHANGE, JH-INFO)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from handover_common.access import Access, Authorised, not_visible
from handover_common.errors import FieldError, NotFound, RequestRejected
from handover_common.service import UoW
from handover_common.unit_of_work import UnitOfWork

from referral.adapters.followup_tables import MedicationChangeRecipientRow, MedicationChangeRow
from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.domain.follow_up import MED_CHANGE
from referral.domain.medication import current_list, sent_list
from referral.domain.personnummer import Personnummer
from referral.domain.pseudonym import patient_ref
from referral.entrypoints.follow_up.errors import actor, answered
from referral.entrypoints.follow_up.medication_schemas import (
    CareRequestMedication,
    MedicationChangeIn,
    MedicationChangeOut,
    RecipientOut,
    change_out,
    change_seen,
    list_out,
    recipient_out,
    version_of,
)
from referral.entrypoints.intake.routes import Settings
from referral.service_layer.follow_up import medication as flow

router = APIRouter(prefix="/v1", tags=["medication-list changes"])


@router.post(
    "/medication-list-changes",
    status_code=status.HTTP_201_CREATED,
    responses={404: {"description": "no such patient, or not one of the caller's region"}},
)
def post_medication_change(
    body: MedicationChangeIn, uow: UoW, settings: Settings, access: Authorised
) -> MedicationChangeOut:
    """The region posts a change of the established list; it is addressed to every municipality
    with an active care request the region sent for the patient (422 when there is none)."""
    named_by, ref = _patient(body, settings.pseudonym_secret)
    command = flow.PostChange(
        patient_ref=ref,
        named_by=named_by,
        region_code=access.org.code,
        list_reference=body.list_reference,
        changed_on=body.changed_on,
        changed_by_hsa_id=body.changed_by_hsa_id or access.caller.person,
        summary=body.summary,
        actor=actor(access),
        message_id=body.message_id,
    )
    with uow, answered(access):
        posted = flow.post_change(command, uow)
        return change_out(posted.change, posted.recipients)


@router.post("/medication-list-changes/{change_id}/acknowledge")
def acknowledge_medication_change(
    change_id: uuid.UUID, uow: UoW, access: Authorised
) -> RecipientOut:
    """A receiving municipality has read the change; a repeat answers the same."""
    with uow, answered(access):
        return recipient_out(
            flow.acknowledge_change(change_id, access.org.code, actor(access), uow)
        )


@router.get("/medication-list-changes/{change_id}")
def get_medication_change(
    change_id: uuid.UUID, uow: UoW, access: Authorised
) -> MedicationChangeOut:
    """The posting region sees every recipient's acknowledgement; a receiving municipality its
    own only."""
    with uow:
        change = uow.session.get(MedicationChangeRow, change_id)
        if change is None:
            raise NotFound("medication-list change")
        recipients = _visible_recipients(uow, change, access)
        access.read(uow.session, [change.patient_ref])
        uow.commit()
        return change_out(change, recipients)


@router.get("/care-requests/{care_request_id}/medication")
def care_request_medication(
    care_request_id: uuid.UUID, uow: UoW, access: Authorised
) -> CareRequestMedication:
    """The current list (the one the request was sent with, or a later change) and the changes
    the addressed municipality has not acknowledged yet; for it and for the sending region."""
    with uow:
        request = uow.session.get(CareRequestRow, care_request_id)
        if request is None:
            raise NotFound("care request")
        sent = uow.session.get(DischargeRow, request.discharge_id)
        assert sent is not None
        addressed = access.org.is_municipality(request.municipality_code)
        if not (addressed or access.org.is_region(sent.region_code)):
            raise not_visible(access, "care request", request.patient_ref)
        seen = flow.changes_for(uow, request.patient_ref, request.municipality_code)
        changes = [change_seen(change, recipient) for change, recipient in seen]
        current = current_list(sent_list(sent.content), [version_of(c) for c, _ in seen])
        access.read(uow.session, [request.patient_ref])
        uow.commit()
        return CareRequestMedication(
            care_request_id=request.id,
            patient_ref=request.patient_ref,
            municipality_code=request.municipality_code,
            current=list_out(current),
            unacknowledged=[c for c in changes if c.acknowledged_at is None],
            changes=changes,
        )


def _patient(body: MedicationChangeIn, secret: str) -> tuple[str, str]:
    """The field the patient is named by, and the patient's reference."""
    if (body.patient_ref is None) == (body.personnummer is None):
        message = "name the patient by patient_ref or by personnummer (one of them)"
        raise RequestRejected([FieldError("patient_ref", MED_CHANGE, message)])
    if body.patient_ref is not None:
        return "patient_ref", body.patient_ref
    assert body.personnummer is not None
    return "personnummer", patient_ref(Personnummer(body.personnummer), secret)


def _visible_recipients(
    uow: UnitOfWork, change: MedicationChangeRow, access: Access
) -> list[MedicationChangeRecipientRow]:
    recipients = flow.recipients_of(uow, change.id)
    if access.org.is_region(change.region_code):
        return recipients
    own = [r for r in recipients if access.org.is_municipality(r.municipality_code)]
    if not own:
        raise not_visible(access, "medication-list change", change.patient_ref)
    return own
