"""The seed flow end to end on the real services (issue 5): registry, dispatch, visits and
reporting run in-process on the real broker and database, each on its own queues.

Areas, buildings, households and residents go into the registry over HTTP; a unit, its
volunteers and the seed pairing order ("8 people every half day, 6 batches,
door_to_door") into dispatch; a campaign into visits; volunteers' phones send visits as
`integration.visit_captured` with plain pika (reached, not home, refused, vacant, a
head-count mismatch with a new resident, another left open, hazards, requests); a
request goes assigned → resolved → closed over HTTP. Reporting's figures at grid,
community, street, district and city level must equal what this test counted itself,
and the 不漏一户 list must name exactly the households not reached.

Time: visits are accepted only on their shift's local day and never in the future, and
visits splits a shift's households when the shift is due. So that the test behaves the
same at any hour, it runs in a fixed-offset zone (WANGGE_TZ) where it is now between
09:00 and 10:00: today's morning shifts are under way and end at noon, two hours away.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from services.common import config
from tests.support.amqp import wait_until
from tests.support.dispatch_world import seed_unit
from tests.support.http import Client
from tests.support.identities import make_id
from tests.support.visits_world import answers

from .helpers import coverage, get, wait_figures

CITY, DISTRICT, STREET = "4401", "440106", "44010601"
C1, C2 = "4401060101", "4401060102"
G1, G2, G3 = f"{C1}-G01", f"{C1}-G02", f"{C2}-G01"
CAMPAIGN = "seed-c1"
NEW_PERSON_ID = "11010519491231002X"
LEVELS = {G1: (G1,), G2: (G2,), G3: (G3,), C1: (G1, G2), C2: (G3,),
          STREET: (G1, G2, G3), DISTRICT: (G1, G2, G3), CITY: (G1, G2, G3)}

# grid → building → [(kind, one tag list per resident)]; G2-B1-01 has nobody (vacant)
PLACES = {
    G1: {"G1-B1": [("residence", [["elderly_alone"], []]), ("rental", [[], []]),
                   ("residence", [[], []])],
         "G1-B2": [("shop", [[], []]), ("residence", [["disabled"], ["elderly_alone"]]),
                   ("residence", [[], []])]},
    G2: {"G2-B1": [("residence", []), ("residence", [["returnee"], []]),
                   ("rental", [[], []]), ("residence", [[], []])]},
    G3: {"G3-B1": [("residence", [[]]), ("enterprise", [[]])]},
}


@pytest.fixture(autouse=True)
def morning(monkeypatch):
    """A fixed-offset zone where it is now 09:xx; set before any service starts."""
    hour = datetime.now(UTC).hour
    offset = 9 - hour if 9 - hour >= -12 else 33 - hour
    zone = f"Etc/GMT{'-' if offset >= 0 else '+'}{abs(offset)}"   # Etc/GMT-9 is UTC+9
    monkeypatch.setenv("WANGGE_TZ", zone)


def household_code(building: str, n: int) -> str:
    return f"{building}-{n + 1:02d}"


# -- the registry: areas, buildings, households, residents --------------------------------
def seed_registry(reg: Client) -> dict:
    """→ what the test counts: per grid households (by kind), residents (by tag), and
    every household's registered head-count."""
    for code, level, parent in [(CITY, "city", None), (DISTRICT, "district", CITY),
                                (STREET, "street", DISTRICT), (C1, "community", STREET),
                                (C2, "community", STREET), (G1, "grid", C1), (G2, "grid", C1),
                                (G3, "grid", C2)]:
        reg.ok("POST", "/areas", {"code": code, "level": level, "name": f"{level} {code}",
                                  "parent_code": parent}, 201)
    counted = {g: {"households": Counter(), "tags": Counter(), "residents": 0}
               for g in PLACES}
    heads, person = {}, 0
    for grid, buildings in PLACES.items():
        for building, homes in buildings.items():
            reg.ok("POST", "/buildings", {"code": building, "name": building,
                                          "grid_code": grid}, 201)
            for n, (kind, people) in enumerate(homes):
                code = household_code(building, n)
                reg.ok("POST", "/households", {"code": code, "kind": kind,
                                               "building_code": building,
                                               "address": f"{building} {n + 1}号"}, 201)
                counted[grid]["households"][kind] += 1
                heads[code] = len(people)
                for tags in people:
                    person += 1
                    reg.ok("POST", "/residents", {
                        "id_number": make_id(person), "name": f"居民{person:03d}",
                        "phone": f"1390000{person:04d}", "household_code": code,
                        "tags": tags}, 201)
                    counted[grid]["residents"] += 1
                    counted[grid]["tags"].update(tags)
    return {"grids": counted, "heads": heads}


# -- dispatch: the unit and the seed order --------------------------------------------------
def seed_order(dis: Client, today) -> list[dict]:
    """The seed pairing order over C1's two grids → dispatch's shifts (with people)."""
    seed_unit(dis, "U1", volunteers=16, area_code=DISTRICT)
    dis.ok("POST", "/orders", {"order_id": "o1", "unit_id": "U1", "community_code": C1,
                               "start": today.isoformat(), "batches": 6,
                               "slot_kind": "half_day", "head_count": 8,
                               "task_kinds": ["door_to_door"]}, 201)
    shifts = dis.ok("GET", "/orders/o1/shifts")["shifts"]
    assert len(shifts) == 12 and {s["place_code"] for s in shifts} == {G1, G2}
    assert sum(s["head_count"] for s in shifts) == 48          # 8 people × 6 batches
    return shifts


def effort_of(shifts: list[dict], grids, day, delivered: dict[str, int]) -> dict:
    """Effort figures the test counts from dispatch's own answer: {day, to_date} each."""
    out = defaultdict(lambda: {"day": 0, "to_date": 0})
    for s in shifts:
        if s["place_code"] not in grids or s["day"] > day.isoformat():
            continue
        when = ("day", "to_date") if s["day"] == day.isoformat() else ("to_date",)
        people = len(s["volunteers"])
        for w in when:
            out["shifts_scheduled"][w] += 1
            out["shifts_filled" if people >= s["head_count"] else "shifts_understaffed"][w] += 1
            out["pt_promised"][w] += s["head_count"]
            out["pt_scheduled"][w] += people
            out["pt_delivered"][w] += delivered.get(s["shift_key"], 0)
    return {k: out[k] for k in ("shifts_scheduled", "shifts_filled", "shifts_understaffed",
                                "pt_promised", "pt_scheduled", "pt_delivered")}


# -- visits from the phones -----------------------------------------------------------------
class Phones:
    """Volunteers' phones: integration.visit_captured with plain pika; each visit is also
    counted here, per grid, as the expected figures."""

    def __init__(self, outside, heads: dict[str, int], shifts: dict[str, dict],
                 visited_at: datetime) -> None:
        self.outside, self.heads, self.shifts, self.at = outside, heads, shifts, visited_at
        self.sent = 0
        self.state: dict[str, tuple[str, int]] = {}          # household → (state, attempts)
        self.per_grid = defaultdict(Counter)

    def visit(self, grid: str, household: str, outcome: str, *, found: int | None = None,
              **extra) -> None:
        shift = self.shifts[grid]
        self.sent += 1
        body = {"visit_id": f"seed-visit-{self.sent:04d}", "campaign_id": CAMPAIGN,
                "household_code": household, "visitor_id": shift["volunteers"][0],
                "shift_key": shift["shift_key"],
                # in order, a millisecond apart: each after the split, none ahead of the
                # requests' next steps
                "visited_at": (self.at + timedelta(milliseconds=self.sent)).isoformat(),
                "method": "in_person", "outcome": outcome,
                "answers": answers(people_present=found) if outcome == "reached" else {},
                "people_found": found, **extra}
        self.outside.publish("visit_captured", body)
        counts = self.per_grid[grid]
        counts["visits"] += 1
        _state, attempts = self.state.get(household, ("assigned", 0))
        attempts += outcome == "not_home"
        self.state[household] = (outcome, attempts)
        if outcome == "reached":
            counts["people_found"] += found
            counts["people_registered"] += self.heads[household]
        counts["hazards"] += len(extra.get("hazards", ()))
        counts["hazards_high"] += sum(h["severity"] == "high" for h in extra.get("hazards", ()))
        counts["requests"] += len(extra.get("requests", ()))


def hh(building: str, n: int) -> str:
    return household_code(building, n)


def capture_visits(phones: Phones) -> None:
    """Every outcome; G1-B1-02 finds a new resident (3 found, 2 registered, corrected),
    G2-B1-02 finds one fewer (left open); G2-B1-03 is reached at the second attempt."""
    phones.visit(G1, hh("G1-B1", 0), "reached", found=2)
    phones.visit(G1, hh("G1-B1", 1), "reached", found=3, corrections=[{
        "kind": "new_resident", "id_number": NEW_PERSON_ID, "name": "王小明",
        "gender": "male"}])
    phones.visit(G1, hh("G1-B1", 2), "not_home")
    phones.visit(G1, hh("G1-B2", 0), "refused")
    phones.visit(G1, hh("G1-B2", 1), "reached", found=2, hazards=[
        {"kind": "gas", "severity": "high", "note": "燃气管老化"},
        {"kind": "fire", "severity": "medium"}],
        requests=[{"category": "medical", "urgency": "normal", "note": "需要上门问诊"}])
    phones.visit(G2, hh("G2-B1", 0), "vacant")
    phones.visit(G2, hh("G2-B1", 1), "reached", found=1, requests=[
        {"category": "elderly_care", "urgency": "low"}])
    phones.visit(G2, hh("G2-B1", 2), "not_home")
    phones.visit(G2, hh("G2-B1", 2), "reached", found=2)


def expected_coverage(phones: Phones, grids, targets: dict[str, int]) -> Counter:
    """The campaign's coverage over these grids as the phones saw it (empty: no campaign
    there); every household not visited is still someone's task."""
    states = Counter()
    for code, (state, _attempts) in phones.state.items():
        states[(_grid_of(code), state)] += 1
    out = Counter()
    for grid in grids:
        if grid not in targets:
            continue
        counts = phones.per_grid[grid]
        out["target"] += targets[grid]
        visited = sum(n for (g, _s), n in states.items() if g == grid)
        out["assigned"] += targets[grid] - visited
        for state in ("reached", "not_home", "refused", "vacant"):
            out[state] += states[(grid, state)]
        for key in ("people_found", "people_registered", "visits", "hazards",
                    "hazards_high"):
            out[key] += counts[key]
    return out


def _grid_of(household: str) -> str:
    return {"G1": G1, "G2": G2, "G3": G3}[household.split("-")[0]]


def test_seed_flow_figures_at_every_level_equal_what_the_test_counted(
        reporting, visits, dispatch, registry, outside, visits_sql, dispatch_sql):  # noqa: F811
    reg, dis, vis = Client(registry.base_url), Client(dispatch.base_url), Client(visits.base_url)
    tz = config.local_tz()
    today = datetime.now(tz).date()

    registered = seed_registry(reg)
    grids, heads = registered["grids"], registered["heads"]
    targets = {g: sum(grids[g]["households"].values()) for g in (G1, G2)}
    wait_until(lambda: visits_sql("select count(*) n from households")[0]["n"] == len(heads),
               timeout=30, what="households in visits")
    wait_until(lambda: len(dispatch_sql("select 1 from grids where community_code = :c",
                                        c=C1)) == 2, timeout=30, what="C1's grids in dispatch")
    created = vis.ok("POST", "/campaigns", {
        "campaign_id": CAMPAIGN, "name": "三询问一完善", "start": today.isoformat(),
        "end": (today + timedelta(days=6)).isoformat(), "area_codes": [C1]}, 201)
    assert (sorted(created["grid_codes"]), created["households"]) == \
        ([G1, G2], sum(targets.values()))

    shifts = seed_order(dis, today)
    morning = {s["place_code"]: {"shift_key": s["shift_key"],
                                 "volunteers": [v["volunteer_id"] for v in s["volunteers"]]}
               for s in shifts if s["day"] == today.isoformat() and s["half"] == "am"}
    assert all(m["volunteers"] for m in morning.values())
    # visits splits today's morning shifts as their volunteers arrive: every household of
    # the campaign is someone's task before the first phone sends anything
    wait_until(lambda: vis.ok("GET", f"/campaigns/{CAMPAIGN}/coverage")["states"]
               .get("assigned") == sum(targets.values()), timeout=30, what="tasks split")
    # and every volunteer on them is known to visits: no re-split after the first visit
    wait_until(lambda: visits_sql(
        "select count(*) n from shift_volunteers where shift_key = any(:k) and status = "
        "'assigned'", k=[m["shift_key"] for m in morning.values()])[0]["n"]
        == sum(len(m["volunteers"]) for m in morning.values()), timeout=30,
        what="morning volunteers in visits")

    delivered = {}
    for grid, shift in morning.items():
        arrived = shift["volunteers"][:2 if grid == G1 else 1]
        for volunteer in arrived:
            status, body = dis.call("POST", f"/shifts/{shift['shift_key']}/checkins",
                                    {"volunteer_id": volunteer})
            assert status in (200, 201), body
        delivered[shift["shift_key"]] = len(arrived)

    # visits count from after the split: one from before it would not end the task
    phones = Phones(outside, heads, morning, datetime.now(tz))
    capture_visits(phones)
    wait_until(lambda: visits_sql("select count(*) n from visits")[0]["n"] == phones.sent,
               timeout=30, what="every visit accepted by visits")

    # the new resident reaches the registry, which closes the discrepancy it explains
    grids[G1]["residents"] += 1
    wait_until(lambda: visits_sql("select count(*) n from discrepancies where status = "
                                  "'open'")[0]["n"] == 1, timeout=30,
               what="the corrected discrepancy closed, the other open")

    # requests: G1's is assigned, resolved and closed; G2's is assigned and stays open
    requests = {r["grid_code"]: r["request_id"]
                for r in vis.ok("GET", "/requests")["requests"]}
    assert sorted(requests) == [G1, G2]
    for grid, steps in ((G1, ("assign", "resolve", "close")), (G2, ("assign",))):
        for step in steps:
            body = {"assign": {"assignee": "街道卫生服务中心"}, "resolve": {"note": "已上门"},
                    "close": {"closed_by": "resident"}}[step]
            vis.ok("POST", f"/requests/{requests[grid]}/{step}", body)
    request_counts = {G1: {"raised": 1, "open": 0, "resolved": 1, "closed": 1},
                      G2: {"raised": 1, "open": 1, "resolved": 0, "closed": 0},
                      G3: {"raised": 0, "open": 0, "resolved": 0, "closed": 0}}
    open_discrepancies = {G1: 0, G2: 1, G3: 0}

    def figures_of(code: str) -> dict:
        parts = LEVELS[code]
        cov = expected_coverage(phones, parts, targets)
        return {
            "households": sum(sum(grids[g]["households"].values()) for g in parts),
            "households_by_kind": dict(sum((grids[g]["households"] for g in parts),
                                           Counter())),
            "residents": sum(grids[g]["residents"] for g in parts),
            "coverage": {**cov, "discrepancies_open": sum(open_discrepancies[g]
                                                          for g in parts)} if cov else None,
            "requests": {k: sum(request_counts[g][k] for g in parts)
                         for k in ("raised", "open", "resolved", "closed")},
            "effort": effort_of(shifts, parts, today, delivered),
        }

    def shown(fig: dict) -> dict:
        reg_fig, req = fig["registry"], fig["requests"]
        cov = coverage(fig, CAMPAIGN)
        return {
            "households": reg_fig["households"],
            "households_by_kind": reg_fig["households_by_kind"],
            "residents": reg_fig["residents"],
            "coverage": {
                "target": cov["target"], "assigned": cov["assigned"],
                "reached": cov["reached"], "not_home": cov["not_home"],
                "refused": cov["refused"], "vacant": cov["vacant"],
                "people_found": cov["people_found"],
                "people_registered": cov["people_registered"],
                "visits": cov["visits"]["to_date"], "hazards": cov["hazards"]["to_date"],
                "hazards_high": cov["hazards_high"],
                "discrepancies_open": cov["discrepancies_open"]} if cov else None,
            "requests": {"raised": req["raised"]["to_date"], "open": req["open"],
                         "resolved": req["resolved"]["to_date"],
                         "closed": req["closed"]["to_date"]},
            "effort": {k: fig["effort"]["totals"][k] for k in
                       ("shifts_scheduled", "shifts_filled", "shifts_understaffed",
                        "pt_promised", "pt_scheduled", "pt_delivered")},
        }

    def comparable(expected: dict) -> dict:
        cov = expected["coverage"]
        if cov is not None:
            cov = {k: cov.get(k, 0) for k in (
                "target", "assigned", "reached", "not_home", "refused", "vacant",
                "people_found", "people_registered", "visits", "hazards", "hazards_high",
                "discrepancies_open")}
        return {**expected, "coverage": cov}

    # the city shows every event last of all (each rolls up from its grid): wait for it
    # to equal the count, then every level must equal it at once
    for code in (CITY, DISTRICT, STREET, C1, C2, G1, G2, G3):
        expected = comparable(figures_of(code))
        fig = wait_figures(reporting, code, today.isoformat(),
                           lambda f, e=expected: shown(f) == e, f"figures of {code}")
        assert shown(fig) == expected, code
    city = wait_figures(reporting, CITY, today.isoformat(), lambda f: True)
    assert city["registry"]["residents_by_tag"] == dict(
        sum((grids[g]["tags"] for g in PLACES), Counter()))
    cov = coverage(city, CAMPAIGN)
    assert cov["coverage"] == round(cov["reached"] / cov["target"], 4) == \
        round(5 / 10, 4)
    # the whole order, to its last batch, from the last day's figures
    last_day = max(s["day"] for s in shifts)
    whole = wait_figures(reporting, C1, last_day, lambda f: True)
    assert whole["effort"]["totals"]["pt_promised"]["to_date"] == 48
    assert whole["effort"]["totals"]["pt_scheduled"]["to_date"] == \
        sum(len(s["volunteers"]) for s in shifts)
    assert [u["unit_id"] for u in whole["effort"]["by_unit"]] == ["U1"]

    # 不漏一户: exactly the households not reached, with their state and attempts
    for grid in (G1, G2):
        status, body = get(reporting, f"/grids/{grid}/not-reached?campaign={CAMPAIGN}")
        assert status == 200, body
        listed = {h["household_code"]: (h["state"], h["attempts"]) for h in body["households"]}
        counted = {code: phones.state.get(code, ("assigned", 0)) for code in heads
                   if _grid_of(code) == grid and phones.state.get(code, ("",))[0] != "reached"}
        assert listed == counted, grid

    # nothing personal crossed into reporting's answers
    answered = json.dumps([city, whole], ensure_ascii=False)
    assert NEW_PERSON_ID not in answered and "王小明" not in answered
