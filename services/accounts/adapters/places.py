"""Accounts' copies of the places grants name, kept from other services' events (rule 1):
the registry's areas with their paths, dispatch's units with the area that pairs them,
and dispatch's volunteers with their unit. A row is replaced only by a higher version,
so a late or repeated event never undoes a newer one. `places_for` gathers what the
grant rules (domain/grants.py) need to judge some grants."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.accounts.adapters.models import Area, Unit, Volunteer
from services.accounts.domain.grants import REQUEST_HANDLER, Grant, Places, department_area


def _upsert(session: Session, model, key, values: dict) -> bool:
    stmt = insert(model).values(**values)
    done = session.execute(stmt.on_conflict_do_update(
        index_elements=[key], set_={k: stmt.excluded[k] for k in values if k != key.key},
        where=model.version < stmt.excluded.version).returning(key)).first()
    return done is not None


def apply_area(session: Session, data: dict) -> bool:
    return _upsert(session, Area, Area.code, {
        "code": data["code"], "level": data["level"], "parent_code": data["parent_code"],
        "path": list(data["path"]), "version": data["version"]})


def apply_unit(session: Session, data: dict) -> bool:
    """dispatch's unit_registered / unit_updated; `area_code` is kept as last said (a
    payload without it keeps the one known)."""
    values = {"id": data["unit_id"], "active": data["active"], "version": data["version"]}
    if data.get("area_code"):
        values["area_code"] = data["area_code"]
    return _upsert(session, Unit, Unit.id, values)


def apply_volunteer(session: Session, data: dict) -> bool:
    return _upsert(session, Volunteer, Volunteer.id, {
        "id": data["volunteer_id"], "unit_id": data["unit_id"], "active": data["active"],
        "version": data["version"]})


def places_for(session: Session, grants: Iterable[Grant]) -> Places:
    """The paths, units and volunteers the given grants name (for the rules)."""
    grants = list(grants)
    unit_ids = {g.unit for g in grants if g.unit}
    units = {row.id: row.area_code for row in session.execute(
        select(Unit.id, Unit.area_code).where(Unit.id.in_(unit_ids)))} if unit_ids else {}
    departments = {department_area(g.unit) for g in grants if g.role == REQUEST_HANDLER}
    codes = {g.area for g in grants if g.area} | {a for a in units.values() if a} | \
        {d for d in departments if d}
    areas = {row.code: tuple(row.path) for row in session.execute(
        select(Area.code, Area.path).where(Area.code.in_(codes)))} if codes else {}
    volunteer_ids = {g.volunteer for g in grants if g.volunteer}
    volunteers = {row.id: row.unit_id for row in session.execute(
        select(Volunteer.id, Volunteer.unit_id).where(Volunteer.id.in_(volunteer_ids)))} \
        if volunteer_ids else {}
    return Places(areas=areas, units=units, volunteers=volunteers)
