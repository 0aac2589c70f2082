"""What a household's state change and a shift's task changes stage into a unit of work's
events (adapters/states.py, use_cases/tasks.TaskEvents), without a database: the real
Events stager over an Outbox that never flushes, so payloads meet their contracts."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from services.common.outbox import Outbox
from services.common.unit_of_work import Events
from services.visits.adapters.models import MESSAGING, SERVICE
from services.visits.adapters.states import state_of, write_state
from services.visits.domain.households import record_visit, release
from services.visits.use_cases.tasks import TaskEvents

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 10, 9, 30, tzinfo=TZ)
DAY = date(2026, 3, 10)


def events() -> Events:
    return Events(Outbox(SERVICE, MESSAGING))


def household(**changes) -> SimpleNamespace:
    return SimpleNamespace(**{
        "campaign_id": "c1", "household_code": "H1", "grid_code": "G1", "state": "assigned",
        "attempts": 0, "follow_up": False, "version": 2, "last_outcome": None,
        "last_visit_at": None, "assigned_at": datetime(2026, 3, 10, 8, 0, tzinfo=TZ),
        **changes})


def test_a_state_change_is_stored_on_the_row_and_staged_once():
    sink, row = events(), household()
    new, _ = record_visit(state_of(row), "not_home", max_attempts=3, visited_at=AT)
    assert write_state(sink, row, new, at=AT, day=DAY, visit_id="v-1")
    assert (row.state, row.attempts, row.version) == ("not_home", 1, 3)
    [envelope] = sink.staged
    assert envelope.type == "visits.household_state_changed"
    assert envelope.data["previous_state"] == "assigned"
    assert envelope.data["visit_id"] == "v-1"


def test_no_event_when_the_domain_says_nothing_changed():
    sink, row = events(), household()
    assert not write_state(sink, row, state_of(row), at=AT, day=DAY)
    assert sink.staged == []


def test_releasing_a_task_returns_the_household_to_its_last_outcome():
    sink, row = events(), household(last_outcome="not_home", attempts=1,
                                    last_visit_at=AT.replace(day=9))
    assert write_state(sink, row, release(state_of(row), max_attempts=3), at=AT, day=DAY)
    assert (row.state, sink.staged[0].data["previous_state"]) == ("not_home", "assigned")


def test_task_changes_are_staged_one_event_per_volunteer_and_reason():
    shift = SimpleNamespace(key="s1", place_code="G1", day=DAY, half="am")
    changes, sink = TaskEvents(shift), events()
    for code in ("H2", "H1"):
        changes.release("c1", "V1", code, "volunteer_unassigned", moved_to="V2")
        changes.assign("c1", "V2", code)
    changes.release("c1", "V3", "H3", "shift_cancelled")
    changes.write(sink)
    assert sink.names() == ["tasks_released", "tasks_released", "tasks_assigned"]
    moved, cancelled, assigned = (e.data for e in sink.staged)
    assert moved["household_codes"] == ["H1", "H2"] and moved["moved_to"] == "V2"
    assert cancelled["reason"] == "shift_cancelled"
    assert assigned["volunteer_id"] == "V2"
