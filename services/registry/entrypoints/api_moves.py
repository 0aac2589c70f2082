"""Where a resident lived, and what changed about them: moves and the change trail."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.common.backbone import Backbone
from services.common.web import Conflict, query_args, read_json
from services.registry.adapters.models import Area, Household, ResidentChange, ResidentMove
from services.registry.domain.rules import RuleBroken, move_needed
from services.registry.entrypoints import schemas
from services.registry.entrypoints.api_lookups import household_by_code, resident_by_id
from services.registry.entrypoints.api_residents import CAUSE, view_of
from services.registry.entrypoints.api_views import change_view, move_view, place_view
from services.registry.use_cases import residents


def _places(session: Session, household_ids: set[int | None]) -> dict[int, dict]:
    ids = {i for i in household_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(Household, Area.code).join(Area, Area.id == Household.grid_id)
                           .where(Household.id.in_(ids))).all()
    return {h.id: place_view(h, grid_code) for h, grid_code in rows}


def move_resident(backbone: Backbone, request, resident_id: int) -> tuple[int, dict]:
    """201 with the recorded move; 200 with `moved: false` when the resident already lives
    there, so a retried request does not write the history twice."""
    data = schemas.ResidentMove().load(read_json(request))
    with backbone.db.transaction() as session:
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
            record = residents.move(session, backbone.outbox, resident, to_id,
                                    data["moved_on"], data["reason"], CAUSE)
        move = None
        if record is not None:
            places = _places(session, {record.from_household_id, record.to_household_id})
            move = move_view(record, places)
        body = {"moved": record is not None, "move": move,
                "resident": view_of(session, resident)}
        return (201 if record is not None else 200), body


def resident_history(backbone: Backbone, request, resident_id: int) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        resident = resident_by_id(session, resident_id)
        moves = session.execute(select(ResidentMove).where(ResidentMove.resident_id ==
                                                           resident.id)
                                .order_by(ResidentMove.moved_on, ResidentMove.id)).scalars().all()
        places = _places(session, {m.from_household_id for m in moves}
                         | {m.to_household_id for m in moves})
        changes = session.execute(select(ResidentChange).where(ResidentChange.resident_id ==
                                                               resident.id)
                                  .order_by(ResidentChange.id)).scalars()
        return {"resident": view_of(session, resident),
                "moves": [move_view(m, places) for m in moves],
                "changes": [change_view(c) for c in changes]}
