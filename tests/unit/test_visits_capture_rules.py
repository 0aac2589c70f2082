"""The rules a visit must pass (domain/visit_checks.py), without a database or broker: the
household in the campaign's grids, the clock, the campaign's period, the shift (its kind,
grid, day, hours, and who was on it), follow-up calls without a shift, and the content."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from services.common.clock import CLOCK_SKEW
from services.common.slots import AttendanceRules
from services.visits.domain.questionnaire import load_questionnaire
from services.visits.domain.visit_checks import VisitContext, check_visit

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 3, 10)
MORNING = datetime(2026, 3, 10, 9, 30, tzinfo=TZ)
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=TZ)

QUESTIONNAIRE = load_questionnaire({
    "id": "q", "version": 2, "title": "t", "questions": [
        {"id": "returned", "type": "yes_no", "text": "来返？", "required": True}]})
CAMPAIGN = SimpleNamespace(id="c1", start=DAY - timedelta(days=1), end=DAY + timedelta(days=7),
                           questionnaire_id="q", questionnaire_version=2)
HOUSEHOLD = SimpleNamespace(code="H1", grid_code="G1")
SHIFT = SimpleNamespace(key="s1", status="scheduled", task_kinds=["door_to_door"],
                        place_code="G1", day=DAY, half="am")
ON_SHIFT = SimpleNamespace(status="assigned", unassigned_at=None)


def context(**changes) -> VisitContext:
    base = VisitContext(
        campaign=CAMPAIGN, questionnaire=QUESTIONNAIRE, household=HOUSEHOLD,
        membership=SimpleNamespace(follow_up=False), residents=frozenset({7, 8}),
        shift=SHIFT, booking=ON_SHIFT, now=NOW, tz=TZ, rules=AttendanceRules())
    return replace(base, **changes)


def visit(**changes) -> dict:
    return {"visit_id": "v-1", "campaign_id": "c1", "household_code": "H1",
            "visitor_id": "V1", "shift_key": "s1", "visited_at": MORNING,
            "method": "in_person", "outcome": "reached", "answers": {"returned": False},
            "people_found": 2, **changes}


def fields(problems) -> list[str]:
    return [field for field, _ in problems]


def test_a_visit_on_its_shift_passes():
    assert check_visit(visit(), context()) == []


def test_an_unregistered_household_is_named():
    problems = check_visit(visit(household_code="H9"), context(household=None,
                                                               membership=None))
    assert problems == [("household_code", "unknown household H9")]


def test_a_household_outside_the_campaigns_grids_is_refused_with_its_grid():
    [(field, reason)] = check_visit(visit(), context(membership=None))
    assert field == "household_code"
    assert reason == "household H1 (grid G1) is not in campaign c1's grids"


def test_a_phone_clock_a_little_ahead_is_believed_but_not_more():
    now = MORNING - CLOCK_SKEW
    assert check_visit(visit(), context(now=now)) == []
    problems = check_visit(visit(), context(now=now - timedelta(seconds=1)))
    assert problems == [("visited_at", f"{MORNING.isoformat()} is in the future")]


@pytest.mark.parametrize("day", [CAMPAIGN.start - timedelta(days=1),
                                 CAMPAIGN.end + timedelta(days=1)])
def test_a_visit_outside_the_campaigns_period_is_refused_on_its_local_day(day):
    at = datetime.combine(day, MORNING.timetz())
    shift = replace_ns(SHIFT, day=day)
    problems = check_visit(visit(visited_at=at), context(shift=shift, now=at))
    assert problems == [("visited_at", f"{day} (local) is outside the campaign's period "
                                       f"{CAMPAIGN.start} to {CAMPAIGN.end}")]


def test_the_local_day_counts_not_the_utc_one():
    # 00:30 in Shanghai on the campaign's first day is still the day before in UTC
    start = datetime.combine(CAMPAIGN.start, datetime.min.time(), tzinfo=TZ) \
        + timedelta(minutes=30)
    problems = check_visit(visit(visited_at=start.astimezone(ZoneInfo("UTC")),
                                 shift_key=None, method="phone"),
                           context(membership=SimpleNamespace(follow_up=True), now=NOW))
    assert problems == []


def test_an_ended_campaign_refuses_visits_after_its_end():
    ended = replace_ns(CAMPAIGN, end=DAY - timedelta(days=1))
    assert fields(check_visit(visit(), context(campaign=ended))) == ["visited_at"]


def test_in_person_visits_need_a_shift():
    problems = check_visit(visit(shift_key=None), context(shift=None, booking=None))
    assert problems == [("shift_key", "required for an in-person visit")]


def test_calls_without_a_shift_are_for_follow_up_households_only():
    call = visit(shift_key=None, method="phone")
    assert check_visit(call, context(shift=None, booking=None,
                                     membership=SimpleNamespace(follow_up=True))) == []
    [(field, reason)] = check_visit(call, context(shift=None, booking=None))
    assert field == "shift_key" and "not on the follow-up list" in reason


def test_an_unknown_shift_is_named():
    assert check_visit(visit(shift_key="s9"), context(shift=None, booking=None)) == [
        ("shift_key", "unknown shift s9")]


def test_a_cancelled_shift_or_one_without_door_to_door_carries_no_visit():
    cancelled = check_visit(visit(), context(shift=replace_ns(SHIFT, status="cancelled")))
    assert cancelled == [("shift_key", "shift s1 was cancelled")]
    other = check_visit(visit(), context(shift=replace_ns(SHIFT, task_kinds=["checkpoint"])))
    assert other == [("shift_key", "shift s1 is not a door_to_door shift")]


def test_a_shift_in_another_grid_is_refused():
    problems = check_visit(visit(), context(shift=replace_ns(SHIFT, place_code="G2")))
    assert problems == [("shift_key", "shift s1 is in grid G2, not the household's grid G1")]


def test_a_shift_on_another_day_is_refused_without_checking_its_hours():
    problems = check_visit(visit(), context(shift=replace_ns(SHIFT, day=DAY + timedelta(1))))
    assert problems == [("shift_key", f"shift s1 is on {DAY + timedelta(1)}, the visit on {DAY}")]


@pytest.mark.parametrize(("hour", "minute", "ok"), [
    (7, 45, True), (7, 44, False), (12, 15, True), (12, 16, False), (14, 0, False)])
def test_a_visit_on_a_shift_happens_during_its_hours_give_or_take_the_tolerance(
        hour, minute, ok):
    at = datetime(2026, 3, 10, hour, minute, tzinfo=TZ)
    problems = check_visit(visit(visited_at=at), context(now=at))
    if ok:
        assert problems == []
    else:
        [(field, reason)] = problems
        assert field == "visited_at"
        assert "outside shift s1's hours (08:00–12:00 local, give or take 15 min)" in reason


def test_the_tolerance_is_the_configured_one():
    at = datetime(2026, 3, 10, 7, 50, tzinfo=TZ)
    strict = AttendanceRules(visit_tolerance=timedelta(minutes=5))
    assert fields(check_visit(visit(visited_at=at), context(rules=strict))) == ["visited_at"]


def test_the_visitor_must_have_been_on_the_shift_at_the_time():
    assert check_visit(visit(), context(booking=None)) == [
        ("visitor_id", "V1 is not on shift s1")]
    left_later = SimpleNamespace(status="unassigned", unassigned_at=MORNING + timedelta(1))
    assert check_visit(visit(), context(booking=left_later)) == []
    left_before = SimpleNamespace(status="unassigned", unassigned_at=MORNING)
    assert fields(check_visit(visit(), context(booking=left_before))) == ["visitor_id"]


def test_answers_are_checked_against_the_campaigns_questionnaire_version():
    assert fields(check_visit(visit(answers={}), context())) == ["answers.returned"]
    assert fields(check_visit(visit(answers={"returned": True, "nope": 1}), context())) \
        == ["answers.nope"]
    [(field, reason)] = check_visit(visit(questionnaire_version=1), context())
    assert field == "questionnaire_version"
    assert reason == "campaign c1 uses version 2 of q, not 1"


def test_only_a_reached_household_gives_corrections_requests_and_a_head_count():
    problems = check_visit(visit(
        outcome="not_home", answers={},
        corrections=[{"kind": "moved_out", "resident_id": 7, "moved_on": DAY}],
        requests=[{"category": "medical", "urgency": "normal"}]), context())
    assert fields(problems) == ["corrections", "requests", "people_found"]


def test_corrections_name_only_the_households_residents():
    ok = visit(corrections=[{"kind": "moved_out", "resident_id": 7, "moved_on": DAY}])
    assert check_visit(ok, context()) == []
    stranger = visit(corrections=[{"kind": "moved_out", "resident_id": 99, "moved_on": DAY}])
    assert check_visit(stranger, context()) == [
        ("corrections.0.resident_id", "not a resident of this household")]


def test_every_problem_is_named_at_once_in_a_stable_order():
    late = datetime(2026, 3, 10, 15, 0, tzinfo=TZ)
    problems = check_visit(visit(visited_at=late, answers={}),
                           context(now=late - timedelta(hours=1), booking=None))
    assert fields(problems) == ["visited_at", "visited_at", "visitor_id", "answers.returned"]


def replace_ns(ns: SimpleNamespace, **changes) -> SimpleNamespace:
    return SimpleNamespace(**{**vars(ns), **changes})
