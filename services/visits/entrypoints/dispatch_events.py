"""Dispatch's events in visits: each applied to visits' copy of the shifts
(adapters/shifts.py), then what it means for tasks (the shift planned, its tasks
cancelled, moved, shared out or released). `DISPATCH_EVENTS.bind(outbox=…, now=…, tz=…,
policy=…)` is the dispatch consumer's table (service.py).

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

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common import untrusted
from services.common.backbone import Backbone
from services.common.envelope import Envelope
from services.common.handlers import Handlers
from services.common.inbound import Incoming, Result
from services.common.unit_of_work import UnitOfWork
from services.visits.adapters.models import ASSIGNED, CANCELLED, UNASSIGNED, Shift, ShiftVolunteer
from services.visits.adapters.shifts import apply_scheduled, ensure_shift, set_volunteer
from services.visits.use_cases.planning import lock_grid, plan_shift
from services.visits.use_cases.tasks import (
    cancel_shift_tasks,
    move_tasks,
    open_tasks,
    rebalance,
    release_tasks,
)

# dispatch follows these with the newcomer's volunteer_assigned (replaces=the leaver)
WAIT_FOR_REPLACEMENT = ("replaced", "swapped")

# each handler is one unit of work inside its message's savepoint: what it stages
# reaches the outbox only if the message is handled whole
DISPATCH_EVENTS = Handlers()


@DISPATCH_EVENTS.on("dispatch.shift_scheduled")
def scheduled(run, session: Session, env: Envelope, data: dict) -> None:
    lock_grid(session, data["place_code"])
    if apply_scheduled(session, data):
        with UnitOfWork.within(session, run.outbox) as uow:
            plan_shift(uow, data["shift_key"], now=run.now(), tz=run.tz(), policy=run.policy)


@DISPATCH_EVENTS.on("dispatch.shift_cancelled")
def cancelled(run, session: Session, env: Envelope, data: dict) -> None:
    lock_grid(session, data["place_code"])
    shift = ensure_shift(session, data)
    if shift.version > data["version"]:
        return                              # scheduled again since: this is stale
    shift.status, shift.version = CANCELLED, data["version"]
    with UnitOfWork.within(session, run.outbox) as uow:
        cancel_shift_tasks(uow, shift, now=run.now(), tz=run.tz())


@DISPATCH_EVENTS.on("dispatch.volunteer_assigned")
def assigned(run, session: Session, env: Envelope, data: dict) -> None:
    lock_grid(session, data["place_code"])
    shift = ensure_shift(session, data)
    set_volunteer(session, data, ASSIGNED, env.time or run.now())
    replaces, volunteer = data.get("replaces"), data["volunteer_id"]
    with UnitOfWork.within(session, run.outbox) as uow:
        if replaces and open_tasks(session, shift_key=shift.key, volunteer_id=replaces):
            move_tasks(uow, shift, replaces, volunteer, now=run.now())
        elif open_tasks(session, shift_key=shift.key) and \
                not open_tasks(session, shift_key=shift.key, volunteer_id=volunteer):
            # someone joined a shift already split (added, or replacing a leaver whose
            # tasks were shared out already): a fair share of what is left
            rebalance(uow, shift, now=run.now(), tz=run.tz(), reason="reassigned")
        plan_shift(uow, shift.key, now=run.now(), tz=run.tz(), policy=run.policy)


@DISPATCH_EVENTS.on("dispatch.volunteer_unassigned")
def unassigned(run, session: Session, env: Envelope, data: dict) -> None:
    lock_grid(session, data["place_code"])
    shift = ensure_shift(session, data)
    set_volunteer(session, data, UNASSIGNED, env.time or run.now())
    reason = data["reason"]
    if reason in WAIT_FOR_REPLACEMENT:
        return          # the replacement's volunteer_assigned (replaces=…) moves them
    with UnitOfWork.within(session, run.outbox) as uow:
        if reason == "shift_cancelled":
            release_tasks(uow, open_tasks(session, shift_key=shift.key,
                                          volunteer_id=data["volunteer_id"]),
                          "shift_cancelled", now=run.now(), tz=run.tz())
        elif open_tasks(session, shift_key=shift.key, volunteer_id=data["volunteer_id"]):
            rebalance(uow, shift, now=run.now(), tz=run.tz(), reason="volunteer_unassigned")


@DISPATCH_EVENTS.on("dispatch.volunteer_checked_in")
def checked_in(run, session: Session, env: Envelope, data: dict) -> None:
    ensure_shift(session, data)
    row = session.get(ShiftVolunteer, (data["shift_key"], data["volunteer_id"]))
    if row is not None and row.checked_in_at is None:
        row.checked_in_at = data["at"]


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
