"""Visits' world as the tests of several groups build it: a community's grid, buildings,
households and residents announced the way the registry publishes them on
`registry.events`, campaigns created over visits' HTTP API, and answers to the default
questionnaire."""

from __future__ import annotations

from datetime import date, timedelta

from services.visits import clock
from tests.support.amqp import wait_until
from tests.support.http import Client

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


def campaign(api: Client, *, campaign_id: str = "c1", areas=(COMMUNITY,), start: date | None = None,
             days: int = 7, **changes) -> dict:
    start = start or clock.today()
    return api.ok("POST", "/campaigns", {
        "campaign_id": campaign_id, "name": "三询问一完善 test", "start": start.isoformat(),
        "end": (start + timedelta(days=days)).isoformat(), "area_codes": list(areas),
        **changes}, 201)


def answers(**changes) -> dict:
    """A complete, valid set of answers to the default 三询问一完善 questionnaire."""
    base = {"people_present": 2, "arrived_recently": False, "test_status": "all_negative",
            "water_hazard": False, "electricity_hazard": False, "gas_hazard": False,
            "fire_hazard": False, "has_difficulty": False, "registry_correct": True}
    return {**base, **changes}
