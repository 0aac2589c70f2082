"""Corrections (完善) a visit proposes to the registry, and what the registry answers.

A new resident's name and ID number never rest here in clear: the ID number becomes its
keyed hash (the registry matches people by it) and a mask, the name a mask, and both
travel to the registry only sealed (services/common/seal.py) under the correction's id.
The registry applies a correction and answers registry.correction_applied / _rejected;
when the registry's head-count of the household then matches what the visit found, the
visit's discrepancy closes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common import config
from services.common.outbox import Outbox
from services.common.pii import hash_id, mask_id, mask_name
from services.common.seal import seal, seal_key
from services.common.unit_of_work import UnitOfWork
from services.visits.adapters.models import (
    APPLIED,
    PROPOSED,
    REJECTED,
    Correction,
    Discrepancy,
    Household,
)
from services.visits.adapters.places import people_registered


def propose(writes, corrections: list[dict], *, visit_id: str, campaign_id: str,
            household_code: str, grid_code: str, now: datetime) -> int:
    """The (already validated) corrections' rows and a correction_proposed each, into a
    visit's writes (capture_batch.VisitWrites: its rows and its events)."""
    key = config.id_hash_key() if corrections else b""
    for item in corrections:
        correction_id = f"cor-{uuid.uuid4().hex}"
        personal = {}
        if item["kind"] == "new_resident":
            id_number = item["id_number"].strip().upper()
            personal = {
                "id_hash": hash_id(id_number, key), "id_masked": mask_id(id_number),
                "name_masked": mask_name(item["name"]),
                "sealed": seal({"id_number": id_number, "name": item["name"].strip()},
                               seal_key(), context=correction_id),
            }
        row = {
            "id": correction_id, "visit_id": visit_id, "campaign_id": campaign_id,
            "household_code": household_code, "kind": item["kind"],
            "resident_id": item.get("resident_id"), "id_hash": personal.get("id_hash"),
            "id_masked": personal.get("id_masked"),
            "name_masked": personal.get("name_masked"), "sealed": personal.get("sealed"),
            "gender": item.get("gender"), "birth_year": None,
            "tags_add": list(item.get("tags_add") or ()),
            "tags_remove": list(item.get("tags_remove") or ()),
            "status_changes": _jsonable(item.get("status") or {}),
            "moved_on": item.get("moved_on"), "state": PROPOSED, "proposed_at": now}
        writes.insert("corrections", row)
        writes.events.add("correction_proposed", {
            "campaign_id": campaign_id, "household_code": household_code,
            "grid_code": grid_code, "correction_id": correction_id, "visit_id": visit_id,
            "kind": row["kind"], "resident_id": row["resident_id"], "id_hash": row["id_hash"],
            "id_masked": row["id_masked"], "name_masked": row["name_masked"],
            "sealed": row["sealed"], "gender": row["gender"], "birth_year": None,
            "tags_add": row["tags_add"], "tags_remove": row["tags_remove"],
            "status": row["status_changes"], "moved_on": row["moved_on"]},
            subject=household_code)
    return len(corrections)


def _jsonable(status: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in status.items()}


def apply_outcome(uow: UnitOfWork, data: dict, applied: bool, now: datetime) -> None:
    row = uow.session.get(Correction, data["correction_id"], with_for_update=True)
    if row is None or row.state != PROPOSED:
        return                  # not ours, or already decided (a redelivery)
    row.state = APPLIED if applied else REJECTED
    row.reason = data.get("reason")
    row.applied_resident_id = data.get("resident_id")
    row.decided_at = now
    settle_discrepancies(uow, row.campaign_id, row.household_code, now)


def settle_discrepancies(uow: UnitOfWork, campaign_id: str, household_code: str,
                         now: datetime) -> int:
    """Close the household's open discrepancies once no correction is pending and the
    registry's head-count (our copy, updated by its resident events) matches."""
    session = uow.session
    pending = session.execute(select(Correction.id).where(
        Correction.campaign_id == campaign_id, Correction.household_code == household_code,
        Correction.state == PROPOSED).limit(1)).first()
    if pending is not None:
        return 0
    household = session.get(Household, household_code)
    registered = people_registered(session, household.household_id) if household else None
    closed = 0
    for row in session.execute(select(Discrepancy).where(
            Discrepancy.campaign_id == campaign_id,
            Discrepancy.household_code == household_code,
            Discrepancy.status == "open").with_for_update()).scalars():
        if registered != row.people_found:
            continue
        row.status, row.resolution, row.closed_at = "closed", "corrected", now
        uow.events.add("discrepancy_closed", {
            "campaign_id": campaign_id, "household_code": household_code,
            "grid_code": row.grid_code, "discrepancy_id": row.id, "resolution": "corrected",
            "at": now}, subject=household_code)
        closed += 1
    return closed


def settle_on_resident_change(session: Session, outbox: Outbox, data: dict, now) -> None:
    """After a resident event: a household whose registered residents changed may now
    match a head-count found at its door (whichever of the registry's resident event and
    its correction_applied comes first)."""
    ids = {data.get(k) for k in ("household_id", "from_household_id",
                                 "to_household_id")} - {None}
    if not ids:
        return
    open_ones = session.execute(
        select(Discrepancy.campaign_id, Discrepancy.household_code)
        .join(Household, Household.code == Discrepancy.household_code)
        .where(Household.household_id.in_(ids), Discrepancy.status == "open")
        .distinct()).all()
    with UnitOfWork.within(session, outbox) as uow:
        for campaign_id, code in open_ones:
            settle_discrepancies(uow, campaign_id, code, now)
