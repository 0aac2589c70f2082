"""Where a resident lived, and what changed about them: moves and the change trail."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.common.errors import Conflict
from services.common.unit_of_work import UnitOfWork
from services.registry.adapters.models import (
    Area,
    Household,
    Resident,
    ResidentChange,
    ResidentMove,
)
from services.registry.domain.rules import RuleBroken, move_needed
from services.registry.use_cases import residents
from services.registry.use_cases.lookups import household_by_code, resident_by_id

# household id → (household, its grid's code)
Places = dict[int, tuple[Household, str]]


@dataclass
class Moved:
    resident: Resident
    move: ResidentMove | None  # None: already living there, nothing written
    places: Places


@dataclass
class History:
    resident: Resident
    moves: list[ResidentMove]
    places: Places
    changes: list[ResidentChange]


def places(session: Session, household_ids: set[int | None]) -> Places:
    ids = {i for i in household_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(Household, Area.code).join(Area, Area.id == Household.grid_id)
                           .where(Household.id.in_(ids))).all()
    return {h.id: (h, grid_code) for h, grid_code in rows}


def move_resident(uow: UnitOfWork, resident_id: int, data: dict, cause: str,
                  actor: str | None = None) -> Moved:
    """A resident moved to `to_household_code` (None: out of the area) on `moved_on`.
    Moving them where they already live writes nothing, so a retried request does not
    write the history twice."""
    session = uow.session
    resident = resident_by_id(session, resident_id, lock=True)
    target = (household_by_code(session, data["to_household_code"])
              if data["to_household_code"] is not None else None)
    last_moved_on = session.execute(select(func.max(ResidentMove.moved_on))
                                    .where(ResidentMove.resident_id == resident.id)
                                    ).scalar_one()
    to_id = target.id if target else None
    try:
        needed = move_needed(resident.household_id, to_id, last_moved_on, data["moved_on"])
    except RuleBroken as exc:
        raise Conflict(exc.field, exc.reason) from None
    record = None
    if needed:
        record = residents.move(uow, resident, to_id, data["moved_on"], data["reason"], cause,
                                actor)
    if record is None:
        return Moved(resident, None, {})
    return Moved(resident, record,
                 places(session, {record.from_household_id, record.to_household_id}))


def resident_history(session: Session, resident_id: int) -> History:
    resident = resident_by_id(session, resident_id)
    moves = session.execute(select(ResidentMove).where(ResidentMove.resident_id == resident.id)
                            .order_by(ResidentMove.moved_on, ResidentMove.id)).scalars().all()
    found = places(session, {m.from_household_id for m in moves}
                   | {m.to_household_id for m in moves})
    changes = session.execute(select(ResidentChange).where(ResidentChange.resident_id ==
                                                           resident.id)
                              .order_by(ResidentChange.id)).scalars().all()
    return History(resident, list(moves), found, list(changes))
