"""Figures from events, rolled up grid → community → street → district → city, equal to
what the test counts itself; a duplicate event changes nothing; invalid events are kept."""

from __future__ import annotations

from . import world as w
from .helpers import coverage, district, get, publish, settled, wait_figures

LEVELS = (w.G1, w.COMMUNITY, w.STREET, w.DISTRICT, w.CITY)


def test_figures_at_each_level_equal_what_was_published(producer, reporting):
    expected = district(producer, reporting)
    city = wait_figures(reporting, w.CITY, w.DAY, settled, "every event projected")
    for code in LEVELS + (w.G2,):
        f = wait_figures(reporting, code, w.DAY, settled if code != w.G1 and code != w.G2
                         else lambda f: True)
        grids = [w.G1, w.G2] if code not in (w.G1, w.G2) else [code]
        cov = coverage(f, w.CAMPAIGN)
        for key in ("target", "reached", "not_home", "not_yet_assigned", "people_found"):
            assert cov[key] == sum(expected[g][key] for g in grids), (code, key)
        assert cov["visits"]["to_date"] == sum(expected[g]["visits"] for g in grids)
    assert coverage(city, w.CAMPAIGN)["coverage"] == 0.4
    reg = city["registry"]
    assert (reg["households"], reg["residents"]) == (5, 3)
    assert reg["residents_by_tag"] == {"elderly_alone": 1, "returnee": 2, "disabled": 1}
    assert reg["households_by_kind"] == {"residence": 4, "rental": 1}
    effort = city["effort"]
    assert {k: effort["totals"][k]["day"] for k in
            ("shifts_scheduled", "shifts_filled", "shifts_understaffed", "pt_promised",
             "pt_scheduled", "pt_delivered", "pt_no_show")} == \
        {"shifts_scheduled": 2, "shifts_filled": 1, "shifts_understaffed": 1,
         "pt_promised": 5, "pt_scheduled": 3, "pt_delivered": 1, "pt_no_show": 1}
    assert [u["unit_id"] for u in effort["by_unit"]] == ["u1"]
    assert effort["by_task_kind"][0]["pt_promised"]["to_date"] == 5
    g1 = wait_figures(reporting, w.G1, w.DAY, lambda f: True)
    assert g1["effort"]["totals"]["pt_promised"]["day"] == 2
    assert city["requests"]["raised"]["day"] == 2 and city["requests"]["open"] == 2
    assert city["requests"]["by_category"][0]["category"] == "medical"


def test_a_duplicate_event_changes_nothing(producer, reporting, reporting_sql):
    district(producer, reporting)
    wait_figures(reporting, w.CITY, w.DAY, settled, "every event projected")
    before = reporting_sql("select * from counters order by 1, 2, 3, 4, 5")
    # the same envelopes again (same ids), and one visit again under a new event id
    for body in producer.sent:
        producer.republish(body)
    again = [e for e in producer.sent if e["type"] == "visits.visit_recorded"][0]
    producer.republish(again, new_id="another-id-for-the-same-visit")
    marker = producer.publish_event(*w.request("r-marker", w.G1, "open", 1))
    wait_figures(reporting, w.CITY, w.DAY, lambda f: f["requests"]["open"] == 3,
                 "the marker after the duplicates")
    inbox = {r["event_id"] for r in reporting_sql("select event_id from inbox")}
    assert marker["id"] in inbox and "another-id-for-the-same-visit" in inbox
    after = reporting_sql("select * from counters where metric not like 'requests.%%' "
                          "order by 1, 2, 3, 4, 5")
    assert after == [r for r in before if not r["metric"].startswith("requests.")]


def test_an_invalid_event_is_kept_and_answered(producer, reporting, reporting_sql, outside):
    outside.listen("reporting.events", "event_rejected")
    publish(producer, w.areas())
    producer.publish_raw("visit_recorded",
                         '{"specversion": "1.0", "id": "bad-1", "source": "x", "type": '
                         '"visits.visit_recorded", "time": "2031-05-12T04:00:00+00:00", '
                         '"data": {"campaign_id": "c"}}', exchange="visits.events")
    seen = outside.wait_for("reporting.events", lambda ms: any(
        m["data"]["event_id"] == "bad-1" for m in ms))
    rejected = [m for m in seen if m["data"]["event_id"] == "bad-1"][0]["data"]
    assert "data.visit_id" in rejected["errors"]
    assert reporting_sql("select event_id from rejected_events") == [{"event_id": "bad-1"}]
    status, body = get(reporting, "/areas/nowhere/figures")
    assert status == 404
