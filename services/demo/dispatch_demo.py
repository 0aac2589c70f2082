"""The seed pairing: a unit sends '8 people every half day, 6 batches, door-to-door' to
滨江社区 (48 person-times)."""

from __future__ import annotations

import random
from datetime import date

from services.demo.client import call, wait_for

# a district's bureau: it belongs to 天河区, whose organisation pairs it with its communities
UNIT = {"unit_id": "thd-tax", "name": "天河区税务局", "area_code": "440106",
        "coordinator_name": "陈主任", "coordinator_phone": "13800138000"}
COMMUNITY = "440106001001"  # 滨江社区
VOLUNTEERS = 30


def _volunteers(rng: random.Random) -> list[dict]:
    skills = [[], [], ["driver"], ["medic"], ["dialect"]]
    return [{
        "volunteer_id": f"thd-tax-{n:03d}", "unit_id": UNIT["unit_id"],
        "name": f"志愿者{n:03d}", "phone": f"139{rng.randint(10000000, 99999999)}",
        "party_member": rng.random() < 0.7, "skills": rng.choice(skills),
        "weekly_limit": 4,
    } for n in range(1, VOLUNTEERS + 1)]


def volunteers() -> list[dict]:
    """The unit's volunteers, the same every run."""
    return _volunteers(random.Random(7))


def load(base: str, today: date) -> dict:
    """Create the unit and its volunteers (idempotent), then place the seed order."""
    wait_for("dispatch to learn 滨江社区 from registry events",
             lambda: call(base, "GET", f"/communities/{COMMUNITY}")[0] == 200)
    status, body = call(base, "POST", "/units", UNIT)
    if status not in (201, 409):
        raise RuntimeError(f"creating the unit: {status} {body}")
    for volunteer in volunteers():
        status, body = call(base, "POST", "/volunteers", volunteer)
        if status not in (200, 201, 409):
            raise RuntimeError(f"enrolling {volunteer['volunteer_id']}: {status} {body}")
    start = today
    order = {"order_id": f"demo-binjiang-{start:%Y%m%d}", "unit_id": UNIT["unit_id"],
             "community_code": COMMUNITY, "start": start.isoformat(), "batches": 6,
             "slot_kind": "half_day", "head_count": 8, "task_kinds": ["door_to_door"]}
    status, body = call(base, "POST", "/orders", order)
    if status not in (200, 201):
        raise RuntimeError(f"placing the seed order: {status} {body}")
    _, times = call(base, "GET", f"/orders/{order['order_id']}/person-times")
    return {"order_id": order["order_id"], "status": status, "person_times": times}
