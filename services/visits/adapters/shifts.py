"""Visits' copy of dispatch's shifts and who is on them, and what a change means for tasks.

Shifts are replaced only by a higher ``version`` (a late shift_scheduled never undoes a
shift_cancelled). Assignment events carry no version: the latest one handled for a
(shift, volunteer) wins, which is dispatch's own order since one queue delivers them in
the order dispatch's outbox published them.

Every handler needs the shift's grid locked (planning.lock_grid) before anything else:
the planning of a grid moves tasks between its shifts, so taking the grid first and the
rows after, in every transaction, keeps the order of locks one and the same. A batch's
messages share one transaction, and scaled instances run batches side by side, so the
grids are not taken message by message (two batches naming grids A and B in opposite
orders would each hold one and wait for the other): `GridLocks` takes every grid the
batch names, sorted, before its first message, and the handlers' own lock_grid then finds
it held.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.common import untrusted
from services.common.backbone import Backbone
from services.common.envelope import Envelope
from services.common.inbound import Incoming, Result
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.visits.adapters.models import (
    ASSIGNED,
    CANCELLED,
    SCHEDULED,
    UNASSIGNED,
    Shift,
    ShiftVolunteer,
)
from services.visits.use_cases.planning import lock_grid, plan_shift
from services.visits.use_cases.tasks import (
    TaskPolicy,
    cancel_shift_tasks,
    move_tasks,
    open_tasks,
    rebalance,
    release_tasks,
)

# dispatch follows these with the newcomer's volunteer_assigned (replaces=the leaver)
WAIT_FOR_REPLACEMENT = ("replaced", "swapped")


def _ref(data: dict) -> dict:
    return {"key": data["shift_key"], "order_id": data["order_id"], "unit_id": data["unit_id"],
            "community_code": data["community_code"], "day": data["day"],
            "half": data["half"], "place_code": data["place_code"]}


def _ensure_shift(session: Session, data: dict) -> Shift:
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


def _set_volunteer(session: Session, data: dict, status: str, at: datetime) -> None:
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


def dispatch_handlers(outbox: Outbox, now: Callable[[], datetime], tz,
                      policy: TaskPolicy) -> dict:
    # each handler is one unit of work inside its message's savepoint: what it stages
    # reaches the outbox only if the message is handled whole
    def scheduled(session: Session, env: Envelope, data: dict) -> None:
        lock_grid(session, data["place_code"])
        if apply_scheduled(session, data):
            with UnitOfWork.within(session, outbox) as uow:
                plan_shift(uow, data["shift_key"], now=now(), tz=tz(), policy=policy)

    def cancelled(session: Session, env: Envelope, data: dict) -> None:
        lock_grid(session, data["place_code"])
        shift = _ensure_shift(session, data)
        if shift.version > data["version"]:
            return                              # scheduled again since: this is stale
        shift.status, shift.version = CANCELLED, data["version"]
        with UnitOfWork.within(session, outbox) as uow:
            cancel_shift_tasks(uow, shift, now=now(), tz=tz())

    def assigned(session: Session, env: Envelope, data: dict) -> None:
        lock_grid(session, data["place_code"])
        shift = _ensure_shift(session, data)
        _set_volunteer(session, data, ASSIGNED, env.time or now())
        replaces, volunteer = data.get("replaces"), data["volunteer_id"]
        with UnitOfWork.within(session, outbox) as uow:
            if replaces and open_tasks(session, shift_key=shift.key, volunteer_id=replaces):
                move_tasks(uow, shift, replaces, volunteer, now=now())
            elif open_tasks(session, shift_key=shift.key) and \
                    not open_tasks(session, shift_key=shift.key, volunteer_id=volunteer):
                # someone joined a shift already split (added, or replacing a leaver whose
                # tasks were shared out already): a fair share of what is left
                rebalance(uow, shift, now=now(), tz=tz(), reason="reassigned")
            plan_shift(uow, shift.key, now=now(), tz=tz(), policy=policy)

    def unassigned(session: Session, env: Envelope, data: dict) -> None:
        lock_grid(session, data["place_code"])
        shift = _ensure_shift(session, data)
        _set_volunteer(session, data, UNASSIGNED, env.time or now())
        reason = data["reason"]
        if reason in WAIT_FOR_REPLACEMENT:
            return          # the replacement's volunteer_assigned (replaces=…) moves them
        with UnitOfWork.within(session, outbox) as uow:
            if reason == "shift_cancelled":
                release_tasks(uow, open_tasks(session, shift_key=shift.key,
                                              volunteer_id=data["volunteer_id"]),
                              "shift_cancelled", now=now(), tz=tz())
            elif open_tasks(session, shift_key=shift.key, volunteer_id=data["volunteer_id"]):
                rebalance(uow, shift, now=now(), tz=tz(), reason="volunteer_unassigned")

    def checked_in(session: Session, env: Envelope, data: dict) -> None:
        _ensure_shift(session, data)
        row = session.get(ShiftVolunteer, (data["shift_key"], data["volunteer_id"]))
        if row is not None and row.checked_in_at is None:
            row.checked_in_at = data["at"]

    return {"dispatch.shift_scheduled": scheduled, "dispatch.shift_cancelled": cancelled,
            "dispatch.volunteer_assigned": assigned,
            "dispatch.volunteer_unassigned": unassigned,
            "dispatch.volunteer_checked_in": checked_in}


class GridLocks:
    """The inbox's batch hooks (services/common/inbox.py `BatchHooks`) of the dispatch
    consumer: the grids of the batch locked in one order before its first message.

    The grids are those the messages name (`place_code`) and those their shifts are in
    now (a shift's place may have changed since an older message was published; the
    planning locks the shift's current grid). Taken outside any savepoint, the locks last
    until the commit. A body that does not parse, or a code the database would refuse,
    names no grid: the inbox rejects such a message, and a hook that raised would fail
    the whole batch instead."""

    def __init__(self, messages: list[Incoming]) -> None:
        self.grids: set[str] = set()
        self.shifts: set[str] = set()
        for message in messages:
            try:
                data = untrusted.loads(message.body).get("data")
            except (untrusted.UntrustedInput, AttributeError):
                continue
            if not isinstance(data, dict):
                continue
            for name, keys in (("place_code", self.grids), ("shift_key", self.shifts)):
                value = data.get(name)
                if isinstance(value, str) and 0 < len(value) <= 200:
                    keys.add(value)

    def before_batch(self, session: Session) -> None:
        grids = set(self.grids)
        if self.shifts:
            grids.update(session.execute(
                select(Shift.place_code).where(Shift.key.in_(sorted(self.shifts))))
                .scalars())
        for grid in sorted(grids):
            lock_grid(session, grid)

    def after_batch(self, session: Session) -> None:
        pass


def consume_dispatch(backbone: Backbone, messages: list[Incoming], handlers: dict
                     ) -> list[Result]:
    """One inbox transaction for a batch of dispatch's events, its grids locked first."""
    return backbone.inbox("dispatch", handlers).process_batch(backbone.db, messages,
                                                             GridLocks(messages))
