"""Applies a batch of events to the read models in the caller's transaction.

The projections (projections/) are plain functions; this module gives them their state
and stores what they return. For speed it works a batch at a time: the states every event
of the batch needs are read in one query per kind, the events are applied in order in
memory, and the changed states and the summed figure changes are written back in bulk,
each figure for its area and every ancestor (so a city reads one row, not 140,000 grids).
Counter rows are written in key order, so concurrent batches lock them in the same order.

Used by the live consumers (`live=True`: areas whose coverage changed are marked for the
coalesced coverage_updated, changed closed days for re-issue, and escalated requests get
their reporting.request_overdue) and by a rebuild (`live=False`: figures only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.reporting.adapters import applications, bulk, locks
from services.reporting.adapters.models import (
    Area,
    Campaign,
    CampaignGrid,
    CampaignHousehold,
    Counter,
    DirtyArea,
    Discrepancy,
    OverdueNotice,
    RegistryHousehold,
    RegistryResident,
    ReportDay,
    ReportReissue,
    Request,
    SeenVisit,
    Shift,
)
from services.reporting.domain import core, coverage, effort, registry, requests
from services.reporting.domain.core import Deltas, local_day

# event type → the Projector method applying it, filled by `@handles` on the methods below:
# grepping an event type finds its handler, and reporting's consumers bind what is here
HANDLERS: dict[str, Callable[[Projector, dict, datetime], None]] = {}


def handles(*types: str):
    def register(method):
        for type_ in types:
            if type_ in HANDLERS:
                raise ValueError(f"{type_} has two handlers in the projector")
            HANDLERS[type_] = method
        return method
    return register


def handled(source: str) -> tuple[str, ...]:
    """The event types of `source` the projector applies: a consumer's handler table."""
    return tuple(t for t in HANDLERS if t.split(".", 1)[0] == source)


HOUSEHOLD_EVENTS = frozenset(f"registry.{n}" for n in ("household_registered",
                                                       "household_updated",
                                                       "households_imported"))
# figures a coverage_updated carries: a change to one of them marks the area dirty
COVERAGE_PREFIXES = ("hh.", "people.", "visits", "hazards", "discrepancies.")


class UnknownArea(LookupError):
    """A figure for an area the registry has not announced (yet): retried later, then
    dead-lettered, never counted without its ancestors."""


COUNTER_KEY = ("area_code", "campaign", "dim", "metric", "day")


# kind → (model, key columns)
KINDS = {
    "household": (RegistryHousehold, ("household_id",)),
    "resident": (RegistryResident, ("resident_id",)),
    "chh": (CampaignHousehold, ("campaign_id", "household_code")),
    "discrepancy": (Discrepancy, ("discrepancy_id",)),
    "shift": (Shift, ("shift_key",)),
    "request": (Request, ("request_id",)),
}


def _keys(type_: str, d: dict) -> list[tuple[str, tuple]]:
    name = type_.split(".", 1)[1]
    if name in ("household_registered", "household_updated"):
        return [("household", (d["household_id"],))]
    if name == "households_imported":
        return [("household", (h["household_id"],)) for h in d["households"]]
    if name in ("resident_registered", "resident_updated", "resident_moved"):
        return [("resident", (d["resident_id"],))]
    if name == "residents_imported":
        return [("resident", (r["resident_id"],)) for r in d["residents"]]
    if name in ("household_state_changed", "household_reached"):
        return [("chh", (d["campaign_id"], d["household_code"]))]
    if name == "households_joined":
        return [("chh", (d["campaign_id"], code)) for code in d["household_codes"]]
    if name.startswith("discrepancy_"):
        return [("discrepancy", (d["discrepancy_id"],))]
    if type_.startswith("dispatch.") and "shift_key" in d:
        return [("shift", (d["shift_key"],))]
    if name.startswith("request_"):
        return [("request", (d["request_id"],))]
    return []


def _grids(type_: str, d: dict) -> Iterable[str]:
    for key in ("grid_code", "place_code", "community_code", "to_grid_code"):
        if d.get(key):
            yield d[key]
    yield from d.get("grid_codes", ())


class Projector:
    def __init__(self, session: Session, *, tz: tzinfo, live: bool = True,
                 on_overdue: Callable[[dict, str], None] | None = None) -> None:
        self.session = session
        self.tz = tz
        self.live = live
        self.on_overdue = on_overdue
        self.states: dict[str, dict[tuple, dict | None]] = {k: {} for k in KINDS}
        self.changed: dict[str, set[tuple]] = {k: set() for k in KINDS}
        self.paths: dict[str, str] = {}
        self.campaigns_of: dict[str, tuple[str, ...]] = {}
        self.deltas: Deltas = {}
        self.new_visits: set[str] = set()
        self.applied = 0

    # -- loading ---------------------------------------------------------------------
    def prefetch(self, events: list[tuple[str, dict]]) -> None:
        types = {type_ for type_, _ in events}
        if "visits.campaign_started" in types:
            locks.targets(self.session, exclusive=True)
        elif types & HOUSEHOLD_EVENTS:
            locks.targets(self.session, exclusive=False)
        wanted: dict[str, set[tuple]] = {k: set() for k in KINDS}
        grids: set[str] = set()
        for type_, data in events:
            for kind, key in _keys(type_, data):
                if key not in self.states[kind]:
                    wanted[kind].add(key)
            grids.update(_grids(type_, data))
        if self.live:
            # a rebuild holds the projection lock alone: no other batch to race with, and
            # thousands of advisory locks in one transaction would fill the lock table
            locks.entities(self.session, sorted(f"{kind}:{key!r}"
                                                for kind, keys in wanted.items()
                                                for key in keys))
        for kind, keys in wanted.items():
            if keys:
                self._load(kind, keys)
        visit_ids = sorted({d["visit_id"] for t, d in events if t == "visits.visit_recorded"})
        if visit_ids:
            # one statement for the batch: a visit id new here is counted, once
            self.new_visits.update(bulk.insert_new(
                self.session, SeenVisit.__table__, [{"visit_id": v} for v in visit_ids],
                returning="visit_id"))
        self._load_areas(grids - self.paths.keys())
        missing = [g for g in grids if g not in self.campaigns_of]
        if missing:
            found: dict[str, list[str]] = {g: [] for g in missing}
            for grid, campaign in self.session.execute(
                    select(CampaignGrid.grid_code, CampaignGrid.campaign_id)
                    .where(CampaignGrid.grid_code.in_(missing))):
                found[grid].append(campaign)
            self.campaigns_of.update({g: tuple(sorted(c)) for g, c in found.items()})

    def _load(self, kind: str, keys: set[tuple]) -> None:
        model, key_cols = KINDS[kind]
        for state in bulk.rows_by_keys(self.session, model.__table__, key_cols, sorted(keys),
                                       for_update=True):
            self.states[kind][tuple(state[c] for c in key_cols)] = state
        for key in keys:
            self.states[kind].setdefault(key, None)

    def _load_areas(self, codes: Iterable[str]) -> None:
        codes = [c for c in codes if c]
        if codes:
            self.paths.update(self.session.execute(
                select(Area.code, Area.path).where(Area.code.in_(codes))).all())

    def _state(self, kind: str, key: tuple) -> dict | None:
        if key not in self.states[kind]:
            self._load(kind, {key})
        return self.states[kind][key]

    def _put(self, kind: str, key: tuple, old: dict | None, new: dict | None,
             items: Callable[[dict | None], core.Items], day) -> None:
        if new is old or new == old:
            return
        self.states[kind][key] = new
        self.changed[kind].add(key)
        core.merge(self.deltas, core.diff(items(old), items(new), day))

    def _campaigns(self, grid: str) -> tuple[str, ...]:
        if grid not in self.campaigns_of:
            self.prefetch([("registry.x", {"grid_code": grid})])
        return self.campaigns_of.get(grid, ())

    # -- applying --------------------------------------------------------------------
    def apply(self, type_: str, data: dict, at: datetime) -> None:
        handler = HANDLERS.get(type_)
        if handler is None:
            return
        handler(self, data, at)
        self.applied += 1

    @handles("registry.area_registered", "registry.area_updated",
             "registry.grid_registered", "registry.grid_updated")
    def _area(self, data: dict, at: datetime) -> None:
        path = list(data["path"])
        if not path or path[-1] != data["code"]:
            path.append(data["code"])
        values = {"code": data["code"], "level": data["level"], "name": data["name"],
                  "parent_code": data["parent_code"], "path": "/".join(path),
                  "version": data["version"]}
        stmt = insert(Area).values(**values)
        done = self.session.execute(stmt.on_conflict_do_update(
            index_elements=[Area.code], set_={k: stmt.excluded[k] for k in values if k != "code"},
            where=Area.version < stmt.excluded.version).returning(Area.code)).first()
        if done is not None:
            self.paths[data["code"]] = values["path"]


    def _household(self, data: dict, day) -> None:
        key = (data["household_id"],)
        old = self._state("household", key)
        new = registry.apply_household(old, data)
        grids = {s["grid_code"] for s in (old, new) if s}
        campaigns = {g: self._campaigns(g) for g in grids}
        self._put("household", key, old, new, lambda s: registry.household_items(
            s, campaigns[s["grid_code"]] if s else ()), day)

    @handles("registry.household_registered", "registry.household_updated")
    def _registry_household_registered(self, data, at):
        self._household(data, local_day(at, self.tz))


    @handles("registry.households_imported")
    def _registry_households_imported(self, data, at):
        for h in data["households"]:
            self._household({**h, "grid_code": data["grid_code"], "version": 1},
                            local_day(at, self.tz))

    def _resident(self, data: dict, day, apply=registry.apply_resident) -> None:
        key = (data["resident_id"],)
        old = self._state("resident", key)
        self._put("resident", key, old, apply(old, data), registry.resident_items, day)

    @handles("registry.resident_registered", "registry.resident_updated")
    def _registry_resident_registered(self, data, at):
        self._resident(data, local_day(at, self.tz))


    @handles("registry.resident_moved")
    def _registry_resident_moved(self, data, at):
        self._resident(data, local_day(at, self.tz), registry.apply_move)

    @handles("registry.residents_imported")
    def _registry_residents_imported(self, data, at):
        for r in data["residents"]:
            self._resident({**r, "grid_code": data["grid_code"], "version": 1},
                           local_day(at, self.tz))

    # -- accounts: volunteer applications, counted per unit when read --
    @handles("accounts.application_received")
    def _accounts_application_received(self, data, at):
        applications.apply_received(self.session, data, local_day(data["applied_at"], self.tz))

    @handles("accounts.application_decided")
    def _accounts_application_decided(self, data, at):
        applications.apply_decided(self.session, data, local_day(data["decided_at"], self.tz))

    # -- dispatch --
    @handles("dispatch.unit_registered", "dispatch.unit_updated")
    def _dispatch_unit(self, data, at):
        # the units' areas place their applications' figures (applications.py)
        applications.apply_unit(self.session, data)

    def _shift(self, data: dict, apply: Callable[[dict | None], dict]) -> None:
        key = (data["shift_key"],)
        old = self._state("shift", key)
        new = apply(old)
        area = data["place_code"] if data["place_code"] in self.paths \
            else data["community_code"]
        self._put("shift", key, old, new, lambda s: effort.shift_items(s, area), data["day"])

    @handles("dispatch.shift_scheduled")
    def _dispatch_shift_scheduled(self, data, at):
        self._shift(data, lambda s: effort.apply_scheduled(s, data))

    @handles("dispatch.shift_cancelled")
    def _dispatch_shift_cancelled(self, data, at):
        self._shift(data, lambda s: effort.apply_cancelled(s, data))

    def _volunteer(self, kind: str):
        def handle(data, at):
            stamp = at.astimezone(UTC).isoformat()
            self._shift(data, lambda s: effort.apply_volunteer(s, data, kind, stamp))
        return handle

    @handles("dispatch.volunteer_assigned")
    def _dispatch_volunteer_assigned(self, data, at):
        self._volunteer("assigned")(data, at)

    @handles("dispatch.volunteer_unassigned")
    def _dispatch_volunteer_unassigned(self, data, at):
        self._volunteer("unassigned")(data, at)

    @handles("dispatch.volunteer_checked_in")
    def _dispatch_volunteer_checked_in(self, data, at):
        self._volunteer("checked_in")(data, at)

    @handles("dispatch.volunteer_no_show")
    def _dispatch_volunteer_no_show(self, data, at):
        self._volunteer("no_show")(data, at)

    # -- visits --
    @handles("visits.campaign_started")
    def _visits_campaign_started(self, data, at):
        values = {"campaign_id": data["campaign_id"], "name": data["name"],
                  "start": data["start"], "end": data["end"],
                  "households": data["households"], "grid_codes": sorted(data["grid_codes"])}
        new = self.session.execute(insert(Campaign).values(**values).on_conflict_do_nothing()
                                   .returning(Campaign.campaign_id)).first()
        if new is None:
            return
        grids = sorted(set(data["grid_codes"]))
        if grids:
            self.session.execute(insert(CampaignGrid), [
                {"grid_code": g, "campaign_id": data["campaign_id"]} for g in grids])
        # households met earlier in this batch must be counted too: store them first
        self._write_states("household")
        counts = dict(self.session.execute(
            select(RegistryHousehold.grid_code, func.count())
            .where(RegistryHousehold.grid_code.in_(grids))
            .group_by(RegistryHousehold.grid_code)).all())
        for grid in grids:
            self.campaigns_of[grid] = tuple(sorted({*self._campaigns(grid),
                                                    data["campaign_id"]}))
            if counts.get(grid):
                key = (grid, data["campaign_id"], "", "hh.target", data["start"])
                self.deltas[key] = self.deltas.get(key, 0) + counts[grid]

    @handles("visits.campaign_ended")
    def _visits_campaign_ended(self, data, at):
        campaign = self.session.get(Campaign, data["campaign_id"])
        if campaign is not None and campaign.ended_on is None:
            campaign.ended_on = data["ended_on"]

    @handles("visits.household_state_changed")
    def _visits_household_state_changed(self, data, at):
        key = (data["campaign_id"], data["household_code"])
        old = self._state("chh", key)
        self._put("chh", key, old, coverage.apply_state(old, data), coverage.household_items,
                  data["day"])

    @handles("visits.households_joined")
    def _visits_households_joined(self, data, at):
        # exactly what a household_state_changed per listed household gives (the
        # per-household form visits sent before it announced joins per batch)
        for state in coverage.joined_states(data):
            self._visits_household_state_changed(state, at)

    @handles("visits.household_reached")
    def _visits_household_reached(self, data, at):
        key = (data["campaign_id"], data["household_code"])
        old = self._state("chh", key)
        self._put("chh", key, old, coverage.apply_reached(old, data),
                  coverage.household_items, data["day"])

    @handles("visits.visit_recorded")
    def _visits_visit_recorded(self, data, at):
        if data["visit_id"] not in self.new_visits:
            self.prefetch([("visits.visit_recorded", data)])
        if data["visit_id"] in self.new_visits:
            self.new_visits.discard(data["visit_id"])
            core.merge(self.deltas, core.diff({}, coverage.visit_items(data), data["day"]))

    @handles("visits.hazard_found")
    def _visits_hazard_found(self, data, at):
        core.merge(self.deltas, core.diff({}, coverage.hazard_items(data), data["day"]))

    def _discrepancy(self, data, day, **when) -> None:
        key = (data["discrepancy_id"],)
        old = self._state("discrepancy", key)
        self._put("discrepancy", key, old, coverage.apply_discrepancy(old, data, **when),
                  coverage.discrepancy_items, day)

    @handles("visits.discrepancy_opened")
    def _visits_discrepancy_opened(self, data, at):
        self._discrepancy(data, data["day"], opened_day=data["day"])

    @handles("visits.discrepancy_closed")
    def _visits_discrepancy_closed(self, data, at):
        day = local_day(data["at"], self.tz)
        self._discrepancy(data, day, closed_day=day)

    def _request(self, data: dict, kind: str) -> None:
        key = (data["request_id"],)
        old = self._state("request", key)
        new = requests.apply(old, data, kind)
        if kind == "overdue":
            new = requests.mark_overdue(new, local_day(data["at"], self.tz))
        self._put("request", key, old, new, lambda s: requests.items(s, self.tz),
                  local_day(data["at"], self.tz))
        if kind == "overdue" and self.on_overdue is not None \
                and (old is None or old["overdue_day"] is None):
            self.on_overdue(self.states["request"][key], "escalated")

    @handles("visits.request_raised")
    def _visits_request_raised(self, data, at):
        self._request(data, "raised")

    @handles("visits.request_assigned")
    def _visits_request_assigned(self, data, at):
        self._request(data, "assigned")

    @handles("visits.request_resolved")
    def _visits_request_resolved(self, data, at):
        self._request(data, "resolved")

    @handles("visits.request_closed")
    def _visits_request_closed(self, data, at):
        self._request(data, "closed")

    @handles("visits.request_overdue")
    def _visits_request_overdue(self, data, at):
        self._request(data, "overdue")

    def mark_overdue(self, request_id: str, day) -> dict | None:
        """Timer-detected overdue (due time passed, still open), or a kept notice replayed
        by a rebuild: the same state change either way."""
        key = (request_id,)
        old = self._state("request", key)
        if old is None:
            return None
        new = requests.mark_overdue(old, day)
        self._put("request", key, old, new, lambda s: requests.items(s, self.tz), day)
        return new

    # -- writing ---------------------------------------------------------------------
    def _write_states(self, kind: str) -> None:
        keys = self.changed[kind]
        if not keys:
            return
        model, key_cols = KINDS[kind]
        rows = [self.states[kind][k] for k in sorted(keys)]
        if kind == "request":
            self._load_areas({r["grid_code"] for r in rows} - self.paths.keys())
            for r in rows:
                r["area_path"] = self.paths.get(r["grid_code"])
        bulk.upsert(self.session, model.__table__, key_cols, rows)
        keys.clear()

    def expanded(self) -> Deltas:
        """The batch's changes for each area and every ancestor, summed."""
        self._load_areas({k[0] for k in self.deltas} - self.paths.keys())
        out: Deltas = {}
        for (area, campaign, dim, metric, day), value in self.deltas.items():
            path = self.paths.get(area)
            if path is None:
                if self.live:
                    raise UnknownArea(f"area {area} is not known yet")
                path = area
            for code in path.split("/"):
                key = (code, campaign, dim, metric, day)
                out[key] = out.get(key, 0) + value
        return {k: v for k, v in out.items() if v}

    def finish(self) -> Deltas:
        for kind in KINDS:
            self._write_states(kind)
        changes = self.expanded()
        if changes:
            bulk.add_to(self.session, Counter.__table__, COUNTER_KEY, [
                {"area_code": a, "campaign": c, "dim": d, "metric": m, "day": day,
                 "value": v} for (a, c, d, m, day), v in sorted(changes.items())], "value")
        if self.live and changes:
            self._mark(changes)
        self.deltas = {}
        return changes

    def _mark(self, changes: Deltas) -> None:
        dirty = sorted({k[0] for k in changes if k[3].startswith(COVERAGE_PREFIXES)})
        if dirty:
            bulk.insert_new(self.session, DirtyArea.__table__,
                            [{"area_code": a} for a in dirty])
        first = min(k[4] for k in changes)
        closed = sorted(self.session.execute(
            select(ReportDay.day).where(ReportDay.day >= first)).scalars())
        if not closed:
            return
        touched: dict[str, object] = {}
        for area, _c, _d, _m, day in changes:
            if day <= closed[-1] and (area not in touched or day < touched[area]):
                touched[area] = day
        reissues = sorted({(a, d) for a, since in touched.items() for d in closed
                           if d >= since})
        if reissues:
            bulk.insert_new(self.session, ReportReissue.__table__,
                            [{"area_code": a, "day": d} for a, d in reissues])


HANDLED = frozenset(HANDLERS)


def kept_notices(session: Session) -> list[tuple[datetime, str, object]]:
    """(at, request_id, day) of every overdue notice, oldest first (for a rebuild)."""
    return [tuple(r) for r in session.execute(
        select(OverdueNotice.at, OverdueNotice.request_id, OverdueNotice.day)
        .order_by(OverdueNotice.at))]
