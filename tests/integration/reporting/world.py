"""A small district in events: areas, households, residents, a campaign, shifts, visits
and requests, each builder returning (type, payload) with the figures the test expects."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

CITY, DISTRICT, STREET, COMMUNITY = "4401", "440106", "44010601", "4401060101"
G1, G2 = f"{COMMUNITY}-G01", f"{COMMUNITY}-G02"
DAY = date(2031, 5, 12)           # a Monday in the future: the real clock never closes it
NOON = datetime(2031, 5, 12, 4, tzinfo=UTC)       # 12:00 in Shanghai
CAMPAIGN = "c-2031-05"


def areas() -> list[tuple[str, dict]]:
    chain = [("city", CITY, None), ("district", DISTRICT, CITY), ("street", STREET, DISTRICT),
             ("community", COMMUNITY, STREET)]
    out, path = [], []
    for i, (level, code, parent) in enumerate(chain, 1):
        path = [*path, code]
        out.append(("registry.area_registered", {
            "area_id": i, "code": code, "level": level, "name": f"{level} {code}",
            "parent_code": parent, "path": path, "version": 1}))
    for i, grid in enumerate((G1, G2), 10):
        out.append(("registry.grid_registered", {
            "area_id": i, "code": grid, "level": "grid", "name": f"第{i - 9}网格",
            "parent_code": COMMUNITY, "path": [*path, grid], "version": 1}))
    return out


def household_code(grid: str, n: int) -> str:
    return f"{grid}-H{n:03d}"


def households(grid: str, count: int, first_id: int) -> list[tuple[str, dict]]:
    return [("registry.household_registered", {
        "household_id": first_id + n, "code": household_code(grid, n),
        "kind": "rental" if n % 3 == 2 else "residence", "address": f"{n}号",
        "building_code": f"{grid}-B1", "grid_code": grid, "version": 1})
        for n in range(count)]


def resident(resident_id: int, household_id: int, grid: str, tags: list[str],
             version: int = 1) -> tuple[str, dict]:
    return ("registry.resident_registered" if version == 1 else "registry.resident_updated", {
        "resident_id": resident_id, "household_id": household_id, "grid_code": grid,
        "name_masked": "张*", "id_masked": "4401**********123X", "gender": "f",
        "birth_year": 1940, "tags": tags, "status": {
            "registration_code_applied": True, "vaccination": "full",
            "latest_test_date": None, "latest_test_result": None, "recent_travel": None,
            "returned_on": None}, "version": version, "cause": "api"})


def campaign(households_total: int) -> tuple[str, dict]:
    return ("visits.campaign_started", {
        "campaign_id": CAMPAIGN, "name": "三询问一完善", "start": DAY,
        "end": DAY + timedelta(days=13), "area_codes": [COMMUNITY], "grid_codes": [G1, G2],
        "households": households_total, "questionnaire_id": "q1",
        "questionnaire_version": 1, "max_attempts": 3})


def state(grid: str, n: int, new: str, version: int, *, day: date = DAY,
          attempts: int = 0, previous: str = "unassigned") -> tuple[str, dict]:
    return ("visits.household_state_changed", {
        "campaign_id": CAMPAIGN, "household_code": household_code(grid, n), "grid_code": grid,
        "state": new, "previous_state": previous, "attempts": attempts, "follow_up": False,
        "version": version, "at": NOON, "day": day, "visit_id": None})


def visit(grid: str, n: int, outcome: str, visit_id: str, *, day: date = DAY,
          attempt: int = 1, found: int | None = 2) -> list[tuple[str, dict]]:
    """What visits publishes for one visit: the visit, the state, the first reach."""
    code = household_code(grid, n)
    out = [("visits.visit_recorded", {
        "campaign_id": CAMPAIGN, "household_code": code, "grid_code": grid,
        "visit_id": visit_id, "visitor_id": "v1", "shift_key": None, "visited_at": NOON,
        "day": day, "method": "in_person", "outcome": outcome, "attempt": attempt,
        "people_found": found if outcome == "reached" else None, "people_registered": 2,
        "hazards": 0, "requests": 0, "corrections": 0}),
        state(grid, n, outcome, attempt + 1, day=day, attempts=attempt,
              previous="assigned")]
    if outcome == "reached":
        out.append(("visits.household_reached", {
            "campaign_id": CAMPAIGN, "household_code": code, "grid_code": grid,
            "visit_id": visit_id, "reached_at": NOON, "day": day, "people_found": found,
            "people_registered": 2}))
    return out


def shift(key: str, grid: str, head_count: int, *, version: int = 1) -> tuple[str, dict]:
    return ("dispatch.shift_scheduled", {
        "shift_key": key, "order_id": "o1", "unit_id": "u1", "community_code": COMMUNITY,
        "day": DAY, "half": "am", "place_code": grid, "task_kinds": ["door_to_door"],
        "head_count": head_count, "version": version})


def volunteer(kind: str, key: str, grid: str, volunteer_id: str) -> tuple[str, dict]:
    data = {"shift_key": key, "order_id": "o1", "unit_id": "u1", "community_code": COMMUNITY,
            "day": DAY, "half": "am", "place_code": grid, "volunteer_id": volunteer_id}
    if kind == "checked_in":
        data.update(at=NOON, booked=True, source="test")
    return (f"dispatch.volunteer_{kind}", data)


def request(request_id: str, grid: str, status: str, version: int, *, at: datetime = NOON,
            due: datetime | None = None, kind: str = "raised") -> tuple[str, dict]:
    data = {"request_id": request_id, "grid_code": grid, "household_code": None,
            "campaign_id": CAMPAIGN, "category": "medical", "urgency": "normal",
            "status": status, "raised_at": NOON, "due_at": due or NOON + timedelta(days=2),
            "at": at, "version": version}
    if kind == "raised":
        data["visit_id"] = None
    return (f"visits.request_{kind}", data)
