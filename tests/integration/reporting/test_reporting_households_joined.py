"""`visits.households_joined` (households that joined a running campaign, announced per
grid and batch instead of one household_state_changed each: issue 11, finding 13) gives
reporting exactly the figures the per-household events gave, in any order.

Two campaigns over the same grids: one hears its joins as households_joined, the other as
the per-household household_state_changed (unassigned, version 1) visits sent before. A
later state of one household (assigned, version 2) arrives first in both, and the joins
come twice (under other event ids). Their counters, figures at every level and
not-reached lists must be the same."""

from __future__ import annotations

from tests.support.amqp import wait_until

from . import world as w
from .helpers import coverage, get, publish, wait_area, wait_figures

JOINED, EACH = "c-joined", "c-each"
COUNTS = {w.G1: 4, w.G2: 3}


def _campaign(campaign_id: str) -> tuple[str, dict]:
    type_, data = w.campaign(sum(COUNTS.values()))
    return type_, {**data, "campaign_id": campaign_id}


def _state(campaign_id: str, grid: str, n: int, new: str, version: int) -> tuple[str, dict]:
    type_, data = w.state(grid, n, new, version, previous="unassigned")
    return type_, {**data, "campaign_id": campaign_id}


def _joined(grid: str) -> tuple[str, dict]:
    return ("visits.households_joined", {
        "campaign_id": JOINED, "grid_code": grid,
        "household_codes": [w.household_code(grid, n) for n in range(COUNTS[grid])],
        "state": "unassigned", "version": 1, "at": w.NOON, "day": w.DAY})


def _counters(reporting_sql, campaign_id: str) -> list[tuple]:
    # the states the joins announce; hh.target comes from the campaign and the registry,
    # on the day each campaign's start was projected, which the two may do apart
    return [(r["area_code"], r["dim"], r["metric"], r["day"], r["value"])
            for r in reporting_sql("select * from counters where campaign = :c "
                                   "and metric <> 'hh.target' "
                                   "order by area_code, dim, metric, day", c=campaign_id)]


def test_households_joined_gives_the_figures_of_a_state_per_household(
        producer, reporting, reporting_sql):
    publish(producer, w.areas())
    wait_area(reporting, w.G2)
    publish(producer, w.households(w.G1, COUNTS[w.G1], 100)
            + w.households(w.G2, COUNTS[w.G2], 200))
    publish(producer, [_campaign(JOINED), _campaign(EACH)])
    # a later state first: the join's version 1, arriving after it, must not undo it
    publish(producer, [_state(JOINED, w.G1, 0, "assigned", 2),
                       _state(EACH, w.G1, 0, "assigned", 2)])
    joins = [_joined(w.G1), _joined(w.G2)]
    each = [_state(EACH, g, n, "unassigned", 1) for g in (w.G1, w.G2)
            for n in range(COUNTS[g])]
    for body in publish(producer, joins + each):
        producer.republish(body, new_id=f"again-{body['id']}")     # twice, other ids

    def unassigned(campaign_id: str) -> int:
        rows = reporting_sql("select coalesce(sum(value), 0) n from counters where "
                             "campaign = :c and area_code = :a and metric = 'hh.unassigned'",
                             c=campaign_id, a=w.CITY)
        return rows[0]["n"]

    wait_until(lambda: unassigned(JOINED) == 6 and unassigned(EACH) == 6
               and len(reporting_sql("select 1 from inbox where event_id like 'again-%%'"))
               == len(joins) + len(each), timeout=30, what="every join projected, twice")
    joined, per_household = _counters(reporting_sql, JOINED), _counters(reporting_sql, EACH)
    assert joined == per_household and joined
    assert {(a, m, v) for a, _d, m, _day, v in joined if m == "hh.unassigned"} == {
        (w.G1, "hh.unassigned", 3), (w.G2, "hh.unassigned", 3),
        *((a, "hh.unassigned", 6) for a in (w.COMMUNITY, w.STREET, w.DISTRICT, w.CITY))}
    for area in (w.G1, w.G2, w.COMMUNITY, w.CITY):
        f = wait_figures(reporting, area, w.DAY, lambda f: True)
        a, b = coverage(f, JOINED), coverage(f, EACH)
        assert {k: v for k, v in a.items() if k not in ("campaign_id", "name")} == \
            {k: v for k, v in b.items() if k not in ("campaign_id", "name")}, area
        target = sum(COUNTS.values()) if area not in COUNTS else COUNTS[area]
        assigned = 0 if area == w.G2 else 1
        assert (a["target"], a["assigned"], a["not_yet_assigned"]) == \
            (target, assigned, target - assigned), area
    for grid in (w.G1, w.G2):
        lists = [get(reporting, f"/grids/{grid}/not-reached?campaign={c}")[1]["households"]
                 for c in (JOINED, EACH)]
        assert lists[0] == lists[1] and len(lists[0]) == COUNTS[grid]
    states = reporting_sql("select campaign_id, state, version, count(*) n "
                           "from campaign_households group by 1, 2, 3 order by 1, 2, 3")
    assert [tuple(r.values()) for r in states] == [
        (EACH, "assigned", 2, 1), (EACH, "unassigned", 1, 6),
        (JOINED, "assigned", 2, 1), (JOINED, "unassigned", 1, 6)]
