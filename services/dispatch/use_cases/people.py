"""Units (单位) and their volunteers: create, change, show. People's names and phones are
shown masked; a view shows them in clear only for fields the caller asked to reveal (the
HTTP use case checks read_sensitive and writes the audit row first)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.common.errors import Conflict, NotFound, Refused
from services.common.pii import mask_name, mask_phone
from services.common.unit_of_work import UnitOfWork
from services.dispatch import clock
from services.dispatch.adapters.locks import lock_units
from services.dispatch.adapters.models import Unit, Volunteer
from services.dispatch.adapters.places import area_path, unknown_area
from services.dispatch.domain import check_version
from services.dispatch.use_cases.refills import refill_understaffed
from services.dispatch.use_cases.withdrawals import (
    AVAILABILITY_FIELDS,
    booked_units,
    withdraw_unavailable,
)

VOLUNTEER_FIELDS = ("unit_id", "name", "phone", "party_member", "skills", "weekdays",
                    "halves", "blackout", "weekly_limit", "active")
# set only by an approval in accounts (use_cases/approvals.py), never by a roster or a body
LINK_FIELDS = ("account_id",)
UNIT_FIELDS = ("name", "coordinator_name", "coordinator_phone", "active")
# what `?reveal=` may ask for in clear
VOLUNTEER_REVEALABLE = ("name", "phone")
UNIT_REVEALABLE = ("coordinator_name", "coordinator_phone")


# -- views: what HTTP answers --------------------------------------------------------------
def unit_view(unit: Unit, volunteers: int | None = None, reveal: tuple[str, ...] = ()
              ) -> dict:
    coordinator = {"name_masked": mask_name(unit.coordinator_name),
                   "phone_masked": mask_phone(unit.coordinator_phone)}
    if "coordinator_name" in reveal:
        coordinator["name"] = unit.coordinator_name
    if "coordinator_phone" in reveal:
        coordinator["phone"] = unit.coordinator_phone
    view = {"unit_id": unit.id, "name": unit.name, "area_code": unit.area_code,
            "active": unit.active, "coordinator": coordinator, "version": unit.version}
    if volunteers is not None:
        view["volunteers"] = volunteers
    return view


def volunteer_view(v: Volunteer, reveal: tuple[str, ...] = ()) -> dict:
    clear = {name: getattr(v, name) for name in reveal if name in VOLUNTEER_REVEALABLE}
    return {"volunteer_id": v.id, "unit_id": v.unit_id, "name_masked": mask_name(v.name),
            "phone_masked": mask_phone(v.phone), **clear, "party_member": v.party_member,
            "skills": sorted(v.skills or []), "weekdays": sorted(v.weekdays or []),
            "halves": sorted(v.halves or []), "blackout": sorted(v.blackout or []),
            "weekly_limit": v.weekly_limit, "active": v.active, "version": v.version,
            "account_id": v.account_id}


def _unit_payload(unit: Unit, actor: str | None) -> dict:
    return {"unit_id": unit.id, "name": unit.name, "area_code": unit.area_code,
            "active": unit.active, "version": unit.version, "actor": actor}


def _volunteer_payload(v: Volunteer, cause: str, actor: str | None) -> dict:
    return {"volunteer_id": v.id, "unit_id": v.unit_id, "party_member": v.party_member,
            "skills": sorted(v.skills or []), "active": v.active, "version": v.version,
            "cause": cause, "actor": actor, "account_id": v.account_id}


# -- look-ups ------------------------------------------------------------------------------
def unit_by_id(session: Session, unit_id: str, *, lock: bool = False) -> Unit:
    query = select(Unit).where(Unit.id == unit_id)
    if lock:  # NO KEY UPDATE, as lock_units: rows referring to the unit may still be added
        query = query.with_for_update(key_share=True).execution_options(populate_existing=True)
    unit = session.execute(query).scalar_one_or_none()
    if unit is None:
        raise NotFound("unit", unit_id)
    return unit


def volunteer_by_id(session: Session, volunteer_id: str, *, lock: bool = False) -> Volunteer:
    query = select(Volunteer).where(Volunteer.id == volunteer_id)
    if lock:
        # NO KEY UPDATE: a staffing use case booking this person (its insert takes KEY
        # SHARE on the row) is not made to wait; the fresh values win over the identity
        # map's copy read before the lock
        query = query.with_for_update(key_share=True).execution_options(populate_existing=True)
    row = session.execute(query).scalar_one_or_none()
    if row is None:
        raise NotFound("volunteer", volunteer_id)
    return row


def volunteer_count(session: Session, unit_id: str) -> int:
    return session.execute(select(func.count()).select_from(Volunteer)
                           .where(Volunteer.unit_id == unit_id)).scalar_one()


# -- units ---------------------------------------------------------------------------------
def create_unit(uow: UnitOfWork, data: dict, actor: str | None = None) -> Unit:
    session = uow.session
    if area_path(session, data["area_code"]) is None:
        raise Refused([("area_code", unknown_area(data["area_code"]))])
    values = {"id": data["unit_id"], **{k: data[k] for k in UNIT_FIELDS},
              "area_code": data["area_code"], "version": 1, "changed_by": actor}
    created = session.execute(insert(Unit).values(**values).on_conflict_do_nothing()
                              .returning(Unit.id)).first()
    if created is None:
        raise Conflict("unit_id", f"unit {data['unit_id']} already exists")
    unit = unit_by_id(session, data["unit_id"])
    uow.events.add("unit_registered", _unit_payload(unit, actor), unit.id)
    return unit


def update_unit(uow: UnitOfWork, unit_id: str, data: dict, actor: str | None = None
                ) -> Unit:
    unit = unit_by_id(uow.session, unit_id, lock=True)
    check_version(data.pop("version", None), unit.version)
    changed = {k: v for k, v in data.items() if getattr(unit, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(unit, key, value)
        unit.version += 1
        unit.changed_by = actor
        uow.session.flush()
        if set(changed) & {"name", "active"}:
            uow.events.add("unit_updated", _unit_payload(unit, actor), unit.id)
    return unit


# -- volunteers ----------------------------------------------------------------------------
def _known_unit(session: Session, unit_id: str) -> None:
    if session.get(Unit, unit_id) is None:
        raise Refused([("unit_id", f"unknown unit {unit_id}")])


def enrol_volunteer(uow: UnitOfWork, data: dict, cause: str,
                    *, update: bool = True, refill: bool = True, actor: str | None = None
                    ) -> tuple[Volunteer, bool]:
    """Create a volunteer, or (``update``) change the one with that id. → (row, created).

    A new active volunteer may fill the unit's understaffed shifts; ``refill`` false
    leaves that to the caller (a roster import refills once, after its last row).

    The unit's lock is taken before the row that refers to it is written (lock order in
    adapters/locks.py): inserting first holds KEY SHARE on the unit, and two enrolments
    in one unit that then both asked for its lock waited on each other."""
    session = uow.session
    volunteer_id = data.get("volunteer_id") or f"v-{uuid.uuid4().hex[:12]}"
    values = {k: data[k] for k in VOLUNTEER_FIELDS + LINK_FIELDS if k in data}
    exists = session.execute(select(Volunteer.id).where(Volunteer.id == volunteer_id)).first()
    created = None
    if exists is None:
        if data["unit_id"] not in lock_units(session, [data["unit_id"]]):
            raise Refused([("unit_id", f"unknown unit {data['unit_id']}")])
        created = session.execute(
            insert(Volunteer).values(id=volunteer_id, version=1, changed_by=actor, **values)
            .on_conflict_do_nothing().returning(Volunteer.id)).first()
    else:
        _known_unit(session, data["unit_id"])
    if created is None:
        if not update:
            raise Conflict("volunteer_id", f"volunteer {volunteer_id} already exists")
        return change_volunteer(uow, volunteer_id, values, cause,
                                refill=refill, actor=actor), False
    row = volunteer_by_id(session, volunteer_id)
    uow.events.add("volunteer_registered", _volunteer_payload(row, cause, actor), row.id)
    if refill and row.active:
        _restaff(uow, row, withdraw=False, refill=True)
    return row, True


def change_volunteer(uow: UnitOfWork, volunteer_id: str, data: dict, cause: str, *,
                     refill: bool = True, actor: str | None = None) -> Volunteer:
    """Change a volunteer. Shifts follow: when the change means they can no longer do a
    booked shift (deactivated, other unit, blackout dates, …) they leave it and it is
    staffed again; when it may free them for more (activated, wider availability) the
    unit's understaffed shifts are staffed again (``refill`` false: the caller will).

    A change that may move shifts locks every unit it can touch first (its unit, the new
    one, those of its bookings), in one go and in order, then the person
    (adapters/locks.py)."""
    session = uow.session
    if set(data) & AVAILABILITY_FIELDS:
        known = volunteer_by_id(session, volunteer_id)
        units = {known.unit_id, data.get("unit_id") or known.unit_id}
        lock_units(session, units | booked_units(session, volunteer_id, clock.now(), clock.tz()))
    row = volunteer_by_id(session, volunteer_id, lock=True)
    check_version(data.pop("version", None), row.version)
    if "unit_id" in data and data["unit_id"] != row.unit_id:
        _known_unit(session, data["unit_id"])
    changed = {k: v for k, v in data.items() if _differs(getattr(row, k), v)}
    if changed:
        for key, value in changed.items():
            setattr(row, key, value)
        row.version += 1
        row.changed_by = actor
        session.flush()
        uow.events.add("volunteer_updated", _volunteer_payload(row, cause, actor), row.id)
        if set(changed) & AVAILABILITY_FIELDS:
            _restaff(uow, row, withdraw=True, refill=refill and row.active)
    return row


def _restaff(uow: UnitOfWork, row: Volunteer, *, withdraw: bool, refill: bool) -> None:
    now, tz = clock.now(), clock.tz()
    if withdraw:
        withdraw_unavailable(uow, row, now=now, tz=tz)
    if refill:
        refill_understaffed(uow, row.unit_id, now=now, tz=tz)


def _differs(current, new) -> bool:
    if isinstance(current, list) and isinstance(new, list):
        return sorted(current) != sorted(new)
    return current != new
