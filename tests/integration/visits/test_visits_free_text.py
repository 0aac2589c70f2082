"""Free text keeps no ID number or phone in clear in visits' database (issue 11, finding
15): request notes and their history, assignees, hazard notes and text answers are masked
before they are written, whichever way they arrive (HTTP, a captured visit). Read from the
rows themselves: answers masked the text already, the database did not."""

from __future__ import annotations

import json
from datetime import timedelta

from services.visits import clock
from tests.support.http import Client
from tests.support.inbox import inbox_outcome
from tests.support.visits_world import answers, campaign, seed_area

from .support import EVENTS, settle, shift, staff, visit

ID = "440106195001011234"
MOBILE = "13800138000"
LANDLINE = "87654321"


def stored(sql, *queries: str) -> str:
    return json.dumps([[dict(r) for r in sql(q)] for q in queries], default=str,
                      ensure_ascii=False)


def test_request_notes_and_their_trail_are_stored_masked(visits, outside, visits_sql):
    api = Client(visits.base_url)
    households = seed_area(outside, visits_sql)
    outside.listen(EVENTS)
    raised = api.ok("POST", "/requests", {
        "household_code": households[0], "category": "medical",
        "note": f"王阿姨 {MOBILE}，身份证{ID}，需要陪同就医"}, 201)
    rid = raised["request_id"]
    api.ok("POST", f"/requests/{rid}/assign", {"assignee": "社区医院 李医生 139-0011-2233",
                                               "note": f"联系电话 020-{LANDLINE}"})
    api.ok("POST", f"/requests/{rid}/resolve", {"note": "家属 440106 19500101 1234 已确认"})
    rows = stored(visits_sql, "select note, assignee from requests",
                  "select note, assignee from request_history order by id")
    for clear in (ID, MOBILE, "13900112233", "139-0011-2233", LANDLINE, "19500101"):
        assert clear not in rows, clear
    assert "138****8000" in rows and "4401**********1234" in rows
    assert "139****2233" in rows and "020-****4321" in rows
    # the words around them are kept
    note = visits_sql("select note from requests")[0]["note"]
    assert note == "王阿姨 138****8000，身份证4401**********1234，需要陪同就医"
    # the assignee also travels in request_assigned
    published = json.dumps(settle(outside, visits_sql, []), ensure_ascii=False)
    assert "13900112233" not in published and "139-0011-2233" not in published
    assert "139****2233" in published


def test_a_captured_visit_keeps_its_notes_and_answers_masked(visits, outside, visits_sql,
                                                            visits_mid_morning):
    api = Client(visits.base_url)
    households = seed_area(outside, visits_sql)
    campaign(api, start=clock.today() - timedelta(days=1))
    now = clock.now() - timedelta(minutes=1)
    today_shift = shift("G01", clock.local_day(now), "day")
    staff(outside, visits_sql, today_shift, "V1")
    found = visit("c1", households[0], "V1", today_shift["shift_key"], now,
                  answers=answers(arrived_recently=True, arrived_on=clock.today().isoformat(),
                                  arrived_reported=True,
                                  arrived_from=f"湖北武汉，本人电话{MOBILE}"),
                  hazards=[{"kind": "gas", "severity": "high",
                            "note": f"燃气管老化，房东{MOBILE}"}],
                  requests=[{"category": "elderly_care", "note": f"独居老人 身份证{ID}"}])
    sent = outside.publish("visit_captured", found)
    assert inbox_outcome(visits_sql, sent["id"]) == "applied"
    rows = stored(visits_sql, "select answers from visits", "select note from hazards",
                  "select note from requests", "select note from request_history")
    assert ID not in rows and MOBILE not in rows
    assert visits_sql("select note from hazards")[0]["note"] == "燃气管老化，房东138****8000"
    assert visits_sql("select answers from visits")[0]["answers"]["arrived_from"] == \
        "湖北武汉，本人电话138****8000"
    assert "独居老人 身份证4401**********1234" in rows
    # the same visit sent again is still the same visit (its fingerprint is of what was
    # sent, not of what was kept)
    again = outside.publish("visit_captured", found)
    assert inbox_outcome(visits_sql, again["id"]) == "applied"
    assert visits_sql("select count(*) n from visits")[0]["n"] == 1
