"""Applying changes to residents: identity, updates with a trail, moves with history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.free_text import mask_identifiers
from services.common.outbox import Outbox
from services.common.pii import hash_id, mask_id
from services.registry.adapters.models import (
    Area,
    Household,
    Resident,
    ResidentChange,
    ResidentMove,
)
from services.registry.adapters.payloads import resident_payload
from services.registry.domain.rules import diff

UPDATABLE = ("name", "phone", "gender", "birth_year", "tags", "registration_code_applied",
             "vaccination", "latest_test_date", "latest_test_result", "recent_travel",
             "returned_on")


def grid_code_of(session: Session, household_id: int | None) -> str | None:
    if household_id is None:
        return None
    return session.execute(
        select(Area.code).join(Household, Household.grid_id == Area.id)
        .where(Household.id == household_id)
    ).scalar_one_or_none()


def find_by_id_number(session: Session, id_number: str, key: bytes,
                      *, lock: bool = False) -> Resident | None:
    query = select(Resident).where(Resident.id_hash == hash_id(id_number, key))
    if lock:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def emit(session: Session, outbox: Outbox, resident: Resident, name: str, cause: str) -> None:
    session.flush()
    outbox.add(session, name, resident_payload(resident, grid_code_of(session,
                                                                       resident.household_id),
                                               cause), subject=str(resident.id))


def register(session: Session, outbox: Outbox, key: bytes, id_number: str, fields: dict,
             household_id: int | None, cause: str) -> tuple[Resident, bool]:
    """The same person registered twice is one person: returns (resident, created)."""
    existing = find_by_id_number(session, id_number, key, lock=True)
    if existing is not None:
        return existing, False
    resident = Resident(id_hash=hash_id(id_number, key), id_masked=mask_id(id_number),
                        household_id=household_id, version=1,
                        **{k: v for k, v in fields.items() if k in UPDATABLE})
    resident.tags = sorted(set(resident.tags or []))
    resident.recent_travel = mask_identifiers(resident.recent_travel)
    session.add(resident)
    session.flush()
    session.add(ResidentChange(resident_id=resident.id, cause=cause,
                               changes={"registered": [None, household_id]}))
    emit(session, outbox, resident, "resident_registered", cause)
    return resident, True


def update(session: Session, outbox: Outbox, resident: Resident, wanted: dict,
           cause: str) -> dict:
    """Apply field changes with a trail; emits resident_updated only if something changed."""
    if wanted.get("recent_travel"):  # free text: kept, and in resident events
        wanted = {**wanted, "recent_travel": mask_identifiers(wanted["recent_travel"])}
    current = {k: getattr(resident, k) for k in wanted}
    changes = diff(current, wanted)
    if not changes:
        return {}
    for field, (_old, new) in changes.items():
        setattr(resident, field, new)
    resident.version += 1
    trail = {k: (["***", "***"] if k == "phone" else [_jsonable(o), _jsonable(n)])
             for k, (o, n) in changes.items()}
    session.add(ResidentChange(resident_id=resident.id, cause=cause, changes=trail))
    emit(session, outbox, resident, "resident_updated", cause)
    return changes


def move(session: Session, outbox: Outbox, resident: Resident, to_household_id: int | None,
         moved_on: date, reason: str | None, cause: str) -> ResidentMove | None:
    if resident.household_id == to_household_id:
        return None
    from_id = resident.household_id
    from_grid = grid_code_of(session, from_id)
    reason = mask_identifiers(reason)  # free text: kept, and in resident_moved
    record = ResidentMove(resident_id=resident.id, from_household_id=from_id,
                          to_household_id=to_household_id, moved_on=moved_on, reason=reason,
                          cause=cause)
    session.add(record)
    resident.household_id = to_household_id
    resident.version += 1
    session.flush()
    outbox.add(session, "resident_moved", {
        "resident_id": resident.id, "from_household_id": from_id,
        "to_household_id": to_household_id, "from_grid_code": from_grid,
        "to_grid_code": grid_code_of(session, to_household_id), "moved_on": moved_on,
        "reason": reason, "version": resident.version, "cause": cause,
    }, subject=str(resident.id))
    return record


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value
