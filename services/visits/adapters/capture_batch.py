"""What a batch of visits reads and writes, in a handful of set-based statements.

A visit touches up to nine tables. Taken one at a time that was about fifteen round trips
per visit, and a phone back online sends a day's visits at once. A `VisitBatch` loads up
front what every visit of an inbox batch names: campaigns, households with their
residents, the households' campaign rows (locked, with how many visits each already has),
their open tasks (locked), the shifts and who is on them, and the visits already
recorded. Each visit is then checked and applied in memory, and what the accepted visits
produced is written when the batch ends: one multi-row statement per table.

A visit's writes join the batch only once it was accepted whole (`accept`): a refused
or failed visit leaves nothing behind, so the inbox runs it without a savepoint of its
own (a deferred-write handler, services/common/inbox_batches.py). Should the final writes fail,
the transaction rolls back and the whole batch is retried: nothing is half-written.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from services.common import fastload
from services.common.outbox import Outbox
from services.common.slots import attendance_rules
from services.common.unit_of_work import Events
from services.visits.adapters.models import (
    OPEN,
    Campaign,
    CampaignHousehold,
    Correction,
    Discrepancy,
    Hazard,
    Household,
    RequestHistory,
    Resident,
    Shift,
    ShiftVolunteer,
    Task,
    Visit,
)
from services.visits.adapters.models import Request as RequestRow
from services.visits.adapters.questionnaires import questionnaire_of
from services.visits.domain.questionnaire import Questionnaire

log = logging.getLogger(__name__)

# inserted in this order: later tables refer to earlier ones
TABLES = {"visits": Visit.__table__, "discrepancies": Discrepancy.__table__,
          "corrections": Correction.__table__, "hazards": Hazard.__table__,
          "requests": RequestRow.__table__, "request_history": RequestHistory.__table__}


@dataclass
class CampaignRow:
    """A household's campaign_households row as this batch sees it (a copy: the state
    machine works on it, and `VisitBatch.flush` writes it back if it changed)."""

    campaign_id: str
    household_code: str
    grid_code: str
    state: str
    attempts: int
    follow_up: bool
    version: int
    shift_key: str | None
    volunteer_id: str | None
    last_outcome: str | None
    last_visit_at: datetime | None
    assigned_at: datetime | None
    reached_at: datetime | None
    # visits recorded for the household in the campaign: the next one's attempt is +1
    visits: int = field(default=0, compare=False)


_ROW_COLUMNS = [name for name in CampaignRow.__dataclass_fields__ if name != "visits"]


def _columns(row: CampaignRow) -> tuple:
    return tuple(getattr(row, name) for name in _ROW_COLUMNS)


@dataclass
class Wanted:
    """The keys a batch's visits name; anything not a string is left to validation."""

    visit_ids: set[str] = field(default_factory=set)
    campaigns: set[str] = field(default_factory=set)
    households: set[str] = field(default_factory=set)
    shifts: set[str] = field(default_factory=set)
    visitors: set[str] = field(default_factory=set)

    def note(self, data: object) -> Wanted:
        if isinstance(data, Mapping):
            for name, keys in (("visit_id", self.visit_ids), ("campaign_id", self.campaigns),
                               ("household_code", self.households),
                               ("shift_key", self.shifts), ("visitor_id", self.visitors)):
                value = data.get(name)
                if isinstance(value, str) and 0 < len(value) <= 200:
                    keys.add(value)
        return self

    @classmethod
    def peek(cls, bodies: Iterable[bytes]) -> Wanted:
        """From raw message bodies, before the inbox validates them: a body that does not
        parse, or holds what the database would refuse (NUL), wants nothing (the inbox
        rejects it). It must never raise: one poison body would fail the whole batch.
        Each body is parsed once: the inbox's envelope loader (fastload.envelope) takes
        the value parsed here instead of running the untrusted parser again; only read
        here, it is the value that loader would have parsed."""
        wanted = cls()
        for message in fastload.parse_ahead(bodies):
            if isinstance(message, dict):
                wanted.note(message.get("data"))
        return wanted


class VisitWrites:
    """What one visit writes, kept apart until the visit is accepted: its rows, and its
    events in an `Events` stager (the EventSink every use case publishes into, so the
    shared helpers such as states.write_state stage into it the same way)."""

    def __init__(self, outbox: Outbox) -> None:
        self.rows: list[tuple[str, dict]] = []
        self.events = Events(outbox)
        self.campaign_rows: list[CampaignRow] = []
        # ((campaign, household), task id, visit id)
        self.tasks_done: list[tuple[tuple[str, str], int, str]] = []
        self.visit: SimpleNamespace | None = None

    def insert(self, table: str, row: dict) -> None:
        self.rows.append((table, row))


class VisitBatch:
    """The visits of one transaction: what they read (loaded once, kept here as plain
    rows) and what the accepted ones write (until `flush`)."""

    def __init__(self, outbox: Outbox, *, now: datetime, tz: tzinfo,
                 events: Events | None = None) -> None:
        self.outbox, self.now, self.tz = outbox, now, tz
        # the accepted visits' events: the batch's own, or a unit of work's (a visit over
        # HTTP is a batch of one inside the request's unit of work, which owns them)
        self._given_events = events
        # the shifts' visit hours (services/common/slots.py), read once at start
        self.rules = attendance_rules()
        # the campaigns' questionnaires, parsed: stored versions never change
        self.questionnaires: dict[tuple[str, int], Questionnaire] = {}
        self.reset()

    def reset(self) -> None:
        """Forget everything: for a new transaction (what was read may have changed, and
        what was staged was rolled back)."""
        # what is known; None: looked up and not there
        self.recorded: dict[str, Any] = {}
        self.campaigns: dict[str, Any] = {}
        self.households: dict[str, Any] = {}
        self.residents: dict[int, frozenset[int]] = {}
        self.rows: dict[tuple[str, str], CampaignRow | None] = {}
        self.open_tasks: dict[tuple[str, str], int | None] = {}
        self.shifts: dict[str, Any] = {}
        self.volunteers: dict[tuple[str, str], Any] = {}
        # what accepted visits wrote, until flush
        self._rows: dict[str, list[dict]] = defaultdict(list)
        self.events = self._given_events if self._given_events is not None \
            else Events(self.outbox)
        self._tasks_done: list[tuple[int, str]] = []
        self._changed: dict[tuple[str, str], CampaignRow] = {}
        self._as_loaded: dict[tuple[str, str], tuple] = {}
        # entries looked up during the current visit: forgotten if it is refused
        self._provisional: list[tuple[dict, Any]] | None = None

    # -- reads -------------------------------------------------------------------------
    def _put(self, known: dict, key, value) -> None:
        known[key] = value
        if self._provisional is not None:
            self._provisional.append((known, key))

    def load(self, session: Session, wanted: Wanted) -> None:
        """Look up whatever of ``wanted`` is not known yet: a few queries, whatever the
        number of visits. Campaign rows and open tasks are locked (in key order, so two
        batches lock alike) until the transaction ends."""
        self._load_visits(session, [v for v in wanted.visit_ids if v not in self.recorded])
        campaigns = [c for c in wanted.campaigns if c not in self.campaigns]
        if campaigns:
            found = {r.id: r for r in session.execute(
                select(Campaign.__table__).where(Campaign.id.in_(campaigns)))}
            for c in campaigns:
                self._put(self.campaigns, c, found.get(c))
            for row in found.values():
                key = (row.questionnaire_id, row.questionnaire_version)
                if key not in self.questionnaires:
                    # parsed once per process: no query after a version's first batch
                    self.questionnaires[key] = questionnaire_of(session, row)
        self._load_households(session, [h for h in wanted.households
                                        if h not in self.households])
        pairs = [(c, h) for c in wanted.campaigns for h in wanted.households
                 if (c, h) not in self.rows]
        if pairs:
            self._load_campaign_rows(session, pairs)
        self._load_shifts(session, wanted)

    def _load_visits(self, session: Session, ids: list[str]) -> None:
        if not ids:
            return
        found = {r.visit_id: r for r in session.execute(
            select(Visit.__table__).where(Visit.visit_id.in_(ids)))}
        for v in ids:
            self._put(self.recorded, v, found.get(v))

    def _load_households(self, session: Session, codes: list[str]) -> None:
        if not codes:
            return
        residents = func.array_agg(Resident.resident_id).filter(
            Resident.resident_id.is_not(None))
        found = {r.code: r for r in session.execute(
            select(Household.code, Household.household_id, Household.grid_code,
                   residents.label("residents"))
            .outerjoin(Resident, Resident.household_id == Household.household_id)
            .where(Household.code.in_(codes))
            .group_by(Household.code))}
        for code in codes:
            row = found.get(code)
            self._put(self.households, code, row)
            if row is not None:
                self._put(self.residents, row.household_id, frozenset(row.residents or ()))

    def _load_campaign_rows(self, session: Session, pairs: list[tuple[str, str]]) -> None:
        ch = CampaignHousehold
        campaigns, codes = sorted({c for c, _ in pairs}), sorted({h for _, h in pairs})
        visits = (select(func.count()).select_from(Visit)
                  .where(Visit.campaign_id == ch.campaign_id,
                         Visit.household_code == ch.household_code)
                  .scalar_subquery())
        found = {}
        for r in session.execute(
                select(*[getattr(ch, name) for name in _ROW_COLUMNS], visits.label("visits"))
                .where(ch.campaign_id.in_(campaigns), ch.household_code.in_(codes))
                .order_by(ch.campaign_id, ch.household_code)
                .with_for_update(of=ch.__table__)):
            found[(r.campaign_id, r.household_code)] = CampaignRow(**r._mapping)
        tasks = {(t.campaign_id, t.household_code): t.id for t in session.execute(
            select(Task.campaign_id, Task.household_code, Task.id)
            .where(Task.status == OPEN, Task.campaign_id.in_(campaigns),
                   Task.household_code.in_(codes))
            .order_by(Task.id).with_for_update(of=Task.__table__))}
        for pair in pairs:
            row = found.get(pair)
            self._put(self.rows, pair, row)
            if row is not None:
                # what flush compares with: a row is loaded again only if a refused visit
                # had it forgotten, and then the database may hold something newer
                self._as_loaded[pair] = _columns(row)
            self._put(self.open_tasks, pair, tasks.get(pair))

    def _load_shifts(self, session: Session, wanted: Wanted) -> None:
        keys = [k for k in wanted.shifts if k not in self.shifts]
        if keys:
            found = {r.key: r for r in session.execute(
                select(Shift.__table__).where(Shift.key.in_(keys)))}
            for k in keys:
                self._put(self.shifts, k, found.get(k))
        pairs = [(k, v) for k in wanted.shifts for v in wanted.visitors
                 if (k, v) not in self.volunteers]
        if pairs:
            found = {(r.shift_key, r.volunteer_id): r for r in session.execute(
                select(ShiftVolunteer.__table__).where(
                    ShiftVolunteer.shift_key.in_({k for k, _ in pairs}),
                    ShiftVolunteer.volunteer_id.in_({v for _, v in pairs})))}
            for pair in pairs:
                self._put(self.volunteers, pair, found.get(pair))

    # -- one visit ---------------------------------------------------------------------
    @contextmanager
    def visit(self, session: Session, data: Mapping):
        """Load what this visit needs that the batch has not, and give its writes. If the
        visit is refused (or fails), its writes never join the batch, and what was looked
        up for it is forgotten too: when it ran in a savepoint, the rollback released the
        locks taken, so what those rows hold may change before the batch's flush. (Without
        a savepoint the locks stay; forgetting costs a lookup again at worst.) The
        staged state of a failed visit is only ever its own `VisitWrites`, a
        `CampaignRow` copy and these lookups: `accept` is the one step that joins it
        to the batch, last, and cannot fail halfway."""
        self._provisional = []
        try:
            self.load(session, Wanted().note(data))
            yield VisitWrites(self.outbox)
        except BaseException:
            for known, key in self._provisional:
                known.pop(key, None)
            raise
        finally:
            self._provisional = None

    def accept(self, writes: VisitWrites) -> None:
        """The visit passed every check: its writes join the batch. Nothing here fails."""
        for table, row in writes.rows:
            self._rows[table].append(row)
        self.events.extend(writes.events.staged)
        for row in writes.campaign_rows:
            key = (row.campaign_id, row.household_code)
            self.rows[key] = self._changed[key] = row
        for key, task_id, visit_id in writes.tasks_done:
            self._tasks_done.append((task_id, visit_id))
            self.open_tasks[key] = None
        if writes.visit is not None:
            self.recorded[writes.visit.visit_id] = writes.visit

    # -- writes ------------------------------------------------------------------------
    def flush(self, session: Session) -> None:
        """Write what the accepted visits produced: one statement per table, and their
        events into the outbox when they are the batch's own. A unit of work's events
        (a visit over HTTP) stay staged: the unit of work flushes them when it ends."""
        for name, table in TABLES.items():
            rows = self._rows.pop(name, None)
            if rows:
                session.execute(insert(table), rows)
        if self._tasks_done:
            ids, visits = zip(*self._tasks_done, strict=True)
            session.execute(text(
                "update tasks set status = 'done', closed_at = :now, visit_id = u.visit_id "
                "from unnest(cast(:ids as bigint[]), cast(:visits as varchar[])) "
                "as u(id, visit_id) where tasks.id = u.id"),
                {"now": self.now, "ids": list(ids), "visits": list(visits)})
            self._tasks_done = []
        changed = [row for key, row in self._changed.items()
                   if _columns(row) != self._as_loaded.get(key)]
        if changed:
            self._write_rows(session, changed)
        for row in changed:
            self._as_loaded[(row.campaign_id, row.household_code)] = _columns(row)
        self._changed = {}
        if self._given_events is None:
            self.events.flush(session)

    @staticmethod
    def _write_rows(session: Session, rows: list[CampaignRow]) -> None:
        types = {"attempts": "smallint", "follow_up": "boolean", "version": "integer",
                 "last_visit_at": "timestamptz", "assigned_at": "timestamptz",
                 "reached_at": "timestamptz"}
        columns = ", ".join(f"cast(:{c} as {types.get(c, 'varchar')}[])" for c in _ROW_COLUMNS)
        sets = ", ".join(f"{c} = u.{c}" for c in _ROW_COLUMNS[2:])
        session.execute(text(
            f"update campaign_households ch set {sets} "
            f"from unnest({columns}) as u({', '.join(_ROW_COLUMNS)}) "
            "where ch.campaign_id = u.campaign_id and ch.household_code = u.household_code"),
            {c: [getattr(r, c) for r in rows] for c in _ROW_COLUMNS})


class Preloading:
    """The inbox's batch hooks (services/common/inbox.py `BatchHooks`) for a batch of
    visits: what the batch's visits name is loaded before the first message, and what
    the accepted ones staged is written after the last, in the same transaction.

    Loading before any message's savepoint keeps the row locks for the whole transaction
    (a lock taken inside a savepoint that rolls back is released with it)."""

    def __init__(self, batch: VisitBatch, wanted: Wanted) -> None:
        self.batch, self.wanted = batch, wanted

    def before_batch(self, session: Session) -> None:
        # the inbox may run the batch again in a new transaction: start from nothing
        self.batch.reset()
        try:
            # a released savepoint keeps its locks; one rolled back leaves the transaction
            # usable, so keys the database refuses cost the preload, not the batch
            with session.begin_nested():
                self.batch.load(session, self.wanted)
        except DBAPIError:
            log.warning("visits batch: preloading failed; each visit loads its own rows",
                        exc_info=True)
            self.batch.reset()

    def after_batch(self, session: Session) -> None:
        self.batch.flush(session)
