"""Which shifts get a campaign's households (issue 11, findings 10 and 12), through the
running service: dispatch's events published with pika, campaigns over HTTP, the real
clock. The task lead is two days, so tomorrow's morning shifts are due whenever the test
runs."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import text

from services.visits import clock
from tests.support.http import Client
from tests.support.visits_world import campaign, seed_area

from .support import assign_volunteer, shift, wait_until


@pytest.fixture
def visits_settings() -> dict:
    return {"VISITS_TASK_LEAD_MINUTES": str(48 * 60)}


def _tomorrow():
    return clock.today() + timedelta(days=1)


def _staff(outside, visits_sql, s: dict, *volunteers: str) -> None:
    for v in volunteers:
        assign_volunteer(outside, s, v)
    wait_until(lambda: len(visits_sql("select 1 from shift_volunteers where shift_key = :k",
                                      k=s["shift_key"])) == len(volunteers),
               what=f"{s['shift_key']} staffed in visits")


def _open(visits_sql, campaign_id: str) -> dict[str, int]:
    rows = visits_sql("select shift_key, count(*) n from tasks where status = 'open' "
                      "and campaign_id = :c group by 1", c=campaign_id)
    return {r["shift_key"]: r["n"] for r in rows}


def test_a_shift_staffed_after_the_campaign_started_gets_its_share(
        visits, outside, visits_sql):
    api = Client(visits.base_url)
    seed_area(outside, visits_sql)                      # 6 households in G01
    old = shift("G01", _tomorrow(), "am", order="o-old", head_count=1)
    new = shift("G01", _tomorrow(), "am", order="o-new", head_count=1)
    outside.publish_as("dispatch", "shift_scheduled", old)
    _staff(outside, visits_sql, old, "V1")
    outside.publish_as("dispatch", "shift_scheduled", new)
    wait_until(lambda: visits_sql("select 1 from shifts where key = :k", k=new["shift_key"]),
               what="the new order's shift in visits")
    # the campaign starts before visits knows who is on the new order's shift
    campaign(api)
    wait_until(lambda: _open(visits_sql, "c1") == {old["shift_key"]: 6},
               what="the staffed shift split")
    _staff(outside, visits_sql, new, "V2")
    wait_until(lambda: _open(visits_sql, "c1") == {old["shift_key"]: 3, new["shift_key"]: 3},
               what="the grid shared between both shifts")
    rows = visits_sql("select shift_key, volunteer_id, count(*) n from campaign_households "
                      "where state = 'assigned' group by 1, 2 order by 1")
    assert [(r["shift_key"], r["volunteer_id"], r["n"]) for r in rows] == [
        (new["shift_key"], "V2", 3), (old["shift_key"], "V1", 3)]


def test_two_campaigns_on_the_same_day_share_the_grid_between_its_shifts(
        visits, outside, visits_sql):
    api = Client(visits.base_url)
    seed_area(outside, visits_sql)
    first = shift("G01", _tomorrow(), "am", order="o1", head_count=1)
    second = shift("G01", _tomorrow(), "am", order="o2", head_count=1)
    for s, v in ((first, "V1"), (second, "V2")):
        outside.publish_as("dispatch", "shift_scheduled", s)
        _staff(outside, visits_sql, s, v)
    campaign(api, campaign_id="c1")
    campaign(api, campaign_id="c2")
    both = {first["shift_key"]: 3, second["shift_key"]: 3}
    wait_until(lambda: _open(visits_sql, "c1") == both and _open(visits_sql, "c2") == both,
               what="each campaign split over both shifts")
    plans = visits_sql("select campaign_id, count(*) n, sum(households) h from shift_plans "
                       "group by 1 order by 1")
    assert [(p["campaign_id"], p["n"], p["h"]) for p in plans] == [("c1", 2, 6), ("c2", 2, 6)]


def test_creating_a_campaign_answers_without_waiting_for_the_split(
        visits, outside, visits_sql, visits_db):
    api = Client(visits.base_url)
    seed_area(outside, visits_sql)
    s = shift("G01", _tomorrow(), "am", head_count=1)
    outside.publish_as("dispatch", "shift_scheduled", s)
    _staff(outside, visits_sql, s, "V1")
    answered: list = []
    with visits_db.transaction() as session:
        # someone else holds the shift (a dispatch batch, the sweep): the split may wait
        # for it, the answer to the request may not
        session.execute(text("select 1 from shifts where key = :k for update"),
                        {"k": s["shift_key"]})
        worker = threading.Thread(target=lambda: answered.append(campaign(api)))
        worker.start()
        worker.join(25)
        assert answered and answered[0]["households"] == 6, "the request waited for the split"
    wait_until(lambda: _open(visits_sql, "c1") == {s["shift_key"]: 6},
               what="the split after the answer")
