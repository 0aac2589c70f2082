"""The seed campaign "三询问一完善" in 滨江社区 and simulated volunteers knocking on doors:
each volunteer on today's door_to_door shifts checks in and works through their task
list (or, for a shift whose tasks are not out yet, the grid's households not reached),
with the outcomes, findings and requests real visits have."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta

from services.common.config import local_tz
from services.common.slots import AttendanceRules, checkin_window, shift_hours
from services.common.vocab import HAZARD_SEVERITIES
from services.common.vocab import REQUEST_CATEGORIES as CATEGORIES
from services.demo.client import call, wait_for

COMMUNITY = "440106001001"  # 滨江社区
OUTCOMES = (["reached"] * 78) + (["not_home"] * 13) + (["refused"] * 3) + (["vacant"] * 6)
PER_VOLUNTEER = 30  # households one volunteer visits in the demo's half-day


def start_campaign(gw: str, today: date) -> str:
    campaign_id = f"demo-sxyws-{today:%Y%m%d}"
    status, body = call(gw, "POST", "/visits/campaigns", {
        "campaign_id": campaign_id, "name": "三询问一完善 · 滨江社区", "start": today.isoformat(),
        "end": (today + timedelta(days=6)).isoformat(), "area_codes": [COMMUNITY],
        "max_attempts": 3})
    if status not in (200, 201, 409):
        raise RuntimeError(f"starting the campaign: {status} {body}")
    return campaign_id


def _answers(rng: random.Random, people: int) -> tuple[dict, list, list]:
    """Answers to the default questionnaire, and the hazards and requests they imply."""
    answers: dict = {"people_present": people, "arrived_recently": rng.random() < 0.08,
                     "test_status": rng.choice(["all_negative"] * 8 + ["pending"]),
                     "registry_correct": True}
    if answers["arrived_recently"]:
        answers |= {"arrived_from": "深圳市", "arrived_reported": True,
                    "arrived_on": (date.today() - timedelta(days=3)).isoformat()}
    hazards = []
    for kind, types in (("water", ["leak"]), ("electricity", ["wiring_aging"]),
                        ("gas", ["hose_aging"]), ("fire", ["blocked_exit"])):
        found = rng.random() < 0.03
        answers[f"{kind}_hazard"] = found
        if found:
            answers[f"{kind}_hazard_types"] = types
            hazards.append({"kind": kind, "severity": rng.choice(HAZARD_SEVERITIES)})
    requests = []
    answers["has_difficulty"] = rng.random() < 0.06
    if answers["has_difficulty"]:
        category = rng.choice(CATEGORIES)
        urgent = rng.random() < 0.2
        answers |= {"difficulty_category": category, "difficulty_urgent": urgent}
        requests.append({"category": category, "urgency": "high" if urgent else "normal"})
    return answers, hazards, requests


def _households_to_visit(gw: str, campaign: str, shift: dict, volunteer: str,
                         token: str) -> list[str]:
    status, body = call(gw, "GET", f"/visits/shifts/{shift['shift_key']}/tasks"
                                   f"?volunteer_id={volunteer}&campaign_id={campaign}",
                        token=token)
    if status == 200:
        tasks = [t["household_code"] for v in body["volunteers"] for t in v["tasks"]
                 if t["status"] == "open"]
        if tasks:
            return tasks[:PER_VOLUNTEER]
    return []


def _open_households(gw: str, campaign: str, grid: str) -> list[str]:
    codes = []
    for state in ("unassigned", "not_home"):
        status, body = call(gw, "GET",
                            f"/visits/campaigns/{campaign}/grids/{grid}/households"
                            f"?state={state}")
        if status == 200:
            rows = body.get("households", body) if isinstance(body, dict) else body
            codes += [row["household_code"] for row in rows]
    return codes


def registered_people(gw: str, grid: str) -> dict[str, int]:
    status, body = call(gw, "GET", f"/registry/grids/{grid}/households")
    if status != 200:
        return {}
    return {row["code"]: row["residents"] for row in body["households"]}


def simulate(gw: str, order_id: str, campaign: str, today: date, sign_in, grid_token,
             seed: int = 11) -> dict:
    """Today's shifts: each volunteer signs in as themselves (`sign_in(volunteer_id)` →
    their access token), checks in and visits the households of their own tasks; the
    households no task holds yet are entered by the grid's worker (`grid_token(grid)`),
    who may record visits in their grid. Returns what was sent, for the summary."""
    rng = random.Random(seed)
    _, body = call(gw, "GET", f"/dispatch/orders/{order_id}/shifts")
    shifts = [s for s in body.get("shifts", []) if s["day"] == today.isoformat()
              and "door_to_door" in s.get("task_kinds", ["door_to_door"])]
    sent = {"visits": 0, "accepted": 0, "rejected": 0, "checkins": 0}
    people: dict[str, dict[str, int]] = {}
    taken: set[str] = set()
    for shift in shifts:
        clock = _ShiftClock(shift)
        if clock.checkin is None:
            print(f"  {shift['shift_key']} is not under way: its volunteers check in from "
                  f"{clock.opens:%H:%M} until {clock.end:%H:%M} (docs/shifts.md)")
            continue
        grid = shift["place_code"]
        people.setdefault(grid, registered_people(gw, grid))
        wait_for(f"visits to know shift {shift['shift_key']}",
                 lambda s=shift: call(gw, "GET", f"/visits/shifts/{s['shift_key']}/tasks")[0]
                 == 200, timeout=60)
        spare = [c for c in _open_households(gw, campaign, grid) if c not in taken]
        for volunteer in shift.get("volunteers", []):
            vid = volunteer["volunteer_id"] if isinstance(volunteer, dict) else volunteer
            own = sign_in(vid)
            # as on site: the grid worker's phone shows the shift's check-in code, the
            # volunteer types it, and the server records the time
            code = _checkin_code(gw, shift, grid_token(grid))
            status, _ = call(gw, "POST", "/dispatch/checkins",
                             {"code": code, "kind": "in", "shift_key": shift["shift_key"]},
                             token=own)
            sent["checkins"] += status in (200, 201)
            codes = [(c, own) for c in _households_to_visit(gw, campaign, shift, vid, own)
                     if c not in taken]
            while len(codes) < PER_VOLUNTEER and spare:
                codes.append((spare.pop(0), grid_token(grid)))
            for code, token in codes:
                taken.add(code)
                sent["visits"] += 1
                sent["accepted" if _visit(gw, rng, campaign, shift, vid, code,
                                          people[grid].get(code, 0),
                                          clock.now(), token) else "rejected"] += 1
    return sent


def _checkin_code(gw: str, shift: dict, leader_token: str) -> str:
    """The code the shift's leader (its grid's worker) shows now."""
    status, body = call(gw, "GET", f"/dispatch/shifts/{shift['shift_key']}/checkin-code",
                        token=leader_token)
    if status != 200:
        raise RuntimeError(f"the check-in code of {shift['shift_key']}: {status} "
                           f"{body.get('error') if isinstance(body, dict) else body}")
    return body["code"]


class _ShiftClock:
    """When the simulated volunteers of a shift check in and knock: now, while the shift
    is under way (docs/shifts.md). Not a replay of earlier hours: a visit timed before
    its household was handed out is a late visit, which leaves the household's state
    as it is (domain/households.py), so a replayed morning would show no not-home,
    refused or vacant households at all."""

    def __init__(self, shift: dict) -> None:
        tz = local_tz()
        day = date.fromisoformat(shift["day"])
        self.start, self.end = shift_hours(day, shift["half"], tz)
        self.opens, _ = checkin_window(day, shift["half"], tz, AttendanceRules.from_env())
        now = datetime.now(tz)
        self.checkin = now if self.opens <= now < self.end - timedelta(minutes=5) else None

    def now(self) -> datetime:
        return min(datetime.now(local_tz()), self.end - timedelta(minutes=1))


def _visit(gw: str, rng: random.Random, campaign: str, shift: dict, volunteer: str,
           code: str, registered: int, at: datetime, token: str) -> bool:
    outcome = rng.choice(OUTCOMES)
    visit = {"visit_id": str(uuid.uuid4()), "campaign_id": campaign, "household_code": code,
             "visitor_id": volunteer, "shift_key": shift["shift_key"],
             "visited_at": at.isoformat(), "method": "in_person",
             "outcome": outcome}
    if outcome == "reached":
        found = registered + (1 if rng.random() < 0.04 else 0)
        answers, hazards, requests = _answers(rng, found)
        visit |= {"people_found": found, "answers": answers, "hazards": hazards,
                  "requests": requests}
    status, body = call(gw, "POST", "/visits/visits", visit, token=token)
    return status in (200, 201)
