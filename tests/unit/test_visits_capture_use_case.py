"""The capture use case with fakes: a VisitBatch that already knows what its visits name
(as the loader leaves it), a session that records statements instead of running them, and
the real Events stager (payloads checked against their contracts). No database, no
broker: what a visit stages, what a refusal leaves behind, and that a batch writes the
same handful of set-based statements however many visits it holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from services.common.errors import Conflict, NotFound, Refused
from services.common.outbox import Outbox
from services.common.unit_of_work import Events, UnitOfWork
from services.visits.adapters.capture_batch import CampaignRow, VisitBatch
from services.visits.adapters.models import MESSAGING, SERVICE
from services.visits.domain.questionnaire import load_questionnaire
from services.visits.use_cases.capture import capture

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=TZ)
QUESTIONNAIRE = load_questionnaire({
    "id": "q", "version": 1, "title": "t", "questions": [
        {"id": "returned", "type": "yes_no", "text": "来返？", "required": True}]})


class RecordingSession:
    """Stands in for a Session: a statement is recorded, never run. Loading must not
    need one at all (the batch knows everything), so `reads` stays empty."""

    def __init__(self) -> None:
        self.info: dict = {}
        self.statements: list = []

    def execute(self, statement, params=None):
        self.statements.append((statement, params))

    def get(self, *args, **kwargs):  # pragma: no cover - a query would be a bug here
        raise AssertionError("capture looked something up on its own")


def known_batch(households: int = 2, events: Events | None = None) -> VisitBatch:
    """What VisitBatch.load leaves after reading a campaign c1 of grid G1, its households
    H1..Hn (residents 10n+1 and 10n+2, an open task each), shift s1 with V1 on it."""
    batch = VisitBatch(Outbox(SERVICE, MESSAGING), now=NOW, tz=TZ, events=events)
    batch.campaigns["c1"] = SimpleNamespace(
        id="c1", start=DAY - timedelta(days=1), end=DAY + timedelta(days=7),
        questionnaire_id="q", questionnaire_version=1, max_attempts=3)
    batch.questionnaires[("q", 1)] = QUESTIONNAIRE
    for n in range(1, households + 1):
        code = f"H{n}"
        batch.households[code] = SimpleNamespace(code=code, household_id=n, grid_code="G1")
        batch.residents[n] = frozenset({10 * n + 1, 10 * n + 2})
        batch.rows[("c1", code)] = CampaignRow(
            campaign_id="c1", household_code=code, grid_code="G1", state="assigned",
            attempts=0, follow_up=False, version=2, shift_key="s1", volunteer_id="V1",
            last_outcome=None, last_visit_at=None, assigned_at=NOW - timedelta(hours=4),
            reached_at=None)
        batch.open_tasks[("c1", code)] = 100 + n
    batch.shifts["s1"] = SimpleNamespace(key="s1", status="scheduled",
                                         task_kinds=["door_to_door"], place_code="G1",
                                         day=DAY, half="am")
    batch.volunteers[("s1", "V1")] = SimpleNamespace(status="assigned", unassigned_at=None)
    return batch


def visit(visit_id: str, household: str = "H1", **changes) -> dict:
    return {"visit_id": visit_id, "campaign_id": "c1", "household_code": household,
            "visitor_id": "V1", "shift_key": "s1",
            "visited_at": datetime(2026, 3, 10, 9, 30, tzinfo=TZ), "method": "in_person",
            "outcome": "reached", "answers": {"returned": False}, "people_found": 2,
            **changes}


def take(batch: VisitBatch, data: dict, session=None):
    batch.recorded.setdefault(data["visit_id"], None)     # the loader found none
    return capture(session or RecordingSession(), batch, data, source="test")


def staged(batch: VisitBatch) -> list[str]:
    return batch.events.names()


def test_a_reached_visit_stages_its_row_state_task_and_events():
    batch = known_batch()
    session = RecordingSession()
    recorded, created = take(batch, visit("v-1"), session)
    assert created and recorded.attempt == 1 and recorded.people_registered == 2
    assert session.statements == []            # nothing read or written per visit
    assert staged(batch) == ["household_state_changed", "household_reached",
                             "visit_recorded"]
    state, reached, summary = (e.data for e in batch.events.staged)
    assert (state["previous_state"], state["state"], state["version"]) == \
        ("assigned", "reached", 3)
    assert reached["people_found"] == 2
    assert summary["visit_id"] == "v-1" and summary["day"] == DAY.isoformat()
    row = batch.rows[("c1", "H1")]
    assert (row.state, row.shift_key, row.visits) == ("reached", None, 1)
    assert batch.open_tasks[("c1", "H1")] is None
    assert batch.recorded["v-1"] is recorded


def test_a_visit_in_a_unit_of_work_leaves_its_events_to_the_unit_of_work():
    # a visit over HTTP (capture_visit): the batch writes its rows, and its events reach
    # the outbox only when the request's unit of work flushes, with whatever it staged
    session = RecordingSession()
    uow = UnitOfWork(session, Outbox(SERVICE, MESSAGING))
    batch = known_batch(events=uow.events)
    take(batch, visit("v-1"), session)
    batch.flush(session)
    rows = len(session.statements)
    assert rows and uow.events.names() == ["household_state_changed", "household_reached",
                                           "visit_recorded"]
    uow.flush()
    assert uow.events.names() == [] and len(session.statements) == rows + 1


def test_a_refused_visit_leaves_the_batch_as_it_was():
    batch = known_batch()
    batch.volunteers[("s1", "V2")] = None                 # never on the shift
    with pytest.raises(Refused) as refused:
        take(batch, visit("v-1", shift_key="s1", visitor_id="V2", answers={}))
    assert [f for f, _ in refused.value.problems] == ["visitor_id", "answers.returned"]
    assert staged(batch) == []
    assert batch.rows[("c1", "H1")].state == "assigned"
    assert batch.open_tasks[("c1", "H1")] == 101


def test_the_same_visit_again_is_recorded_once_and_other_content_is_a_conflict():
    batch = known_batch()
    first, _ = take(batch, visit("v-1"))
    again, created = take(batch, visit("v-1"))
    assert again is first and not created
    assert staged(batch).count("visit_recorded") == 1
    with pytest.raises(Conflict):
        take(batch, visit("v-1", people_found=3))


def test_an_unknown_campaign_is_not_found():
    batch = known_batch()
    batch.campaigns["c9"] = None
    batch.rows[("c9", "H1")] = None
    with pytest.raises(NotFound):
        take(batch, visit("v-1", campaign_id="c9"))


def test_a_second_visit_to_a_household_in_the_same_batch_is_its_next_attempt():
    batch = known_batch()
    take(batch, visit("v-1", outcome="not_home", answers={}, people_found=None))
    later, _ = take(batch, visit("v-2", visited_at=datetime(2026, 3, 10, 11, 0, tzinfo=TZ)))
    assert later.attempt == 2
    assert batch.rows[("c1", "H1")].state == "reached"


def test_a_head_count_that_differs_opens_a_discrepancy():
    batch = known_batch()
    take(batch, visit("v-1", people_found=3))
    assert "discrepancy_opened" in staged(batch)


def test_hazards_requests_and_corrections_are_staged_with_the_visit():
    batch = known_batch()
    take(batch, visit("v-1", people_found=1,
                      hazards=[{"kind": "gas", "severity": "high", "note": None}],
                      requests=[{"category": "medical", "urgency": "normal", "note": None}],
                      corrections=[{"kind": "moved_out", "resident_id": 12,
                                    "moved_on": DAY}]))
    assert staged(batch) == ["household_state_changed", "household_reached",
                             "discrepancy_opened", "correction_proposed", "hazard_found",
                             "request_raised", "visit_recorded"]
    summary = batch.events.staged[-1].data
    assert (summary["hazards"], summary["requests"], summary["corrections"]) == (1, 1, 1)


def test_a_batch_writes_one_statement_per_table_however_many_visits():
    def statements(n: int) -> int:
        batch = known_batch(households=n)
        session = RecordingSession()
        for i in range(1, n + 1):
            take(batch, visit(f"v-{i}", household=f"H{i}", people_found=3,
                              hazards=[{"kind": "gas", "severity": "low", "note": None}]),
                 session)
        assert session.statements == []
        batch.flush(session)
        return len(session.statements)

    # visits, discrepancies, hazards, the tasks done, the campaign rows, the outbox
    assert statements(2) == statements(40) == 6

