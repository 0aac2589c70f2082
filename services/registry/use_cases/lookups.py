"""Finding rows by their public keys, and the checks every write shares: the registry's
use cases and its access scopes read rows through these."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.common.errors import Conflict, NotFound, Refused
from services.registry.adapters.models import Area, Building, Household, Resident
from services.registry.domain.rules import RuleBroken, check_version

UNIQUE_VIOLATION = "23505"
BIGINT_MAX = 2**63 - 1


def _one(session: Session, model, column, key, what: str, lock: bool):
    query = select(model).where(column == key)
    if lock:
        query = query.with_for_update()
    row = session.execute(query).scalar_one_or_none()
    if row is None:
        raise NotFound(what, key)
    return row


def area_by_code(session: Session, code: str, *, lock: bool = False) -> Area:
    return _one(session, Area, Area.code, code, "area", lock)


def grid_by_code(session: Session, code: str, field: str | None = None) -> Area:
    """The grid with this code. Another level is 404 for a grid named in the URL, and a
    conflict naming the field when a body refers to it."""
    area = _one(session, Area, Area.code, code, "grid", False)
    if area.level != "grid":
        if field is None:
            raise NotFound("grid", code)
        raise Conflict(field, f"{code} is a {area.level}, not a grid")
    return area


def building_by_code(session: Session, code: str, *, lock: bool = False) -> Building:
    return _one(session, Building, Building.code, code, "building", lock)


def household_by_code(session: Session, code: str, *, lock: bool = False) -> Household:
    return _one(session, Household, Household.code, code, "household", lock)


def resident_by_id(session: Session, resident_id: int, *, lock: bool = False) -> Resident:
    if resident_id > BIGINT_MAX:  # no such row, and not worth a database error
        raise NotFound("resident", resident_id)
    return _one(session, Resident, Resident.id, resident_id, "resident", lock)


def area_code(session: Session, area_id: int | None) -> str | None:
    if area_id is None:
        return None
    return session.execute(select(Area.code).where(Area.id == area_id)).scalar_one()


def expect_version(expected: int | None, current: int) -> None:
    try:
        check_version(expected, current)
    except RuleBroken as exc:
        raise Conflict(exc.field, exc.reason) from None


def refusal_of(exc: RuleBroken) -> Refused:
    """A broken rule as the refusal of the field it names (a 400 over HTTP, a rejection
    for an inbound event)."""
    return Refused([(exc.field, exc.reason)])


@contextmanager
def unique(session: Session, field: str, reason: str) -> Iterator[None]:
    """Flush, turning a unique-key race (two requests creating the same code) into 409.

    The check before the insert answers nearly every duplicate; this catches the two
    that passed it at the same moment.
    """
    try:
        yield
        session.flush()
    except IntegrityError as exc:
        if getattr(exc.orig, "pgcode", None) == UNIQUE_VIOLATION:
            raise Conflict(field, reason) from None
        raise


def apply_changes(session: Session, row, data: dict) -> dict:
    """Set the fields whose value really changes; if any did, the row takes a new version
    (flushed, so its event carries it). Returns {field: new value}."""
    changed = {k: v for k, v in data.items() if getattr(row, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(row, key, value)
        row.version += 1
        session.flush()
    return changed
