"""Visits' copy of dispatch's shifts and who is on them.

Shifts are replaced only by a higher ``version`` (a late shift_scheduled never undoes a
shift_cancelled). Assignment events carry no version: the latest one handled for a
(shift, volunteer) wins, which is dispatch's own order since one queue delivers them in
the order dispatch's outbox published them.

The events that feed it, and the planning they trigger: entrypoints/dispatch_events.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.visits.adapters.models import (
    ASSIGNED,
    SCHEDULED,
    Shift,
    ShiftVolunteer,
)


def _ref(data: dict) -> dict:
    return {"key": data["shift_key"], "order_id": data["order_id"], "unit_id": data["unit_id"],
            "community_code": data["community_code"], "day": data["day"],
            "half": data["half"], "place_code": data["place_code"]}


def ensure_shift(session: Session, data: dict) -> Shift:
    """The shift, created from an assignment's reference when its shift_scheduled has not
    arrived yet (version 0, kinds unknown: it is not split until they are known)."""
    session.execute(insert(Shift).values(**_ref(data), task_kinds=None, head_count=None,
                                         status=SCHEDULED, version=0)
                    .on_conflict_do_nothing())
    return session.get(Shift, data["shift_key"], with_for_update=True)


def apply_scheduled(session: Session, data: dict) -> bool:
    stmt = insert(Shift).values(**_ref(data), task_kinds=list(data["task_kinds"]),
                                head_count=data["head_count"], status=SCHEDULED,
                                version=data["version"])
    done = session.execute(stmt.on_conflict_do_update(
        index_elements=[Shift.key],
        set_={"task_kinds": stmt.excluded.task_kinds, "head_count": stmt.excluded.head_count,
              "status": SCHEDULED, "version": stmt.excluded.version, "day": stmt.excluded.day,
              "half": stmt.excluded.half, "place_code": stmt.excluded.place_code},
        where=Shift.version < stmt.excluded.version).returning(Shift.key)).first()
    return done is not None


def set_volunteer(session: Session, data: dict, status: str, at: datetime) -> None:
    values = {"shift_key": data["shift_key"], "volunteer_id": data["volunteer_id"],
              "status": status}
    if status == ASSIGNED:
        values.update(replaces=data.get("replaces"), reason=None, assigned_at=at,
                      unassigned_at=None)
    else:
        values.update(reason=data["reason"], unassigned_at=at)
    stmt = insert(ShiftVolunteer).values(**values)
    session.execute(stmt.on_conflict_do_update(
        index_elements=[ShiftVolunteer.shift_key, ShiftVolunteer.volunteer_id],
        set_={k: stmt.excluded[k] for k in values if k not in ("shift_key", "volunteer_id")}))
