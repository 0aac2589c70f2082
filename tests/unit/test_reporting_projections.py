"""Reporting's projections as plain functions of events: duplicates and late arrivals for
the same household, shift or request change nothing wrong."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from services.reporting.domain import core, coverage, effort, registry, requests

SH = ZoneInfo("Asia/Shanghai")
D1, D2, D3 = date(2030, 3, 4), date(2030, 3, 5), date(2030, 3, 6)


def state_event(version: int, state: str, day=D1, attempts=1, follow_up=False) -> dict:
    return {"campaign_id": "c1", "household_code": "H1", "grid_code": "G1", "state": state,
            "previous_state": "assigned", "attempts": attempts, "follow_up": follow_up,
            "version": version, "day": day}


def run(events, apply, items, day_of=lambda e: e["day"]):
    """Fold events through apply; returns the final state and the summed figure changes."""
    state, total = None, {}
    for event in events:
        new = apply(state, event)
        core.merge(total, core.diff(items(state), items(new), day_of(event)))
        state = new
    return state, {k: v for k, v in total.items() if v}


def to_date(total: dict) -> dict:
    out = {}
    for (area, campaign, dim, metric, _day), value in total.items():
        out[(area, campaign, dim, metric)] = out.get((area, campaign, dim, metric), 0) + value
    return {k: v for k, v in out.items() if v}


def test_household_states_in_order_move_one_household_between_counts():
    events = [state_event(1, "assigned"), state_event(2, "not_home", attempts=1),
              state_event(3, "reached", day=D2, attempts=2)]
    state, total = run(events, coverage.apply_state, coverage.household_items)
    assert state["state"] == "reached" and state["attempts"] == 2
    # each change is dated on its day: not home as of D1, reached as of D2
    assert total == {("G1", "c1", "", "hh.not_home", D1): 1,
                     ("G1", "c1", "", "hh.not_home", D2): -1,
                     ("G1", "c1", "", "hh.reached", D2): 1}


def test_a_duplicate_household_state_changes_nothing():
    once = [state_event(1, "assigned"), state_event(2, "reached", day=D2)]
    twice = [once[0], once[0], once[1], once[1], once[0]]
    assert run(once, coverage.apply_state, coverage.household_items) == \
        run(twice, coverage.apply_state, coverage.household_items)


def test_an_older_household_state_arriving_late_is_ignored():
    shuffled = [state_event(2, "reached", day=D2), state_event(1, "assigned")]
    state, total = run(shuffled, coverage.apply_state, coverage.household_items)
    assert state["state"] == "reached" and state["version"] == 2
    in_order = run(list(reversed(shuffled)), coverage.apply_state, coverage.household_items)
    assert to_date(total) == to_date(in_order[1]) == {("G1", "c1", "", "hh.reached"): 1}


def test_first_reach_counts_people_once_whatever_the_order():
    reached = {"campaign_id": "c1", "household_code": "H1", "grid_code": "G1", "day": D2,
               "people_found": 4, "people_registered": 3, "visit_id": "v1"}
    events = [("reached", reached), ("state", state_event(2, "reached", day=D2)),
              ("reached", {**reached, "people_found": 9, "day": D3})]

    def apply(state, e):
        kind, data = e
        return coverage.apply_reached(state, data) if kind == "reached" \
            else coverage.apply_state(state, data)

    _, total = run(events, apply, coverage.household_items, day_of=lambda e: e[1]["day"])
    assert total == {("G1", "c1", "", "hh.reached", D2): 1,
                     ("G1", "c1", "", "hh.first_reached", D2): 1,
                     ("G1", "c1", "", "people.found", D2): 4,
                     ("G1", "c1", "", "people.registered", D2): 3}


def test_a_discrepancy_closed_before_it_was_opened_ends_closed():
    ref = {"discrepancy_id": "d1", "campaign_id": "c1", "grid_code": "G1"}
    closed = coverage.apply_discrepancy(None, ref, closed_day=D2)
    both = coverage.apply_discrepancy(closed, ref, opened_day=D1)
    items = coverage.discrepancy_items(both)
    assert ("G1", "c1", "", "discrepancies.open", None) not in items
    assert items[("G1", "c1", "", "discrepancies.opened", D1)] == 1
    opened = coverage.apply_discrepancy(None, ref, opened_day=D1)
    assert coverage.discrepancy_items(opened)[("G1", "c1", "", "discrepancies.open", None)] == 1


def test_registry_counts_follow_versions_kinds_tags_and_moves():
    h1 = {"household_id": 1, "code": "H1", "kind": "residence", "grid_code": "G1",
          "version": 1}
    _, total = run([h1, {**h1, "kind": "rental", "version": 2}, h1],
                   registry.apply_household, lambda s: registry.household_items(s, ("c1",)),
                   day_of=lambda e: D1)
    assert total == {("G1", "", "", "households", D1): 1,
                     ("G1", "", "", "households.rental", D1): 1,
                     ("G1", "c1", "", "hh.target", D1): 1}
    r = {"resident_id": 7, "household_id": 1, "grid_code": "G1",
         "tags": ["elderly_alone"], "version": 1}
    state = registry.apply_resident(None, r)
    moved = registry.apply_move(state, {"resident_id": 7, "to_household_id": None,
                                        "to_grid_code": None, "version": 2})
    assert registry.resident_items(moved) == {}
    assert registry.apply_resident(moved, r) is moved          # the late v1 is ignored


def shift_ref(**more) -> dict:
    return {"shift_key": "s1", "order_id": "o1", "unit_id": "u1", "community_code": "C1",
            "place_code": "G1", "day": D1, "half": "am", **more}


def test_a_shift_counts_people_booked_present_and_absent():
    s = effort.apply_scheduled(None, shift_ref(task_kinds=["door_to_door"], head_count=2,
                                               version=1))
    s = effort.apply_volunteer(s, shift_ref(volunteer_id="v1"), "assigned", "2030-03-01T01")
    s = effort.apply_volunteer(s, shift_ref(volunteer_id="v2"), "assigned", "2030-03-01T02")
    s = effort.apply_volunteer(s, shift_ref(volunteer_id="v1"), "checked_in", "2030-03-04T01")
    s = effort.apply_volunteer(s, shift_ref(volunteer_id="v2"), "no_show", "2030-03-04T05")
    items = effort.shift_items(s, "G1")
    for dim in ("", "unit:u1", "order:o1", "task:door_to_door"):
        got = {k[3]: v for k, v in items.items() if k[2] == dim}
        assert got == {"shifts.scheduled": 1, "shifts.filled": 1, "pt.promised": 2,
                       "pt.scheduled": 2, "pt.delivered": 1, "pt.no_show": 1}, dim


def test_an_unassignment_older_than_the_assignment_is_ignored():
    s = effort.apply_scheduled(None, shift_ref(task_kinds=["checkpoint"], head_count=1,
                                               version=1))
    s = effort.apply_volunteer(s, shift_ref(volunteer_id="v1"), "assigned", "2030-03-01T02")
    late = effort.apply_volunteer(s, shift_ref(volunteer_id="v1"), "unassigned",
                                  "2030-03-01T01")
    assert late is s
    cancelled = effort.apply_cancelled(s, shift_ref(version=2))
    assert effort.apply_scheduled(cancelled, shift_ref(task_kinds=["checkpoint"],
                                                       head_count=1, version=1)) is cancelled
    items = effort.shift_items(cancelled, "G1")
    assert {k[3] for k in items} == {"shifts.cancelled"}


def request_event(version: int, status: str, at: datetime, **more) -> dict:
    raised = datetime(2030, 3, 4, 2, tzinfo=UTC)
    return {"request_id": "r1", "grid_code": "G1", "household_code": "H1",
            "campaign_id": None, "category": "medical", "urgency": "high", "status": status,
            "raised_at": raised, "due_at": raised + timedelta(days=1), "at": at,
            "version": version, **more}


def test_requests_out_of_order_end_resolved_with_their_time_to_resolve():
    t0 = datetime(2030, 3, 4, 2, tzinfo=UTC)
    raised = request_event(1, "open", t0)
    resolved = request_event(3, "resolved", t0 + timedelta(hours=5))
    assigned = request_event(2, "assigned", t0 + timedelta(hours=1))
    state = None
    for kind, event in (("resolved", resolved), ("raised", raised), ("assigned", assigned),
                        ("resolved", resolved)):
        state = requests.apply(state, event, kind)
    assert state["status"] == "resolved" and state["version"] == 3
    items = requests.items(state, SH)
    assert items[("G1", "", "", "requests.resolve_seconds", D1)] == 5 * 3600
    assert ("G1", "", "", "requests.open", None) not in items
    assert items[("G1", "", "category:medical", "requests.raised", D1)] == 1


def test_overdue_is_marked_once_and_counts_while_open():
    state = requests.apply(None, request_event(1, "open", datetime(2030, 3, 4, tzinfo=UTC)),
                           "raised")
    late = requests.mark_overdue(state, D2)
    assert requests.mark_overdue(late, D3) is late
    items = requests.items(late, SH)
    assert items[("G1", "", "", "requests.overdue_open", None)] == 1
    assert items[("G1", "", "", "requests.overdue", D2)] == 1


def test_projections_import_no_framework():
    for module in (core, coverage, effort, registry, requests):
        source = inspect.getsource(module)
        assert "sqlalchemy" not in source and "nameko" not in source
