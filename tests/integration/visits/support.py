"""Helpers of the visits integration tests (no tests here): the registry's and dispatch's
events published with plain pika, answers to the default questionnaire, shift keys, and
shifts staffed and inbox outcomes waited for."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta

from services.visits import clock
from tests.support.amqp import wait_until
from tests.support.http import Client

__all__ = ["EVENTS", "answers", "at", "seed_area", "shift", "assign_volunteer", "inbox_outcome",
           "of_type", "kinds", "settle", "staff", "visit", "wait_until"]

EVENTS = "visits.events"
COMMUNITY, STREET = "4401060101", "44010601"
PATH = ["4401", "440106", STREET, COMMUNITY]


def _area(code: str, level: str, parent: str | None, path: list[str], n: int) -> dict:
    return {"area_id": n, "code": code, "level": level, "name": f"{level} {code}",
            "parent_code": parent, "path": path, "version": 1}


def _resident(resident_id: int, household_id: int, grid: str) -> dict:
    return {"resident_id": resident_id, "household_id": household_id, "grid_code": grid,
            "name_masked": "李*", "id_masked": "4401**********0011", "gender": None,
            "birth_year": None, "tags": [], "version": 1,
            "status": {"registration_code_applied": False, "vaccination": "none",
                       "latest_test_date": None, "latest_test_result": None,
                       "recent_travel": None, "returned_on": None}}


def seed_area(outside, sql, grid: str = "G01", *, buildings: int = 2, per_building: int = 3,
              residents: int = 2) -> list[str]:
    """City → … → community → grid, buildings with households and residents, as the
    registry announces them; waits until visits holds them. → household codes."""
    levels = [("4401", "city", None), ("440106", "district", "4401"),
              (STREET, "street", "440106"), (COMMUNITY, "community", STREET)]
    for n, (code, level, parent) in enumerate(levels):
        outside.publish_as("registry", "area_registered",
                _area(code, level, parent, PATH[:n + 1], n + 1))
    outside.publish_as("registry", "grid_registered",
            _area(grid, "grid", COMMUNITY, [*PATH, grid], 100 + len(grid)))
    codes, rid = [], 1000 * (1 + sum(map(ord, grid)) % 50)
    for b in range(buildings):
        building = f"{grid}-B{b + 1}"
        outside.publish_as("registry", "building_registered", {
            "building_id": rid + b, "code": building, "name": f"{b + 1}栋",
            "grid_code": grid, "version": 1})
        for h in range(per_building):
            code = f"{building}-{h + 1:02d}"
            hid = rid + 100 + b * 10 + h
            outside.publish_as("registry", "household_registered", {
                "household_id": hid, "code": code, "kind": "residence",
                "address": f"{b + 1}栋{h + 1:02d}号", "building_code": building,
                "grid_code": grid, "version": 1})
            for r in range(residents):
                outside.publish_as("registry", "resident_registered",
                        _resident(hid * 10 + r, hid, grid))
            codes.append(code)
    wait_until(lambda: sql("select count(*) n from residents r join households h "
                           "on h.household_id = r.household_id where h.grid_code = :g",
                           g=grid)[0]["n"] == len(codes) * residents,
               what=f"grid {grid} in visits")
    return codes


def shift(grid: str, day: date, half: str = "am", *, order: str = "o1",
          head_count: int = 2, kinds: tuple[str, ...] = ("door_to_door",)) -> dict:
    key = f"{order}:{day.isoformat()}:{half}:{grid}"
    return {"shift_key": key, "order_id": order, "unit_id": "U1",
            "community_code": COMMUNITY, "day": day.isoformat(), "half": half,
            "place_code": grid, "task_kinds": list(kinds), "head_count": head_count,
            "version": 1}


def _ref(s: dict) -> dict:
    return {k: s[k] for k in ("shift_key", "order_id", "unit_id", "community_code", "day",
                              "half", "place_code")}


def assign_volunteer(outside, s: dict, volunteer: str, replaces: str | None = None) -> dict:
    return outside.publish_as("dispatch", "volunteer_assigned",
                   {**_ref(s), "volunteer_id": volunteer, "replaces": replaces})


def unassign_volunteer(outside, s: dict, volunteer: str, reason: str) -> dict:
    return outside.publish_as("dispatch", "volunteer_unassigned",
                   {**_ref(s), "volunteer_id": volunteer, "reason": reason})


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local time (WANGGE_TZ) on that day."""
    return datetime.combine(day, time(hour, minute), tzinfo=clock.tz())


def answers(**changes) -> dict:
    """A complete, valid set of answers to the default 三询问一完善 questionnaire."""
    base = {"people_present": 2, "arrived_recently": False, "test_status": "all_negative",
            "water_hazard": False, "electricity_hazard": False, "gas_hazard": False,
            "fire_hazard": False, "has_difficulty": False, "registry_correct": True}
    return {**base, **changes}


def visit(campaign: str, household: str, visitor: str, shift_key: str | None, when: datetime,
          outcome: str = "reached", **changes) -> dict:
    body = {"visit_id": f"v-{uuid.uuid4().hex[:16]}", "campaign_id": campaign,
            "household_code": household, "visitor_id": visitor, "shift_key": shift_key,
            "visited_at": when.isoformat(), "method": "in_person", "outcome": outcome,
            "answers": answers() if outcome == "reached" else {},
            "people_found": 2 if outcome == "reached" else None}
    return {**body, **changes}


def of_type(messages: list[dict], name: str) -> list[dict]:
    return [m for m in messages if m["type"] == f"visits.{name}"]


def kinds(messages: list[dict]) -> Counter:
    return Counter(m["type"].split(".", 1)[1] for m in messages)


def settle(outside, sql, seen: list[dict]) -> list[dict]:
    """Wait until visits published everything it committed, then collect the rest."""
    wait_until(lambda: not sql("select 1 from outbox where published_at is null"),
               what="visits outbox drained")
    seen.extend(outside.collect(EVENTS))
    return seen


def campaign(api: Client, *, campaign_id: str = "c1", areas=(COMMUNITY,), start: date | None = None,
             days: int = 7, **changes) -> dict:
    start = start or clock.today()
    return api.ok("POST", "/campaigns", {
        "campaign_id": campaign_id, "name": "三询问一完善 test", "start": start.isoformat(),
        "end": (start + timedelta(days=days)).isoformat(), "area_codes": list(areas),
        **changes}, 201)


def inbox_outcome(sql, event_id: str) -> str:
    rows = wait_until(lambda: sql("select outcome from inbox where event_id = :i", i=event_id),
                      what=f"inbox row for {event_id}")
    return rows[0]["outcome"]


def staff(outside, sql, s: dict, *volunteers: str) -> None:
    outside.publish_as("dispatch", "shift_scheduled", s)
    for v in volunteers:
        assign_volunteer(outside, s, v)
    wait_until(lambda: len(sql("select 1 from shift_volunteers where shift_key = :k",
                               k=s["shift_key"])) == len(volunteers), what="shift staffed")
