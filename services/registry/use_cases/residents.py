"""Applying changes to residents: identity, updates with a trail, moves with history.

HTTP (entrypoints/api_residents.py, api_moves.py), inbound events (entrypoints/
handlers.py) and visits' corrections (use_cases/corrections.py) all change residents
through these, so the events and the change trail are the same whatever the cause.
`cause` says what made the change (api, import:<id>, event:<id>, visit:<visit id>);
`actor`, the account that made it over HTTP (the token's subject, an id: never a name),
is kept in the trail and carried by the resident events.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.common.free_text import mask_identifiers
from services.common.pii import hash_id, mask_id
from services.common.unit_of_work import UnitOfWork
from services.registry.adapters.models import (
    Area,
    Household,
    Resident,
    ResidentChange,
    ResidentMove,
)
from services.registry.adapters.payloads import resident_payload
from services.registry.domain.rules import RuleBroken, check_test_pair, diff, facts_from_id
from services.registry.use_cases.lookups import (
    UNIQUE_VIOLATION,
    expect_version,
    household_by_code,
    refusal_of,
    resident_by_id,
)

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


def emit(uow: UnitOfWork, resident: Resident, name: str, cause: str,
         actor: str | None = None) -> None:
    uow.session.flush()
    uow.events.add(name, resident_payload(resident,
                                          grid_code_of(uow.session, resident.household_id),
                                          cause, actor), subject=str(resident.id))


def register(uow: UnitOfWork, key: bytes, id_number: str, fields: dict,
             household_id: int | None, cause: str,
             actor: str | None = None) -> tuple[Resident, bool]:
    """The same person registered twice is one person: returns (resident, created)."""
    session = uow.session
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
    session.add(ResidentChange(resident_id=resident.id, cause=cause, actor=actor,
                               changes={"registered": [None, household_id]}))
    emit(uow, resident, "resident_registered", cause, actor)
    return resident, True


def update(uow: UnitOfWork, resident: Resident, wanted: dict, cause: str,
           actor: str | None = None) -> dict:
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
    uow.session.add(ResidentChange(resident_id=resident.id, cause=cause, actor=actor,
                                   changes=trail))
    emit(uow, resident, "resident_updated", cause, actor)
    return changes


def move(uow: UnitOfWork, resident: Resident, to_household_id: int | None,
         moved_on: date, reason: str | None, cause: str,
         actor: str | None = None) -> ResidentMove | None:
    if resident.household_id == to_household_id:
        return None
    session = uow.session
    from_id = resident.household_id
    from_grid = grid_code_of(session, from_id)
    reason = mask_identifiers(reason)  # free text: kept, and in resident_moved
    record = ResidentMove(resident_id=resident.id, from_household_id=from_id,
                          to_household_id=to_household_id, moved_on=moved_on, reason=reason,
                          cause=cause, actor=actor)
    session.add(record)
    resident.household_id = to_household_id
    resident.version += 1
    session.flush()
    uow.events.add("resident_moved", {
        "resident_id": resident.id, "from_household_id": from_id,
        "to_household_id": to_household_id, "from_grid_code": from_grid,
        "to_grid_code": grid_code_of(session, to_household_id), "moved_on": moved_on,
        "reason": reason, "version": resident.version, "cause": cause, "actor": actor,
    }, subject=str(resident.id))
    return record


def columns_of(data: dict) -> dict:
    """A request's fields as model columns: the nested status is stored flat."""
    out = {k: v for k, v in data.items() if k != "status"}
    out.update(data.get("status") or {})
    if "tags" in out:
        out["tags"] = sorted(set(out["tags"]))
    return out


def _check_test(tested_on, result) -> None:
    try:
        check_test_pair(tested_on, result)
    except RuleBroken as exc:
        raise refusal_of(exc) from None


def create_resident(uow: UnitOfWork, key: bytes, data: dict, cause: str,
                    actor: str | None = None) -> tuple[Resident, bool]:
    """Register a person in a household (`data`: the request, with id_number and
    household_code); the same ID number again is the same person, returned unchanged."""
    data = dict(data)
    id_number, household_code = data.pop("id_number"), data.pop("household_code")
    columns = columns_of(data)
    _check_test(columns.get("latest_test_date"), columns.get("latest_test_result"))
    birth_year, gender = facts_from_id(id_number)
    columns["birth_year"] = columns["birth_year"] or birth_year
    columns["gender"] = columns["gender"] or gender
    household = household_by_code(uow.session, household_code)
    return register(uow, key, id_number, columns, household.id, cause, actor)


def same_person_race(exc: IntegrityError) -> bool:
    """Two registrations of one new person can both miss the lookup; the unique hash stops
    the second insert, and retrying it finds the first one's record."""
    diag = getattr(exc.orig, "diag", None)
    return (getattr(exc.orig, "pgcode", None) == UNIQUE_VIOLATION
            and getattr(diag, "constraint_name", "") == "uq_residents_id_hash")


def update_resident(uow: UnitOfWork, resident_id: int, data: dict, cause: str,
                    actor: str | None = None) -> Resident:
    resident = resident_by_id(uow.session, resident_id, lock=True)
    data = dict(data)
    expect_version(data.pop("version", None), resident.version)
    wanted = columns_of(data)
    _check_test(wanted.get("latest_test_date", resident.latest_test_date),
                wanted.get("latest_test_result", resident.latest_test_result))
    update(uow, resident, wanted, cause, actor)
    return resident


def home_of(session: Session, resident: Resident) -> tuple[Household | None, str | None]:
    """The household a resident lives in and its grid's code (None, None: moved out)."""
    household = (session.get(Household, resident.household_id)
                 if resident.household_id is not None else None)
    return household, grid_code_of(session, resident.household_id)


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value
