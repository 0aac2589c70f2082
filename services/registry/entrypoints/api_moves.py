"""Where a resident lived, and what changed about them, over HTTP: moves and the trail."""

from __future__ import annotations

from services.common.backbone import Backbone
from services.common.guard import who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.registry.entrypoints import schemas
from services.registry.entrypoints.api_residents import CAUSE, view_of
from services.registry.entrypoints.views import change_view, move_view, place_view
from services.registry.use_cases import moves
from services.registry.use_cases.moves import Places


def _places(found: Places) -> dict[int, dict]:
    return {hid: place_view(h, grid_code) for hid, (h, grid_code) in found.items()}


def move_resident(backbone: Backbone, request, resident_id: int) -> tuple[int, dict]:
    """201 with the recorded move; 200 with `moved: false` when the resident already lives
    there, so a retried request does not write the history twice."""
    data = schemas.ResidentMove().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        moved = moves.move_resident(uow, resident_id, data, CAUSE, who(request).subject)
        move = move_view(moved.move, _places(moved.places)) if moved.move else None
        body = {"moved": moved.move is not None, "move": move,
                "resident": view_of(uow.session, moved.resident)}
        return (201 if moved.move is not None else 200), body


def resident_history(backbone: Backbone, request, resident_id: int) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        found = moves.resident_history(session, resident_id)
        places = _places(found.places)
        return {"resident": view_of(session, found.resident),
                "moves": [move_view(m, places) for m in found.moves],
                "changes": [change_view(c) for c in found.changes]}
