"""Residents' requests (困难诉求): service levels, lifecycle, overdue escalation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.common import vocab
from services.visits.domain import (
    CATEGORIES,
    CLOSERS,
    DEFAULT_SLA_HOURS,
    URGENCIES,
    RequestError,
    due_at,
    escalate,
    escalation,
    is_overdue,
    median_hours,
    raise_request,
    reopen,
    resolve,
    sla_hours,
)
from services.visits.domain import assign_request as assign
from services.visits.domain import close_request as close

T0 = datetime(2030, 3, 4, 2, 0, tzinfo=UTC)
PATH = ["CITY", "DIST", "STREET", "COMM", "GRID"]


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def raised(category: str = "medical", urgency: str = "normal"):
    return raise_request("r1", category, urgency, T0, actor="v001", note="腿脚不便，需要配药")


def test_the_rules_speak_the_vocabulary():
    assert CATEGORIES is vocab.REQUEST_CATEGORIES
    assert URGENCIES is vocab.URGENCIES
    assert CLOSERS is vocab.REQUEST_CLOSERS


# -- service levels --------------------------------------------------------------------------

def test_every_category_and_urgency_has_a_service_level():
    assert set(DEFAULT_SLA_HOURS) == {(c, u) for c in CATEGORIES for u in URGENCIES}
    for category in CATEGORIES:
        hours = [DEFAULT_SLA_HOURS[(category, u)] for u in URGENCIES]
        assert hours == sorted(hours, reverse=True), category   # more urgent, sooner


def test_due_time_follows_the_service_level():
    assert due_at("medical", "critical", T0) == at(2)
    assert due_at("medical", "normal", T0) == at(24)
    assert due_at("other", "low", T0) == at(168)
    assert due_at("medical", "normal", T0, {("medical", "normal"): 5}) == at(5)
    local = T0.astimezone(timezone(timedelta(hours=8)))
    assert due_at("supplies", "high", local) == at(12)


@pytest.mark.parametrize(("args", "field"), [
    (("food", "normal", T0), "category"),
    (("medical", "asap", T0), "urgency"),
    (("medical", "normal", T0.replace(tzinfo=None)), "raised_at"),
])
def test_due_time_refuses_bad_input(args, field):
    with pytest.raises(RequestError) as caught:
        due_at(*args)
    assert caught.value.field == field


def test_a_custom_table_missing_an_entry_says_so():
    with pytest.raises(RequestError, match="no service level"):
        sla_hours("medical", "low", {("medical", "normal"): 5})


# -- lifecycle -------------------------------------------------------------------------------

def test_a_raised_request_is_open_with_its_due_time_and_history():
    req = raised()
    assert (req.status, req.version, req.due_at, req.assignee) == ("open", 1, at(24), None)
    assert [(h.action, h.actor) for h in req.history] == [("raised", "v001")]


def test_the_full_lifecycle():
    req = raised()
    req = assign(req, "街道卫生院", at(1), "grid_leader_1", "请上门配药")
    assert (req.status, req.assignee, req.transferred, req.version) == \
        ("assigned", "街道卫生院", False, 2)
    req = assign(req, "社区卫生服务站", at(2), "grid_leader_1", "就近处理")
    assert (req.status, req.assignee, req.transferred, req.version) == \
        ("assigned", "社区卫生服务站", True, 3)
    req = resolve(req, at(5), "社区卫生服务站", "已送药上门")
    assert req.status == "resolved"
    req = close(req, at(6), "resident")
    assert (req.status, req.version) == ("closed", 5)
    assert [h.action for h in req.history] == ["raised", "assigned", "transferred",
                                               "resolved", "closed"]
    assert req.history[-1].actor == "resident"
    assert req.changed_at == at(6)


def test_assigning_by_code_names_who_handles_it_and_a_new_code_is_a_transfer():
    req = assign(raised(), None, at(1), "acc-admin", assigned_to=" D-housing ")
    assert (req.assignee, req.assigned_to, req.transferred) == ("D-housing", "D-housing",
                                                                False)
    named = assign(req, "住建局", at(2), "acc-admin", assigned_to="D-housing")
    assert (named.assignee, named.assigned_to, named.transferred) == ("住建局", "D-housing",
                                                                      True)
    moved = assign(named, "住建局", at(3), "acc-admin", assigned_to="D-civil")
    assert (moved.assigned_to, moved.transferred) == ("D-civil", True)
    assert [(h.action, h.actor) for h in moved.history][1:] == [
        ("assigned", "acc-admin"), ("transferred", "acc-admin"), ("transferred", "acc-admin")]
    by_name = assign(moved, "住建局", at(4), "acc-admin")       # the code is dropped
    assert (by_name.assignee, by_name.assigned_to) == ("住建局", None)
    reopened = reopen(resolve(moved, at(5), "acc-handler"), at(6), "acc-worker", "还在漏")
    assert (reopened.status, reopened.assigned_to) == ("assigned", "D-civil")


@pytest.mark.parametrize(("assignee", "code", "field", "reason"), [
    (None, None, "assignee", "must name"),
    (None, " ", "assigned_to", "unit id or department code"),
    ("住建局", "D-housing", "assigned_to", "already assigned"),
])
def test_assigning_by_code_refuses_what_names_nobody_new(assignee, code, field, reason):
    req = assign(raised(), "住建局", at(1), "gl", assigned_to="D-housing")
    fresh = raised()
    with pytest.raises(RequestError) as caught:
        assign(req if reason == "already assigned" else fresh, assignee, at(2), "gl",
               assigned_to=code)
    assert (caught.value.field, reason in caught.value.reason) == (field, True)


def test_resolve_straight_from_open():
    assert resolve(raised(), at(1), "grid_worker").status == "resolved"


def test_reopen_goes_back_to_the_same_assignee_with_the_original_due_time():
    req = resolve(assign(raised(), "卫生院", at(1), "gl"), at(2), "卫生院")
    again = reopen(req, at(3), "gl", "居民反映药品不对")
    assert (again.status, again.assignee, again.due_at, again.transferred) == \
        ("assigned", "卫生院", req.due_at, False)
    assert again.history[-1].note == "居民反映药品不对"


def test_reopen_without_an_assignee_goes_back_to_open():
    req = resolve(raised(), at(1), "gw")
    assert reopen(req, at(2), "gl", "未解决").status == "open"


def test_the_grid_leader_may_close_an_unresolved_request_with_a_note():
    req = close(raised(), at(1), "grid_leader", "重复诉求", actor="gl_7")
    assert req.status == "closed"
    assert req.history[-1].actor == "gl_7"


@pytest.mark.parametrize(("make", "action", "field", "reason"), [
    (lambda: raised(), lambda r: close(r, at(1), "resident"), "closed_by",
     "only the grid leader"),
    (lambda: raised(), lambda r: close(r, at(1), "grid_leader"), "note", "say why"),
    (lambda: raised(), lambda r: close(r, at(1), "mayor"), "closed_by", "must be one of"),
    (lambda: close(raised(), at(1), "grid_leader", "重复"),
     lambda r: close(r, at(2), "grid_leader", "again"), "status", "already closed"),
    (lambda: close(raised(), at(1), "grid_leader", "重复"),
     lambda r: assign(r, "x", at(2), "gl"), "status", "closed request cannot be assigned"),
    (lambda: close(raised(), at(1), "grid_leader", "重复"),
     lambda r: resolve(r, at(2), "gl"), "status", "closed request cannot be resolved"),
    (lambda: resolve(raised(), at(1), "gw"),
     lambda r: assign(r, "x", at(2), "gl"), "status", "resolved request cannot be assigned"),
    (lambda: resolve(raised(), at(1), "gw"),
     lambda r: resolve(r, at(2), "gw"), "status", "cannot be resolved"),
    (lambda: raised(), lambda r: reopen(r, at(1), "gl", "x"), "status",
     "only a resolved request"),
    (lambda: resolve(raised(), at(1), "gw"), lambda r: reopen(r, at(2), "gl", " "), "note",
     "say why"),
    (lambda: assign(raised(), "卫生院", at(1), "gl"),
     lambda r: assign(r, "卫生院", at(2), "gl"), "assignee", "already assigned"),
    (lambda: raised(), lambda r: assign(r, " ", at(1), "gl"), "assignee", "must name"),
    (lambda: raised(), lambda r: assign(r, "x", at(-1), "gl"), "at", "before the request"),
    (lambda: raised(), lambda r: assign(r, "x", at(1).replace(tzinfo=None), "gl"), "at",
     "time zone"),
    (lambda: raised(), lambda r: resolve(r, at(1), "gw", "长" * 1001), "note", "at most"),
])
def test_invalid_transitions_name_the_field_and_reason(make, action, field, reason):
    req = make()
    with pytest.raises(RequestError) as caught:
        action(req)
    assert caught.value.field == field
    assert reason in caught.value.reason


def test_transitions_never_change_the_request_they_were_given():
    req = raised()
    assign(req, "卫生院", at(1), "gl")
    assert (req.status, req.version, len(req.history)) == ("open", 1, 1)


def test_a_request_id_is_required():
    with pytest.raises(RequestError) as caught:
        raise_request("", "medical", "normal", T0)
    assert caught.value.field == "request_id"


# -- overdue and escalation ------------------------------------------------------------------

def test_not_overdue_until_the_due_time_has_passed():
    req = raised()   # due at 24h, SLA 24h
    assert not is_overdue(req, at(24))
    assert escalation(req, at(24), PATH, 0, 24) is None
    assert is_overdue(req, at(24.01))
    assert escalation(req, at(24.01), PATH, 0, 24) == (1, "COMM")


def test_each_further_full_period_escalates_one_more_level():
    req = raised()
    assert escalation(req, at(30), PATH, 1, 24) is None          # still in the first period
    assert escalation(req, at(48), PATH, 1, 24) == (2, "STREET")
    assert escalation(req, at(72), PATH, 2, 24) == (3, "DIST")
    assert escalation(req, at(96), PATH, 3, 24) == (4, "CITY")
    assert escalation(req, at(500), PATH, 4, 24) is None         # nothing above the city


def test_a_late_check_catches_up_one_level_at_a_time():
    req = raised()
    level, steps = 0, []
    while (step := escalation(req, at(200), PATH, level, 24)) is not None:
        level = step[0]
        steps.append(step)
    assert steps == [(1, "COMM"), (2, "STREET"), (3, "DIST"), (4, "CITY")]


def test_a_grid_without_parents_is_flagged_once_with_no_area():
    req = raised()
    assert escalation(req, at(25), ["GRID"], 0, 24) == (1, None)
    assert escalation(req, at(99), ["GRID"], 1, 24) is None


@pytest.mark.parametrize("finish", [
    lambda r: resolve(r, at(1), "gw"),
    lambda r: close(r, at(1), "grid_leader", "重复"),
])
def test_resolved_and_closed_requests_are_never_overdue(finish):
    req = finish(raised())
    assert not is_overdue(req, at(100))
    assert escalation(req, at(100), PATH, 0, 24) is None


def test_a_reopened_late_request_escalates_at_once():
    req = reopen(resolve(raised(), at(1), "gw"), at(30), "gl", "未解决")
    assert escalation(req, at(30), PATH, 0, 24) == (1, "COMM")


def test_escalate_records_the_level_in_the_history():
    req = escalate(raised(), 1, "COMM", at(25))
    assert (req.escalation_level, req.version) == (1, 2)
    assert req.history[-1].action == "escalated"
    with pytest.raises(RequestError) as caught:
        escalate(req, 3, "DIST", at(26))
    assert caught.value.field == "level"


@pytest.mark.parametrize(("sla", "level"), [(0, 0), (True, 0), (24, -1)])
def test_escalation_refuses_bad_arguments(sla, level):
    with pytest.raises(RequestError):
        escalation(raised(), at(30), PATH, level, sla)


def test_median_hours():
    assert median_hours([]) is None
    assert median_hours([(at(0), at(2)), (at(0), at(10)), (at(1), at(5))]) == 4


def test_a_department_must_be_of_an_area_on_the_grid_path():
    from services.visits.domain.requests import department_problem

    path = ["4401", "440106", "44010601", "4401060101", "4401060101-G01"]
    assert department_problem("U1", path) is None                 # a unit id: not judged
    for above in ("4401:housing", "4401060101:health"):
        assert department_problem(above, path) is None
    assert "not on this request's grid path" in department_problem("4402:housing", path)
    assert "<area code>:<department>" in department_problem(":housing", path)
    with pytest.raises(RequestError) as refused:
        assign(raised(), None, at(1), "acc-admin", assigned_to="4402:housing",
               grid_path=path)
    assert refused.value.field == "assigned_to"
