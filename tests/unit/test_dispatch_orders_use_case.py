"""Placing, amending and cancelling a pairing order with an in-memory store: the use
cases of services/dispatch/use_cases/orders.py, with no database or broker (the SQL
store's own behaviour, locks included, is the integration tests' job).

The store is a fake (a few dicts behaving as the tables do), not a mock: the tests check
what the use case leaves behind and the events it stages, never which calls it made.
The events go through the real `Events` over an `Outbox` that never flushes, so every
payload is checked against its contract as in production.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.common.errors import Conflict, NotFound, Refused
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters import mapping
from services.dispatch.adapters.models import (
    ACTIVE,
    ASSIGNED,
    CANCELLED,
    DECLINED,
    MESSAGING,
    SCHEDULED,
    Community,
    OrderChange,
    Pairing,
    Shift,
    Unit,
)
from services.dispatch.domain import Booking, Staffing, Volunteer
from services.dispatch.use_cases import orders

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2030, 3, 4)                                   # a Monday
NOW = datetime.combine(TODAY, time(6, 0), tzinfo=TZ)       # before any shift begins
GRIDS = ["BJ-01", "BJ-02"]


class FakeOrders:
    """An OrderStore over dicts, as use_cases/stores.py describes it."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        self.communities: dict[str, Community] = {}
        self.grids: dict[str, list[str]] = {}
        self.sites: dict[str, list[str]] = {}
        self.people: dict[str, Volunteer] = {}
        self.orders: dict[str, Pairing] = {}
        self.shifts: dict[str, Shift] = {}
        # (shift key, volunteer id) → (status, day, half)
        self.bookings: dict[tuple[str, str], tuple[str, date, str]] = {}
        self.present: set[str] = set()        # shift keys someone checked in on
        self.locked: list[str] = []
        self.history: list[OrderChange] = []

    # -- staffing --------------------------------------------------------------------
    def unit_staff(self, unit_id: str) -> list[Volunteer]:
        return sorted((v for v in self.people.values() if v.unit_id == unit_id),
                      key=lambda v: v.id)

    def load_staffing(self, unit_id: str, days: Iterable[date],
                      volunteers: list[Volunteer] | None = None) -> Staffing:
        staff = Staffing(volunteers if volunteers is not None else self.unit_staff(unit_id))
        mine = {v.id for v in self.unit_staff(unit_id)}
        assigned = [(key, vid, day, half) for (key, vid), (status, day, half)
                    in self.bookings.items() if status == ASSIGNED and vid in mine]
        days = list(days)
        if days:
            first, last = mapping.week_window(days)
            staff.bookings = [Booking(vid, mapping.Slot(day, half), key)
                              for key, vid, day, half in assigned if first <= day <= last]
        for _key, vid, _day, _half in assigned:
            staff.rotation[vid] = staff.rotation.get(vid, 0) + 1
        return staff

    def declined_on(self, shift_keys: Iterable[str]) -> dict[str, set[str]]:
        keys = set(shift_keys)
        out: dict[str, set[str]] = {}
        for (key, vid), (status, _day, _half) in self.bookings.items():
            if key in keys and status == DECLINED:
                out.setdefault(key, set()).add(vid)
        return out

    def shortfalls(self, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
        return {k: (self.shifts[k].head_count, self.shifts[k].missing)
                for k in keys if k in self.shifts}

    def book(self, bookings: Iterable[Booking]) -> None:
        for b in bookings:
            self.bookings[(b.shift_key, b.volunteer_id)] = (ASSIGNED, b.slot.day, b.slot.half)

    def set_status(self, pairs: Iterable[tuple[str, str]], status: str) -> None:
        for pair in pairs:
            _, day, half = self.bookings[pair]
            self.bookings[pair] = (status, day, half)

    def set_missing(self, missing: dict[str, int]) -> None:
        for key, count in missing.items():
            self.shifts[key].missing = count

    # -- orders ----------------------------------------------------------------------
    def lock_units(self, unit_ids: Iterable[str]) -> set[str]:
        ids = sorted(set(unit_ids))
        self.locked += ids
        return {u for u in ids if u in self.units}

    def unit(self, unit_id: str) -> Unit | None:
        return self.units.get(unit_id)

    def community(self, code: str) -> Community | None:
        return self.communities.get(code)

    def community_grids(self, code: str) -> list[str]:
        return sorted(self.grids.get(code, []))

    def community_sites(self, code: str) -> list[str]:
        return sorted(self.sites.get(code, []))

    def order(self, order_id: str, *, lock: bool = False) -> Pairing | None:
        return self.orders.get(order_id)

    def add_order(self, pairing: Pairing) -> None:
        assert pairing.id not in self.orders
        self.orders[pairing.id] = pairing

    def record_change(self, change: OrderChange) -> None:
        self.history.append(change)

    def save(self) -> None:
        pass

    def scheduled_shifts(self, order_id: str) -> dict[str, Shift]:
        return {k: s for k, s in sorted(self.shifts.items())
                if s.pairing_id == order_id and s.status == SCHEDULED}

    def checked_in(self, shift_keys: list[str]) -> set[str]:
        return set(shift_keys) & self.present

    def write_shifts(self, rows: list[dict], *, insert_only: bool) -> dict[str, int]:
        for row in rows:
            old = self.shifts.get(row["key"])
            if old is None:
                self.shifts[row["key"]] = Shift(**row)
                continue
            assert not insert_only, f"shift {row['key']} exists"
            # as the SQL upsert: head-count, kinds and status; missing is staffing's
            old.head_count, old.task_kinds = row["head_count"], row["task_kinds"]
            old.status, old.version = SCHEDULED, old.version + 1
        return {row["key"]: self.shifts[row["key"]].version for row in rows}

    def cancel_shifts(self, keys: list[str]) -> list[tuple[str, str]]:
        gone = []
        for key in keys:
            shift = self.shifts[key]
            shift.status, shift.missing, shift.version = CANCELLED, 0, shift.version + 1
        for pair, (status, day, half) in self.bookings.items():
            if pair[0] in keys and status == ASSIGNED:
                self.bookings[pair] = (CANCELLED, day, half)
                gone.append(pair)
        return gone

    def totals(self, order_id: str) -> dict:
        rows = self.scheduled_shifts(order_id).values()
        promised = sum(s.head_count for s in rows)
        missing = sum(s.missing for s in rows)
        return {"shifts": len(rows), "promised": promised, "assigned": promised - missing,
                "missing": missing}

    # -- what the tests read ---------------------------------------------------------
    def on_shift(self, key: str) -> set[str]:
        return {vid for (k, vid), (status, _d, _h) in self.bookings.items()
                if k == key and status == ASSIGNED}


@pytest.fixture
def store() -> FakeOrders:
    s = FakeOrders()
    s.units["U1"] = Unit(id="U1", name="单位", coordinator_name="王", coordinator_phone="1",
                         active=True, area_code="BJ-S", version=1)
    s.communities["BJ"] = Community(code="BJ", area_id=1, name="社区", parent_code="BJ-S",
                                    path=["BJ-S", "BJ"], version=1)
    s.grids["BJ"] = list(GRIDS)
    s.sites["BJ"] = ["BJ-CHECKPOINT"]
    for n in range(6):
        v = Volunteer(id=f"U1-v{n}", unit_id="U1", weekly_limit=7)
        s.people[v.id] = v
    return s


def uow() -> UnitOfWork:
    """A unit of work without a database: its events are staged, never flushed."""
    return UnitOfWork(None, Outbox("dispatch", MESSAGING))   # type: ignore[arg-type]


def order(**changes) -> dict:
    return {"order_id": "o1", "unit_id": "U1", "community_code": "BJ", "start": TODAY,
            "end": None, "batches": 2, "slot_kind": "half_day", "head_count": 4,
            "head_count_per_place": False, "task_kinds": ["door_to_door"], "places": [],
            **changes}


def place(store: FakeOrders, **changes) -> tuple[UnitOfWork, Pairing, bool]:
    work = uow()
    pairing, created = orders.place_order(work, order(**changes), "api", today=TODAY,
                                          store=store, actor="acct-placer")
    return work, pairing, created


def refused_fields(excinfo) -> set[str]:
    return {field for field, _ in excinfo.value.problems}


# -- placing -------------------------------------------------------------------------
def test_an_order_plans_its_shifts_and_staffs_them(store):
    work, pairing, created = place(store)
    assert created and pairing.status == ACTIVE and pairing.version == 1
    # two half-days over two grids, 4 people split 2 + 2
    assert sorted(store.shifts) == sorted(f"o1:{TODAY}:{half}:{grid}"
                                          for half in ("am", "pm") for grid in GRIDS)
    assert all(s.head_count == 2 and s.missing == 0 for s in store.shifts.values())
    staffed = [store.on_shift(k) for k in store.shifts]
    assert all(len(people) == 2 for people in staffed)
    # nobody in two places at once
    for half in ("am", "pm"):
        first, second = (store.on_shift(f"o1:{TODAY}:{half}:{g}") for g in GRIDS)
        assert not first & second
    assert store.locked == ["U1"]
    assert store.totals("o1") == {"shifts": 4, "promised": 8, "assigned": 8, "missing": 0}


def test_an_order_stages_its_summary_first_then_shifts_then_people(store):
    work, _, _ = place(store)
    names = work.events.names()
    assert names[0] == "pairing_ordered"
    assert names[1:5] == ["shift_scheduled"] * 4
    assert names[5:] == ["volunteer_assigned"] * 8
    summary = work.events.staged[0]
    assert summary.subject == "o1"
    assert summary.data["order_id"] == "o1" and summary.data["version"] == 1
    assert (summary.data["shifts"], summary.data["promised"], summary.data["assigned"],
            summary.data["missing"]) == (4, 8, 8, 0)
    assert "status" not in summary.data
    scheduled = work.events.staged[1]
    assert scheduled.data["shift_key"] == scheduled.subject
    assert (scheduled.data["head_count"], scheduled.data["version"]) == (2, 1)
    assigned = {(e.subject, e.data["volunteer_id"]) for e in work.events.staged[5:]}
    assert assigned == {(k, v) for k in store.shifts for v in store.on_shift(k)}
    assert all(e.data["replaces"] is None for e in work.events.staged[5:])


def test_a_summary_goes_first_among_its_own_use_cases_events_only(store):
    # two use cases in one unit of work: the second order's summary must not jump ahead
    # of the first order's events
    work = uow()
    orders.place_order(work, order(), "api", today=TODAY, store=store)
    first = work.events.names()
    orders.place_order(work, order(order_id="o2", start=TODAY + timedelta(days=7)), "api",
                       today=TODAY, store=store)
    names = work.events.names()
    assert names[:len(first)] == first
    assert names[len(first)] == "pairing_ordered"
    assert work.events.staged[len(first)].subject == "o2"


def test_an_order_the_unit_cannot_fill_is_placed_understaffed_and_says_so(store):
    for vid in ("U1-v4", "U1-v5"):
        del store.people[vid]
    store.people["U1-v3"] = Volunteer(id="U1-v3", unit_id="U1", weekdays=frozenset({6}))
    work, _, _ = place(store, batches=1)          # this morning: 2 + 2 people
    names = work.events.names()
    assert names.count("shift_understaffed") == 1
    short = next(e for e in work.events.staged if e.name == "shift_understaffed")
    assert (short.data["head_count"], short.data["assigned"], short.data["missing"]) == (2, 1, 1)
    assert store.shifts[short.subject].missing == 1
    assert work.events.staged[0].data["missing"] == 1


def test_the_same_order_again_changes_nothing(store):
    place(store)
    before = dict(store.bookings)
    work, pairing, created = place(store)
    assert not created and pairing.version == 1
    assert work.events.names() == []
    assert store.bookings == before


def test_the_same_id_with_other_terms_is_a_conflict(store):
    place(store)
    with pytest.raises(Conflict) as caught:
        place(store, head_count=2)
    assert caught.value.field == "order_id"


def test_a_refused_order_names_each_field(store):
    with pytest.raises(Refused) as caught:
        place(store, start=TODAY - timedelta(days=1), head_count=40)
    assert refused_fields(caught) == {"start", "head_count"}
    assert store.orders == {} and store.shifts == {} and store.bookings == {}


def test_too_many_people_per_slot_for_the_unit_is_refused(store):
    with pytest.raises(Refused) as caught:
        place(store, head_count=7)
    assert refused_fields(caught) == {"head_count"}
    assert "at most 6" in caught.value.reason


def test_an_unknown_unit_or_community_is_refused_naming_it(store):
    # a 400 naming the field, as over HTTP: the order's own data is what is wrong
    with pytest.raises(Refused) as caught:
        place(store, unit_id="U9", community_code="XX")
    assert refused_fields(caught) == {"unit_id", "community_code"}


def test_a_community_outside_the_units_area_is_refused(store):
    store.communities["SH"] = Community(code="SH", area_id=2, name="别处", parent_code="SH-S",
                                        path=["SH-S", "SH"], version=1)
    store.grids["SH"] = ["SH-01"]
    with pytest.raises(Refused) as caught:
        place(store, community_code="SH")
    assert refused_fields(caught) == {"community_code"}


def test_an_inactive_unit_is_refused(store):
    store.units["U1"].active = False
    with pytest.raises(Refused) as caught:
        place(store)
    assert refused_fields(caught) == {"unit_id"}


def test_places_may_be_sites_but_not_unknown_codes(store):
    work, _, _ = place(store, places=["BJ-CHECKPOINT"], head_count=1, batches=1)
    assert list(store.shifts) == [f"o1:{TODAY}:am:BJ-CHECKPOINT"]
    with pytest.raises(Refused) as caught:
        place(store, order_id="o2", places=["BJ-99"], head_count=1, batches=1)
    assert refused_fields(caught) == {"places"}


# -- amending ------------------------------------------------------------------------
def amend(store: FakeOrders, changes: dict, *, now: datetime = NOW) -> tuple[UnitOfWork,
                                                                             Pairing]:
    work = uow()
    pairing = orders.amend_order(work, "o1", dict(changes), "api", now=now, tz=TZ,
                                 store=store, actor="acct-amender")
    return work, pairing


def test_an_amendment_adds_changes_and_cancels_shifts_keeping_people(store):
    place(store, batches=2)
    kept = {k: store.on_shift(k) for k in store.shifts}
    # one more half-day, and the head-count from 4 to 2 (1 per grid)
    work, pairing = amend(store, {"batches": 3, "head_count": 2, "version": 1})
    assert pairing.version == 2 and pairing.batches == 3 and pairing.head_count == 2
    summary = work.events.staged[0]
    assert summary.name == "pairing_amended" and summary.data["cause"] == "api"
    assert (summary.data["shifts_added"], summary.data["shifts_changed"],
            summary.data["shifts_cancelled"]) == (2, 4, 0)
    names = work.events.names()
    assert names.count("shift_scheduled") == 6
    assert names.count("volunteer_unassigned") == 4        # one released per old shift
    released = [e for e in work.events.staged if e.name == "volunteer_unassigned"]
    assert {e.data["reason"] for e in released} == {"head_count_reduced"}
    for key, people in kept.items():
        assert store.on_shift(key) < people and len(store.on_shift(key)) == 1
        assert store.shifts[key].version == 2
    assert summary.data["promised"] == 6 and summary.data["missing"] == 0


def test_an_amendment_that_shortens_the_order_cancels_the_shifts_past_its_end(store):
    place(store, batches=2)
    afternoon = {f"o1:{TODAY}:pm:{g}" for g in GRIDS}
    work, _ = amend(store, {"batches": 1})
    assert work.events.staged[0].data["shifts_cancelled"] == 2
    cancelled = {e.subject for e in work.events.staged if e.name == "shift_cancelled"}
    assert cancelled == afternoon
    assert all(store.shifts[k].status == CANCELLED for k in afternoon)
    gone = [e for e in work.events.staged if e.name == "volunteer_unassigned"]
    assert len(gone) == 4 and {e.data["reason"] for e in gone} == {"shift_cancelled"}


def test_an_amendment_leaves_shifts_that_have_begun_alone(store):
    place(store, batches=2)
    # 10:00: this morning's shifts are under way, the afternoon's are not
    _, pairing = amend(store, {"head_count": 2}, now=datetime.combine(TODAY, time(10),
                                                                      tzinfo=TZ))
    assert all(store.shifts[f"o1:{TODAY}:am:{g}"].head_count == 2 for g in GRIDS)
    assert all(store.shifts[f"o1:{TODAY}:pm:{g}"].head_count == 1 for g in GRIDS)


def test_a_shift_someone_checked_in_on_early_has_begun(store):
    place(store, batches=1)
    early = f"o1:{TODAY}:am:{GRIDS[0]}"
    store.present.add(early)
    amend(store, {"head_count": 2})
    assert store.shifts[early].head_count == 2 and len(store.on_shift(early)) == 2
    assert store.shifts[f"o1:{TODAY}:am:{GRIDS[1]}"].head_count == 1


def test_an_amendment_with_nothing_new_changes_nothing(store):
    place(store)
    work, pairing = amend(store, {"head_count": 4, "version": 1})
    assert pairing.version == 1 and work.events.names() == []


def test_a_stale_version_or_an_unknown_order_is_refused(store):
    place(store)
    with pytest.raises(Conflict) as stale:
        amend(store, {"head_count": 2, "version": 7})
    assert stale.value.field == "version"
    with pytest.raises(NotFound) as missing:
        orders.amend_order(uow(), "o9", {"head_count": 2}, "api", now=NOW, tz=TZ,
                           store=store)
    assert (missing.value.what, missing.value.key) == ("order", "o9")


def test_an_amendment_refused_by_the_rules_names_the_field(store):
    place(store)
    with pytest.raises(Refused) as caught:
        amend(store, {"head_count": 9})
    assert refused_fields(caught) == {"head_count"}


# -- cancelling ----------------------------------------------------------------------
def cancel(store: FakeOrders, *, now: datetime = NOW) -> tuple[UnitOfWork, Pairing]:
    work = uow()
    return work, orders.cancel_order(work, "o1", "api", now=now, tz=TZ, store=store,
                                     actor="acct-canceller")


def test_a_cancellation_calls_off_every_shift_not_begun(store):
    place(store, batches=2)
    noon = datetime.combine(TODAY, time(12), tzinfo=TZ)     # the morning is history
    work, pairing = cancel(store, now=noon)
    assert pairing.status == CANCELLED and pairing.version == 2
    assert pairing.cancelled_at == noon
    summary = work.events.staged[0]
    assert summary.name == "pairing_cancelled"
    assert summary.data == {"order_id": "o1", "unit_id": "U1", "community_code": "BJ",
                            "shifts_cancelled": 2, "version": 2, "cause": "api",
                            "actor": "acct-canceller"}
    assert work.events.names()[1:] == ["shift_cancelled"] * 2 + ["volunteer_unassigned"] * 4
    assert all(store.shifts[f"o1:{TODAY}:am:{g}"].status == SCHEDULED for g in GRIDS)
    assert all(store.shifts[f"o1:{TODAY}:pm:{g}"].status == CANCELLED for g in GRIDS)
    assert store.totals("o1")["shifts"] == 2


def test_cancelling_twice_changes_nothing_and_an_amendment_after_it_conflicts(store):
    place(store)
    cancel(store)
    work, pairing = cancel(store)
    assert pairing.version == 2 and work.events.names() == []
    with pytest.raises(Conflict) as caught:
        amend(store, {"head_count": 2})
    assert caught.value.field == "order_id"


def test_cancelling_an_unknown_order_is_not_found(store):
    with pytest.raises(NotFound):
        cancel(store)


# -- history ---------------------------------------------------------------------------
def test_each_step_of_an_order_is_kept_with_its_author_and_what_it_changed(store):
    _, _, _ = place(store, batches=2)
    amend(store, {"head_count": 2, "version": 1})
    amend(store, {"head_count": 2})                # nothing new: no step
    work, _ = cancel(store)
    assert [(c.order_id, c.version, c.change, c.actor, c.cause) for c in store.history] == [
        ("o1", 1, "ordered", "acct-placer", "api"),
        ("o1", 2, "amended", "acct-amender", "api"),
        ("o1", 3, "cancelled", "acct-canceller", "api")]
    assert store.history[0].fields == {}
    assert store.history[1].fields == {"head_count": [4, 2]}
    assert store.history[2].fields == {"status": ["active", "cancelled"]}
    assert work.events.staged[0].data["actor"] == "acct-canceller"


def test_an_amended_period_is_kept_as_text(store):
    place(store, batches=2)
    amend(store, {"start": TODAY + timedelta(days=1)})
    assert store.history[-1].fields["start"] == [TODAY.isoformat(),
                                                 (TODAY + timedelta(days=1)).isoformat()]
