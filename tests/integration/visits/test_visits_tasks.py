"""Door-to-door tasks from dispatch's shift events (published with pika): split when the
shift is due, moved to a replacement, released when the shift ends or is called off, and
a not-home household back in the next shift. The clock is injected: the task sweep and
visit capture are called with the moment the test needs."""

from __future__ import annotations

from datetime import timedelta

from services.common.unit_of_work import UnitOfWork
from services.visits import clock
from services.visits.use_cases.capture import capture_visit
from services.visits.use_cases.planning import sweep
from services.visits.use_cases.tasks import TaskPolicy
from tests.support.http import Client
from tests.support.published import kinds
from tests.support.visits_world import campaign, seed_area

from .support import (
    EVENTS,
    assign_volunteer,
    at,
    of_type,
    settle,
    shift,
    unassign_volunteer,
    visit,
    wait_until,
)

POLICY = TaskPolicy()


def assigned_to(messages, shift_key: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in of_type(messages, "tasks_assigned"):
        if m["data"]["shift_key"] == shift_key:
            out.setdefault(m["data"]["volunteer_id"], []).extend(m["data"]["household_codes"])
    return out


def states(api: Client, grid: str = "G01") -> dict[str, tuple[str, int]]:
    rows = api.ok("GET", f"/campaigns/c1/grids/{grid}/households")["households"]
    return {r["household_code"]: (r["state"], r["attempts"]) for r in rows}


def test_not_home_households_come_back_in_the_next_shift(
        visits, outside, visits_sql, visits_db, visits_outbox):
    api = Client(visits.base_url)
    households = seed_area(outside, visits_sql)            # 2 buildings × 3 households
    campaign(api)
    day = clock.today() + timedelta(days=2)
    am, pm = shift("G01", day, "am"), shift("G01", day, "pm", head_count=1)
    for s in (am, pm):
        outside.publish_as("dispatch", "shift_scheduled", s)
    for s, v in ((am, "V1"), (am, "V2"), (pm, "V3")):
        assign_volunteer(outside, s, v)
    wait_until(lambda: len(visits_sql("select 1 from shift_volunteers")) == 3,
               what="shifts staffed in visits")
    assert not visits_sql("select 1 from tasks"), "split before the shift was due"
    outside.listen(EVENTS)

    # an hour before the morning: the fully staffed morning shift is split
    assert sweep(visits_db, visits_outbox, now=at(day, 7, 30), tz=clock.tz(),
                 policy=POLICY) == (0, 6)
    seen = settle(outside, visits_sql, [])
    split = assigned_to(seen, am["shift_key"])
    assert sorted(split) == ["V1", "V2"] and sorted(sum(split.values(), [])) == households
    # a building stays with one volunteer
    assert {tuple(sorted({c.rsplit("-", 1)[0] for c in codes})) for codes in split.values()} \
        == {("G01-B1",), ("G01-B2",)}
    phone = api.ok("GET", f"/shifts/{am['shift_key']}/tasks?volunteer_id=V1")
    assert [t["household_code"] for t in phone["volunteers"][0]["tasks"]] == split["V1"]
    assert all(t["address"] for t in phone["volunteers"][0]["tasks"])

    # V1 finds the first household not home and reaches the second
    first, second = split["V1"][0], split["V1"][1]
    with UnitOfWork.begin(visits_db, visits_outbox) as uow:
        for code, outcome, minute in ((first, "not_home", 0), (second, "reached", 20)):
            capture_visit(uow, _loaded(visit("c1", code, "V1", am["shift_key"],
                                             at(day, 9, minute), outcome)),
                          source="test", now=at(day, 9, 30), tz=clock.tz())

    # V2 is replaced by V4: V2's open tasks move as they are
    unassign_volunteer(outside, am, "V2", "replaced")
    assign_volunteer(outside, am, "V4", replaces="V2")
    seen = outside.wait_for(EVENTS, lambda ms: assigned_to(ms, am["shift_key"]).get("V4"),
                            seen=seen)
    assert sorted(assigned_to(seen, am["shift_key"])["V4"]) == sorted(split["V2"])
    moved = [m["data"] for m in of_type(seen, "tasks_released")]
    assert moved and all(m["moved_to"] == "V4" for m in moved)

    # the morning is over and the afternoon (14:00) is due: the morning's open tasks come
    # back; the afternoon takes them and the not-home household, not the one reached
    ended, assigned = sweep(visits_db, visits_outbox, now=at(day, 13, 30), tz=clock.tz(),
                            policy=POLICY)
    assert (ended, assigned) == (1, 5)
    seen = settle(outside, visits_sql, seen)
    released = [m["data"] for m in of_type(seen, "tasks_released")
                if m["data"]["reason"] == "shift_ended"]
    assert sorted(c for r in released for c in r["household_codes"]) == \
        sorted(set(households) - {first, second})
    afternoon = assigned_to(seen, pm["shift_key"])
    assert sorted(afternoon["V3"]) == sorted(set(households) - {second})
    assert states(api)[first] == ("assigned", 1)

    # the afternoon is called off: back to where they were, not home with its attempt
    outside.publish_as("dispatch", "shift_cancelled", {**pm, "version": 2})
    wait_until(lambda: not visits_sql("select 1 from tasks where status = 'open'"),
               what="afternoon tasks released")
    now_states = states(api)
    assert now_states[first] == ("not_home", 1) and now_states[second] == ("reached", 0)
    assert {s for c, (s, _) in now_states.items() if c not in (first, second)} == \
        {"unassigned"}
    seen = settle(outside, visits_sql, seen)
    cancelled = [m["data"] for m in of_type(seen, "tasks_released")
                 if m["data"]["reason"] == "shift_cancelled"]
    assert sorted(cancelled[0]["household_codes"]) == sorted(afternoon["V3"])
    assert kinds(seen)["household_reached"] == 1


def test_a_volunteer_leaving_without_replacement_shares_out_their_tasks(
        visits, outside, visits_sql, visits_db, visits_outbox):
    api = Client(visits.base_url)
    seed_area(outside, visits_sql)
    campaign(api, per_volunteer=2)
    day = clock.today() + timedelta(days=2)
    am = shift("G01", day, "am", head_count=3)
    outside.publish_as("dispatch", "shift_scheduled", am)
    for v in ("V1", "V2", "V3"):
        assign_volunteer(outside, am, v)
    wait_until(lambda: len(visits_sql("select 1 from shift_volunteers")) == 3,
               what="shift staffed")
    assert sweep(visits_db, visits_outbox, now=at(day, 7, 30), tz=clock.tz(),
                 policy=POLICY) == (0, 6)
    outside.listen(EVENTS)
    unassign_volunteer(outside, am, "V3", "declined")
    wait_until(lambda: not visits_sql("select 1 from tasks where status = 'open' and "
                                      "volunteer_id = 'V3'"), what="V3's tasks moved")
    seen = settle(outside, visits_sql, [])
    # two people capped at two households each: two households wait for a later shift
    open_now = visits_sql("select volunteer_id, count(*) n from tasks where status = 'open' "
                          "group by volunteer_id order by 1")
    assert [(r["volunteer_id"], r["n"]) for r in open_now] == [("V1", 2), ("V2", 2)]
    assert sorted(s for s, _ in states(api).values()) == ["assigned"] * 4 + ["unassigned"] * 2
    reasons = {m["data"]["reason"] for m in of_type(seen, "tasks_released")}
    assert reasons == {"volunteer_unassigned"}


def _loaded(body: dict) -> dict:
    from services.visits.entrypoints.schemas import VisitCreate

    return VisitCreate().load(body)
