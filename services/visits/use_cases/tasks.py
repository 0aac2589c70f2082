"""Visit tasks: a door_to_door shift's households split among its volunteers.

When a shift is split. Dispatch announces a shift's volunteers one event at a time, and
a shift may be staffed days ahead. Splitting on each assignment would re-split (and
re-announce) the whole grid once per volunteer; splitting days ahead would hand today's
not-home households to nobody, since every later shift would already be split. So a
shift is split once, when it is due: from ``lead`` before its start as soon as it is
fully staffed, or at its start with whoever is on it by then. Shifts of the same grid
that are over are wound up first, so their unvisited households are in the split. The
split itself, shared by every shift due in a grid at once, is planning.py's.

After the split only what must move moves: a replacement takes over the leaver's open
tasks as they are; a volunteer leaving without a replacement, or one added, causes a
re-split of the shift's open (not yet visited) tasks among the volunteers now on it
(same buildings together again); nobody left: the tasks are released. A cancelled or
ended shift releases its open tasks and the households go back to their previous state
(not assigned, or not home with their attempts), ready for a later shift.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.common.slots import shift_hours
from services.common.unit_of_work import EventSink, UnitOfWork
from services.visits.adapters.models import (
    ACTIVE,
    ASSIGNED,
    DOOR_TO_DOOR,
    OPEN,
    RELEASED,
    SCHEDULED,
    Campaign,
    CampaignHousehold,
    Household,
    Shift,
    ShiftPlan,
    ShiftVolunteer,
    Task,
)
from services.visits.adapters.states import state_of, write_state
from services.visits.domain.households import release
from services.visits.domain.tasks import HouseholdSlot, split_households

# a shift's hours are dispatch's (services/common/slots.py)


@dataclass(frozen=True)
class TaskPolicy:
    """``lead``: how long before its start a fully staffed shift gets its tasks."""

    lead: timedelta = timedelta(minutes=60)



def on_shift(session: Session, key: str) -> list[str]:
    return list(session.execute(
        select(ShiftVolunteer.volunteer_id)
        .where(ShiftVolunteer.shift_key == key, ShiftVolunteer.status == ASSIGNED)
        .order_by(ShiftVolunteer.volunteer_id)).scalars())


def covering_campaigns(session: Session, grid_code: str, day: date) -> list[Campaign]:
    """Active campaigns whose area holds the grid and whose period holds the day."""
    return list(session.execute(
        select(Campaign).where(Campaign.status == ACTIVE,
                               Campaign.grid_codes.contains([grid_code]),
                               Campaign.start <= day, Campaign.end >= day)
        .order_by(Campaign.id)).scalars())


class TaskEvents:
    """tasks_assigned / tasks_released of one use case, gathered per volunteer (and per
    replacement) and staged as one event each into the unit of work's events at the end:
    a re-split moves many households, and each volunteer's phone wants one list."""

    def __init__(self, shift: Shift) -> None:
        self.shift = shift
        self.assigned: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.released: dict[tuple[str, str, str, str | None], list[str]] = defaultdict(list)

    def assign(self, campaign_id: str, volunteer: str, code: str) -> None:
        self.assigned[(campaign_id, volunteer)].append(code)

    def release(self, campaign_id: str, volunteer: str, code: str, reason: str,
                moved_to: str | None = None) -> None:
        self.released[(campaign_id, volunteer, reason, moved_to)].append(code)

    def write(self, events: EventSink) -> None:
        s = self.shift
        for (campaign_id, volunteer, reason, moved_to), codes in self.released.items():
            events.add("tasks_released", {
                "campaign_id": campaign_id, "shift_key": s.key, "grid_code": s.place_code,
                "volunteer_id": volunteer, "household_codes": sorted(codes),
                "reason": reason, "moved_to": moved_to}, subject=s.key)
        for (campaign_id, volunteer), codes in self.assigned.items():
            events.add("tasks_assigned", {
                "campaign_id": campaign_id, "shift_key": s.key, "grid_code": s.place_code,
                "day": s.day, "half": s.half, "volunteer_id": volunteer,
                "household_codes": sorted(codes)}, subject=s.key)


def _households(session: Session, campaign_id: str, codes) -> dict[str, CampaignHousehold]:
    rows = session.execute(
        select(CampaignHousehold)
        .where(CampaignHousehold.campaign_id == campaign_id,
               CampaignHousehold.household_code.in_(list(codes)))
        .order_by(CampaignHousehold.household_code)
        .with_for_update()).scalars()
    return {row.household_code: row for row in rows}


def _slots(session: Session, rows) -> list[HouseholdSlot]:
    rows = list(rows)
    addresses = dict(session.execute(
        select(Household.code, Household.address)
        .where(Household.code.in_([r.household_code for r in rows]))).all())
    return [HouseholdSlot(r.household_code, r.building_code,
                          addresses.get(r.household_code) or "") for r in rows]


def _new_task(session: Session, campaign_id: str, shift_key: str, volunteer: str,
              code: str, now: datetime) -> None:
    session.add(Task(campaign_id=campaign_id, shift_key=shift_key, volunteer_id=volunteer,
                     household_code=code, status=OPEN, assigned_at=now))


def _close(task: Task, now: datetime, reason: str) -> None:
    task.status, task.closed_at, task.close_reason = RELEASED, now, reason


# -- taking tasks back -------------------------------------------------------------------
def open_tasks(session: Session, *, shift_key: str | None = None,
               campaign_id: str | None = None, volunteer_id: str | None = None
               ) -> list[Task]:
    query = select(Task).where(Task.status == OPEN)
    if shift_key is not None:
        query = query.where(Task.shift_key == shift_key)
    if campaign_id is not None:
        query = query.where(Task.campaign_id == campaign_id)
    if volunteer_id is not None:
        query = query.where(Task.volunteer_id == volunteer_id)
    return list(session.execute(query.order_by(Task.id).with_for_update()).scalars())


def release_tasks(uow: UnitOfWork, tasks: list[Task], reason: str, *, now: datetime,
                  tz: tzinfo) -> int:
    """Close the tasks and put their households back to their previous state."""
    if not tasks:
        return 0
    session = uow.session
    today = now.astimezone(tz).date()
    shifts = {t.shift_key for t in tasks}
    events = {key: TaskEvents(session.get(Shift, key)) for key in shifts}
    by_campaign: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        by_campaign[task.campaign_id].append(task)
    for campaign_id, group in by_campaign.items():
        max_attempts = session.get(Campaign, campaign_id).max_attempts
        rows = _households(session, campaign_id, {t.household_code for t in group})
        for task in group:
            _close(task, now, reason)
            row = rows[task.household_code]
            if row.state == "assigned":
                write_state(uow.events, row,
                            release(state_of(row), max_attempts=max_attempts),
                            at=now, day=today)
            row.shift_key = row.volunteer_id = None
            events[task.shift_key].release(campaign_id, task.volunteer_id,
                                           task.household_code, reason)
    for shift_events in events.values():
        shift_events.write(uow.events)
    return len(tasks)


def move_tasks(uow: UnitOfWork, shift: Shift, leaver: str, replacement: str, *,
               now: datetime) -> int:
    """A replacement takes over the leaver's open tasks on the shift, as they are."""
    session = uow.session
    tasks = open_tasks(session, shift_key=shift.key, volunteer_id=leaver)
    if not tasks:
        return 0
    events = TaskEvents(shift)
    for task in tasks:
        _close(task, now, "volunteer_unassigned")
        session.flush()               # the open-task index allows one open task at a time
        _new_task(session, task.campaign_id, shift.key, replacement, task.household_code, now)
        events.release(task.campaign_id, leaver, task.household_code, "volunteer_unassigned",
                       moved_to=replacement)
        events.assign(task.campaign_id, replacement, task.household_code)
    _set_volunteer(session, tasks, replacement)
    events.write(uow.events)
    return len(tasks)


def _set_volunteer(session: Session, tasks: list[Task], volunteer: str | None) -> None:
    by_campaign: dict[str, set[str]] = defaultdict(set)
    for task in tasks:
        by_campaign[task.campaign_id].add(task.household_code)
    for campaign_id, codes in by_campaign.items():
        for row in _households(session, campaign_id, codes).values():
            row.volunteer_id = volunteer


def rebalance(uow: UnitOfWork, shift: Shift, *, now: datetime, tz: tzinfo,
              reason: str) -> int:
    """Re-split the shift's open tasks among the volunteers now on it (someone left
    without a replacement, or was added). → tasks that changed hands or were released."""
    session = uow.session
    tasks = open_tasks(session, shift_key=shift.key)
    if not tasks:
        return 0
    volunteers = on_shift(session, shift.key)
    if not volunteers:
        return release_tasks(uow, tasks, "volunteer_unassigned", now=now, tz=tz)
    events = TaskEvents(shift)
    by_campaign: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        by_campaign[task.campaign_id].append(task)
    changed, dropped = 0, []
    for campaign_id, group in by_campaign.items():
        campaign = session.get(Campaign, campaign_id)
        rows = _households(session, campaign_id, {t.household_code for t in group})
        split = split_households(_slots(session, rows.values()), volunteers,
                                 per_volunteer=campaign.per_volunteer)
        owner = {code: v for v, codes in split.items() for code in codes}
        for task in group:
            new = owner.get(task.household_code)
            if new is None:
                dropped.append(task)          # over the cap of those who stay
                continue
            if new == task.volunteer_id:
                continue
            _close(task, now, reason)
            session.flush()
            _new_task(session, campaign_id, shift.key, new, task.household_code, now)
            rows[task.household_code].volunteer_id = new
            events.release(campaign_id, task.volunteer_id, task.household_code, reason,
                           moved_to=new)
            events.assign(campaign_id, new, task.household_code)
            changed += 1
    events.write(uow.events)
    return changed + release_tasks(uow, dropped, reason, now=now, tz=tz)


# -- shifts that are over ----------------------------------------------------------------
def wind_up_ended(uow: UnitOfWork, *, now: datetime, tz: tzinfo,
                  grid_code: str | None = None) -> int:
    """Release the open tasks of door_to_door shifts that are over (their half-day is
    past): not-home and unvisited households come back in a later shift. → shifts."""
    query = (select(Shift).where(Shift.ended_at.is_(None), Shift.status == SCHEDULED,
                                 Shift.task_kinds.contains([DOOR_TO_DOOR]),
                                 Shift.day <= now.astimezone(tz).date())
             .order_by(Shift.day, Shift.key).with_for_update(skip_locked=True))
    if grid_code is not None:
        query = query.where(Shift.place_code == grid_code)
    count = 0
    for shift in uow.session.execute(query).scalars().all():
        if shift_hours(shift.day, shift.half, tz)[1] > now:
            continue
        release_tasks(uow, open_tasks(uow.session, shift_key=shift.key), "shift_ended",
                      now=now, tz=tz)
        shift.ended_at = now
        count += 1
    return count


def cancel_shift_tasks(uow: UnitOfWork, shift: Shift, *, now: datetime, tz: tzinfo) -> int:
    released = release_tasks(uow, open_tasks(uow.session, shift_key=shift.key),
                             "shift_cancelled", now=now, tz=tz)
    # a shift called off and scheduled again later is split afresh
    uow.session.execute(delete(ShiftPlan).where(ShiftPlan.shift_key == shift.key))
    return released
