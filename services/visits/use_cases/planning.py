"""Handing a grid's households to the door_to_door shifts due there (see tasks.py for when
a shift is due and what happens to its tasks afterwards).

A grid is planned as a whole, never one shift at a time. Several shifts can be due in one
grid at once (two orders, two units, a whole-day shift beside a morning one), and dispatch
announces them and their volunteers in any order, before or after a campaign starts. So
every due shift of the grid that is ready (staffed, or started) shares each covering
campaign's households: when a shift becomes ready after others of its grid were split, the
campaign's open tasks on those shifts and its households still waiting are split again
among all of their volunteers, so the newcomer gets its share instead of what is left. A
shift not ready yet records no plan and is planned again when its people arrive (the
dispatch consumer calls `plan_shift` after every change) or at the next sweep.

Planning a grid takes a transaction-scoped advisory lock on the grid first: the sweep, the
planning after a campaign starts and the dispatch consumer plan the same grid one after
the other, and whoever comes second sees what the first committed.

Writes are set-based (one statement per kind of row and one for the events), so a street
of tens of thousands of households is split in seconds, not in minutes of one statement
per household.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from services.common.db import Database
from services.common.outbox import Outbox
from services.common.slots import shift_hours
from services.common.unit_of_work import UnitOfWork
from services.visits.adapters.models import (
    ACTIVE,
    DOOR_TO_DOOR,
    OPEN,
    RELEASED,
    SCHEDULED,
    Campaign,
    CampaignHousehold,
    Household,
    Shift,
    ShiftPlan,
    Task,
)
from services.visits.adapters.states import state_of
from services.visits.domain.households import assign, needs_visit
from services.visits.domain.tasks import HouseholdSlot, reassignments, split_households
from services.visits.use_cases.tasks import (
    TaskEvents,
    TaskPolicy,
    covering_campaigns,
    on_shift,
    release_tasks,
    wind_up_ended,
)

# pg_advisory_xact_lock(int, int) keys: (this, hashtext(grid code)); the two-key space
# is apart from campaigns.py's one-key membership lock
_GRID_LOCK = 0x76697367  # "visg"

Owner = tuple[str, str]          # (shift key, volunteer id)


def lock_grid(session: Session, grid_code: str) -> None:
    session.execute(text("select pg_advisory_xact_lock(:k, hashtext(:g))"),
                    {"k": _GRID_LOCK, "g": grid_code})


def _candidates(*, now: datetime, tz: tzinfo, policy: TaskPolicy) -> tuple:
    """Conditions of the shifts that may be due now (their hours are checked after)."""
    today = now.astimezone(tz).date()
    return (Shift.ended_at.is_(None), Shift.status == SCHEDULED,
            Shift.task_kinds.contains([DOOR_TO_DOOR]),
            Shift.day >= today - timedelta(days=1),
            Shift.day <= (now + policy.lead).astimezone(tz).date())


def _crews(session: Session, grid_code: str, *, now: datetime, tz: tzinfo,
           policy: TaskPolicy) -> dict[date, dict[str, tuple[Shift, list[str]]]]:
    """The grid's shifts due now that are ready, per day: key → (shift, volunteers). A
    shift is ready once fully staffed, or at its start with whoever is on it."""
    rows = session.execute(
        select(Shift).where(Shift.place_code == grid_code,
                            *_candidates(now=now, tz=tz, policy=policy))
        .order_by(Shift.day, Shift.key)
        .execution_options(populate_existing=True)).scalars().all()
    crews: dict[date, dict[str, tuple[Shift, list[str]]]] = defaultdict(dict)
    for shift in rows:
        start, end = shift_hours(shift.day, shift.half, tz)
        if not start - policy.lead <= now < end:
            continue
        volunteers = on_shift(session, shift.key)
        if not volunteers:
            continue
        if now < start and shift.head_count and len(volunteers) < shift.head_count:
            continue                  # not fully staffed yet: wait, up to the start
        crews[shift.day][shift.key] = (shift, volunteers)
    return crews


def plan_shift(uow: UnitOfWork, key: str, *, now: datetime, tz: tzinfo,
               policy: TaskPolicy) -> int:
    """Plan the grid of the shift (it may now be ready). → households assigned."""
    shift = uow.session.get(Shift, key)
    if shift is None:
        return 0
    return plan_grid(uow, shift.place_code, now=now, tz=tz, policy=policy)


def plan_grid(uow: UnitOfWork, grid_code: str, *, now: datetime, tz: tzinfo,
              policy: TaskPolicy) -> int:
    """Share each covering campaign's households among the ready due shifts of the grid,
    for every campaign some ready shift has no plan for yet. → households assigned."""
    session = uow.session
    lock_grid(session, grid_code)
    total, wound_up = 0, False
    for day, crew in sorted(_crews(session, grid_code, now=now, tz=tz, policy=policy).items()):
        for campaign in covering_campaigns(session, grid_code, day):
            planned = set(session.execute(
                select(ShiftPlan.shift_key).where(ShiftPlan.campaign_id == campaign.id,
                                                  ShiftPlan.shift_key.in_(list(crew))))
                .scalars())
            if planned >= set(crew):
                continue
            if not wound_up:
                # shifts of the grid that are over give their unvisited households back
                wind_up_ended(uow, now=now, tz=tz, grid_code=grid_code)
                wound_up = True
            total += _share(uow, grid_code, campaign, crew, set(crew) - planned,
                            now=now, tz=tz)
    return total


_ROWS = (CampaignHousehold.household_code, CampaignHousehold.building_code,
         CampaignHousehold.state, CampaignHousehold.attempts, CampaignHousehold.follow_up,
         CampaignHousehold.version, CampaignHousehold.last_outcome,
         CampaignHousehold.last_visit_at, CampaignHousehold.assigned_at)

_ASSIGN = text(
    # state, follow_up and assigned_at are what domain.households.assign gives every
    # household it hands out; the version is its own per household
    "update campaign_households ch set state = 'assigned', follow_up = false, "
    "assigned_at = :at, version = u.version, shift_key = u.shift_key, "
    "volunteer_id = u.volunteer_id "
    "from unnest(cast(:codes as text[]), cast(:versions as int[]), "
    "cast(:shifts as text[]), cast(:volunteers as text[])) "
    "as u(code, version, shift_key, volunteer_id) "
    "where ch.campaign_id = :campaign and ch.household_code = u.code")


def _share(uow: UnitOfWork, grid_code: str, campaign: Campaign,
           crew: dict[str, tuple[Shift, list[str]]], new_shifts: set[str], *,
           now: datetime, tz: tzinfo) -> int:
    """Split the campaign's open tasks on the crew's shifts and its households waiting in
    the grid among every volunteer of the crew. → households newly assigned."""
    session = uow.session
    # households before tasks, as capture locks them
    rows = session.execute(
        select(*_ROWS).where(CampaignHousehold.campaign_id == campaign.id,
                             CampaignHousehold.grid_code == grid_code)
        .order_by(CampaignHousehold.household_code).with_for_update()).all()
    tasks = session.execute(
        select(Task).where(Task.campaign_id == campaign.id, Task.status == OPEN,
                           Task.shift_key.in_(list(crew)))
        .order_by(Task.id).with_for_update()).scalars().all()
    held = {t.household_code: t for t in tasks}
    waiting = [r for r in rows if r.household_code not in held
               and needs_visit(state_of(r), max_attempts=campaign.max_attempts)]
    pool = [r for r in rows if r.household_code in held] + waiting
    owners = [(key, v) for key, (_, volunteers) in crew.items() for v in volunteers]
    split = split_households(_slots(session, pool), owners,
                             per_volunteer=campaign.per_volunteer)
    now_held = {code: (t.shift_key, t.volunteer_id) for code, t in held.items()}
    moves, dropped = reassignments(now_held, split)
    events = {key: TaskEvents(shift) for key, (shift, _) in crew.items()}
    new_tasks: list[dict] = []
    for code, (shift_key, volunteer) in moves.items():
        task = held[code]
        task.status, task.closed_at, task.close_reason = RELEASED, now, "reassigned"
        events[task.shift_key].release(campaign.id, task.volunteer_id, code, "reassigned",
                                       moved_to=volunteer)
        events[shift_key].assign(campaign.id, volunteer, code)
        new_tasks.append(_task(campaign.id, shift_key, volunteer, code, now))
    owner = {code: who for who, codes in split.items() for code in codes}
    assigned = _assign_waiting(uow, campaign, grid_code, waiting, owner, events, new_tasks,
                               now=now, tz=tz)
    session.flush()                   # closed tasks first: one open task per household
    if new_tasks:
        session.execute(insert(Task), new_tasks)
    if moves:
        _set_owners(session, campaign.id, moves)
    for key in sorted(new_shifts):
        session.add(ShiftPlan(shift_key=key, campaign_id=campaign.id, planned_at=now,
                              households=len(split_owned(split, key))))
    for shift_events in events.values():
        shift_events.write(uow.events)
    if dropped:                       # over the volunteers' cap: back for a later shift
        release_tasks(uow, [held[c] for c in dropped], "reassigned", now=now, tz=tz)
    return assigned


def split_owned(split: dict[Owner, list[str]], shift_key: str) -> list[str]:
    return [code for (key, _), codes in split.items() if key == shift_key for code in codes]


def _assign_waiting(uow: UnitOfWork, campaign: Campaign, grid_code: str, waiting: list,
                    owner: dict[str, Owner], events: dict[str, TaskEvents],
                    new_tasks: list[dict], *, now: datetime, tz: tzinfo) -> int:
    day = now.astimezone(tz).date()
    codes, versions, shifts, volunteers = [], [], [], []
    for row in waiting:
        who = owner.get(row.household_code)
        if who is None:
            continue
        new = assign(state_of(row), at=now, max_attempts=campaign.max_attempts)
        codes.append(row.household_code)
        versions.append(new.version)
        shifts.append(who[0])
        volunteers.append(who[1])
        uow.events.add("household_state_changed", {
            "campaign_id": campaign.id, "household_code": row.household_code,
            "grid_code": grid_code, "state": new.state,
            "previous_state": row.state, "attempts": new.attempts,
            "follow_up": new.follow_up, "version": new.version, "at": now, "day": day,
            "visit_id": None}, subject=row.household_code)
        new_tasks.append(_task(campaign.id, who[0], who[1], row.household_code, now))
        events[who[0]].assign(campaign.id, who[1], row.household_code)
    if not codes:
        return 0
    session = uow.session
    session.flush()
    session.execute(_ASSIGN, {"at": now, "codes": codes, "versions": versions,
                              "shifts": shifts, "volunteers": volunteers,
                              "campaign": campaign.id})
    _forget_households(session)
    return len(codes)


def _set_owners(session: Session, campaign_id: str, moves: dict[str, Owner]) -> None:
    session.flush()
    session.execute(text(
        "update campaign_households ch set shift_key = u.shift_key, "
        "volunteer_id = u.volunteer_id from unnest(cast(:codes as text[]), "
        "cast(:shifts as text[]), cast(:volunteers as text[])) "
        "as u(code, shift_key, volunteer_id) "
        "where ch.campaign_id = :campaign and ch.household_code = u.code"),
        {"codes": list(moves), "shifts": [s for s, _ in moves.values()],
         "volunteers": [v for _, v in moves.values()], "campaign": campaign_id})
    _forget_households(session)


def _forget_households(session: Session) -> None:
    """Rows written by SQL of our own: a household object the session already holds
    would otherwise be read back (or written) with its old state."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, CampaignHousehold):
            session.expire(obj)


def _task(campaign_id: str, shift_key: str, volunteer: str, code: str,
          now: datetime) -> dict:
    return {"campaign_id": campaign_id, "shift_key": shift_key, "volunteer_id": volunteer,
            "household_code": code, "status": OPEN, "assigned_at": now}


def _slots(session: Session, rows) -> list[HouseholdSlot]:
    rows = list(rows)
    addresses = dict(session.execute(
        select(Household.code, Household.address)
        .where(Household.code.in_([r.household_code for r in rows]))).all())
    return [HouseholdSlot(r.household_code, r.building_code,
                          addresses.get(r.household_code) or "") for r in rows]


# -- the sweep and planning after a campaign starts ---------------------------------------
def sweep(db: Database, outbox: Outbox, *, now: datetime, tz: tzinfo,
          policy: TaskPolicy) -> tuple[int, int]:
    """The timer's work, grid by grid, each in a transaction of its own that holds the
    grid's lock (so one bad row never holds back the others, and the dispatch consumer
    never meets the sweep halfway): wind up the shifts that are over, then plan the
    shifts now due. → (shifts wound up, households assigned)."""
    today = now.astimezone(tz).date()
    with db.transaction() as session:
        over = set(session.execute(
            select(Shift.place_code).distinct()
            .where(Shift.ended_at.is_(None), Shift.status == SCHEDULED,
                   Shift.task_kinds.contains([DOOR_TO_DOOR]), Shift.day <= today)).scalars())
        due = set(session.execute(
            select(Shift.place_code).distinct()
            .where(*_candidates(now=now, tz=tz, policy=policy))
            .where(Shift.place_code.in_(select(func.unnest(Campaign.grid_codes))
                                        .where(Campaign.status == ACTIVE)))).scalars())
    ended = assigned = 0
    for grid in sorted(over | due):
        with UnitOfWork.begin(db, outbox) as uow:
            lock_grid(uow.session, grid)
            ended += wind_up_ended(uow, now=now, tz=tz, grid_code=grid)
            if grid in due:
                assigned += plan_grid(uow, grid, now=now, tz=tz, policy=policy)
    return ended, assigned


def plan_each(db: Database, outbox: Outbox, grid_codes: list[str], *, now: datetime,
              tz: tzinfo, policy: TaskPolicy) -> int:
    """Plan these grids, each in a transaction of its own. → households assigned."""
    assigned = 0
    for grid in grid_codes:
        with UnitOfWork.begin(db, outbox) as uow:
            assigned += plan_grid(uow, grid, now=now, tz=tz, policy=policy)
    return assigned
