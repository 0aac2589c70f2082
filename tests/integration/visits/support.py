"""Helpers of the visits integration tests (no tests here): the registry's and dispatch's
events published with plain pika, answers to the default questionnaire, shift keys."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta

from services.visits import clock
from tests.integration.dispatch.support import Api
from tests.support.amqp_tools import envelope, wait_until

__all__ = ["Api", "EVENTS", "answers", "at", "publish", "seed_area", "shift", "assign_volunteer",
           "of_type", "kinds", "settle", "visit", "wait_until"]

EVENTS = "visits.events"
COMMUNITY, STREET = "4401060101", "44010601"
PATH = ["4401", "440106", STREET, COMMUNITY]


def publish(outside, service: str, name: str, data: dict, *, id_: str | None = None) -> dict:
    """Publish as that service does: a <service>.<name> envelope on <service>.events."""
    env = envelope(f"{service}.{name}", data, id_=id_, source=f"wangge/{service}")
    outside.publish_raw(name, json.dumps(env, default=str), exchange=f"{service}.events")
    return env


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
        publish(outside, "registry", "area_registered",
                _area(code, level, parent, PATH[:n + 1], n + 1))
    publish(outside, "registry", "grid_registered",
            _area(grid, "grid", COMMUNITY, [*PATH, grid], 100 + len(grid)))
    codes, rid = [], 1000 * (1 + sum(map(ord, grid)) % 50)
    for b in range(buildings):
        building = f"{grid}-B{b + 1}"
        publish(outside, "registry", "building_registered", {
            "building_id": rid + b, "code": building, "name": f"{b + 1}栋",
            "grid_code": grid, "version": 1})
        for h in range(per_building):
            code = f"{building}-{h + 1:02d}"
            hid = rid + 100 + b * 10 + h
            publish(outside, "registry", "household_registered", {
                "household_id": hid, "code": code, "kind": "residence",
                "address": f"{b + 1}栋{h + 1:02d}号", "building_code": building,
                "grid_code": grid, "version": 1})
            for r in range(residents):
                publish(outside, "registry", "resident_registered",
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
    return publish(outside, "dispatch", "volunteer_assigned",
                   {**_ref(s), "volunteer_id": volunteer, "replaces": replaces})


def unassign_volunteer(outside, s: dict, volunteer: str, reason: str) -> dict:
    return publish(outside, "dispatch", "volunteer_unassigned",
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


def campaign(api: Api, *, campaign_id: str = "c1", areas=(COMMUNITY,), start: date | None = None,
             days: int = 7, **changes) -> dict:
    start = start or clock.today()
    return api.ok("POST", "/campaigns", {
        "campaign_id": campaign_id, "name": "三询问一完善 test", "start": start.isoformat(),
        "end": (start + timedelta(days=days)).isoformat(), "area_codes": list(areas),
        **changes}, 201)
