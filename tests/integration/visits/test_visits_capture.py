"""Visit capture from a phone: integration.visit_captured published with plain pika,
including a resend, a conflicting resend and invalid visits; and the same over HTTP."""

from __future__ import annotations

import json
from datetime import timedelta

from services.visits import clock
from tests.support.http import Client
from tests.support.inbox import inbox_outcome
from tests.support.published import kinds
from tests.support.visits_world import campaign, seed_area

from .support import EVENTS, at, of_type, settle, shift, staff, visit

ID_NUMBER = "11010519491231002X"


def test_a_phone_visit_is_recorded_once_with_everything_it_found(visits, outside, visits_sql,
                                                                 visits_mid_morning):
    api = Client(visits.base_url)
    households = seed_area(outside, visits_sql)
    yesterday = clock.today() - timedelta(days=1)
    campaign(api, start=yesterday)
    now = clock.now() - timedelta(minutes=1)
    today_shift = shift("G01", clock.local_day(now), "day")
    staff(outside, visits_sql, today_shift, "V1", "V2")
    outside.listen(EVENTS)

    found = visit("c1", households[0], "V1", today_shift["shift_key"], now, people_found=3,
                  hazards=[{"kind": "gas", "severity": "high", "note": "燃气管老化"}],
                  requests=[{"category": "elderly_care", "urgency": "high",
                             "note": "独居老人需要送餐"}],
                  corrections=[{"kind": "new_resident", "id_number": ID_NUMBER,
                                "name": "王小明", "gender": "male"}])
    sent = outside.publish("visit_captured", found)
    seen = outside.wait_for(EVENTS, lambda ms: kinds(ms)["visit_recorded"] >= 1)
    assert inbox_outcome(visits_sql, sent["id"]) == "applied"
    seen = settle(outside, visits_sql, seen)
    assert {"visit_recorded": 1, "household_reached": 1, "discrepancy_opened": 1,
            "hazard_found": 1, "request_raised": 1, "correction_proposed": 1} \
        .items() <= kinds(seen).items()
    recorded = of_type(seen, "visit_recorded")[0]["data"]
    assert (recorded["attempt"], recorded["people_found"], recorded["people_registered"],
            recorded["hazards"], recorded["requests"], recorded["corrections"]) == \
        (1, 3, 2, 1, 1, 1)
    state = [m["data"] for m in of_type(seen, "household_state_changed")
             if m["data"]["household_code"] == households[0]]
    assert state[-1]["state"] == "reached" and state[-1]["visit_id"] == found["visit_id"]
    proposed = of_type(seen, "correction_proposed")[0]["data"]
    assert proposed["id_masked"] == "1101**********002X" and proposed["name_masked"] == "王*明"
    assert proposed["sealed"] and len(proposed["id_hash"]) == 64
    # personal data never in clear on the bus nor in visits' tables; notes stay inside
    published = json.dumps(seen, ensure_ascii=False)
    assert ID_NUMBER not in published and "王小明" not in published
    assert "燃气管老化" not in published and "送餐" not in published
    stored = json.dumps(visits_sql("select * from corrections"), default=str,
                        ensure_ascii=False)
    assert ID_NUMBER not in stored and "王小明" not in stored

    # the phone resends: the same message, and the same visit under a new message id
    outside.publish_raw("visit_captured", json.dumps(sent))
    again = outside.publish("visit_captured", found)
    assert inbox_outcome(visits_sql, again["id"]) == "applied"
    assert visits_sql("select count(*) n from visits")[0]["n"] == 1
    later = settle(outside, visits_sql, [])
    assert not later, kinds(later)

    # the same visit id with other content is refused, not merged
    changed = outside.publish("visit_captured", {**found, "people_found": 4})
    assert inbox_outcome(visits_sql, changed["id"]) == "rejected"
    rejected = outside.wait_for(EVENTS, lambda ms: of_type(ms, "event_rejected"))
    assert "data.visit_id" in of_type(rejected, "event_rejected")[0]["data"]["errors"]
    assert visits_sql("select people_found from visits")[0]["people_found"] == 3


def test_invalid_visits_are_rejected_with_their_reasons_and_write_nothing(
        visits, outside, visits_sql, visits_mid_morning):
    api = Client(visits.base_url)
    households = seed_area(outside, visits_sql)
    campaign(api)
    now = clock.now() - timedelta(minutes=1)
    s = shift("G01", clock.local_day(now), "day")
    staff(outside, visits_sql, s, "V1")
    outside.listen(EVENTS)
    key = s["shift_key"]
    bad = {
        "unknown_household": visit("c1", "NOPE", "V1", key, now),
        "bad_answers": visit("c1", households[0], "V1", key, now,
                             answers={"people_present": -1, "arrived_recently": True},
                             hazards=[{"kind": "fire"}]),
        "not_on_shift": visit("c1", households[1], "V9", key, now),
        "no_shift": visit("c1", households[1], "V1", None, now),
        "bad_correction": visit("c1", households[2], "V1", key, now, corrections=[
            {"kind": "moved_out", "resident_id": 1}]),
        "future": visit("c1", households[2], "V1", key, now + timedelta(days=2)),
    }
    sent = {name: outside.publish("visit_captured", body) for name, body in bad.items()}
    for name, env in sent.items():
        assert inbox_outcome(visits_sql, env["id"]) == "rejected", name
    seen = outside.wait_for(EVENTS, lambda ms: len(of_type(ms, "event_rejected")) == len(bad))
    errors = {m["data"]["event_id"]: m["data"]["errors"] for m in of_type(seen,
                                                                            "event_rejected")}
    by_name = {name: errors[env["id"]] for name, env in sent.items()}
    assert "data.household_code" in by_name["unknown_household"]
    assert {"data.answers.people_present", "data.answers.arrived_from",
            "data.answers.test_status"} <= set(by_name["bad_answers"])
    assert by_name["not_on_shift"] == {"data.visitor_id": [f"V9 is not on shift {key}"]}
    assert "data.shift_key" in by_name["no_shift"]
    assert by_name["bad_correction"] == {
        "data.corrections.0.resident_id": ["not a resident of this household"]}
    assert "data.visited_at" in by_name["future"]
    kept = visits_sql("select reason from rejected_events")
    assert len(kept) == len(bad) and all(r["reason"] for r in kept)
    for table in ("visits", "hazards", "tasks where status = 'done'", "discrepancies"):
        assert visits_sql(f"select count(*) n from {table}")[0]["n"] == 0, table
    assert not visits_sql("select 1 from campaign_households where attempts > 0 "
                          "or state in ('reached', 'not_home')")

    # over HTTP the same rules answer 400 naming the fields; a good visit answers 201
    status, body = api.call("POST", "/visits", {**bad["not_on_shift"], "visit_id": "http-0001",
                                                "outcome": "sideways"})
    assert status == 400 and "outcome" in body["errors"]
    status, body = api.call("POST", "/visits", {**bad["bad_answers"], "visit_id": "http-0002"})
    assert status == 400 and "answers.test_status" in body["errors"]
    good = visit("c1", households[1], "V1", key, now, outcome="not_home")
    assert api.call("POST", "/visits", good)[0] == 201
    assert api.call("POST", "/visits", good)[0] == 200
    assert api.call("POST", "/visits", {**good, "outcome": "vacant"})[0] == 409
    shown = api.ok("GET", f"/households/{households[1]}/visits")["visits"]
    assert [(v["visit_id"], v["outcome"]) for v in shown] == [(good["visit_id"], "not_home")]


def test_a_late_visit_counts_on_the_day_it_happened(visits, outside, visits_sql):
    api = Client(visits.base_url)
    households = seed_area(outside, visits_sql)
    yesterday = clock.today() - timedelta(days=1)
    campaign(api, start=yesterday)
    old_shift = shift("G01", yesterday, "am")
    staff(outside, visits_sql, old_shift, "V1")
    outside.listen(EVENTS)
    late = visit("c1", households[3], "V1", old_shift["shift_key"], at(yesterday, 9, 30))
    outside.publish("visit_captured", late)
    seen = outside.wait_for(EVENTS, lambda ms: of_type(ms, "visit_recorded"))
    recorded = of_type(seen, "visit_recorded")[0]["data"]
    assert recorded["day"] == yesterday.isoformat()
    assert visits_sql("select day from visits")[0]["day"] == yesterday
    coverage = api.ok("GET", "/campaigns/c1/coverage")
    assert coverage["states"]["reached"] == 1 and coverage["households"] == len(households)
    assert coverage["grids"][0]["coverage"] == round(1 / len(households), 4)
