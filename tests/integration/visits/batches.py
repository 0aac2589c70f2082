"""A world for the tests that run visits' integration consumer on a batch directly: a grid
of four households in campaign c1 and today's staffed shift, written straight into the
database through visits' own adapters and use cases, and messages as phones send them."""

from __future__ import annotations

import json
from datetime import timedelta

from services.common.inbound import Incoming
from services.common.unit_of_work import UnitOfWork
from services.visits import clock
from services.visits.adapters.areas import apply_area, apply_resident
from services.visits.adapters.models import OPEN, CampaignHousehold, Shift, ShiftVolunteer, Task
from services.visits.entrypoints.registry_events import take_household
from services.visits.use_cases.campaigns import create_campaign
from tests.support.amqp import envelope

from .support import at

GRID = "G01"


DAY = clock.today()


NOON = at(DAY, 12)


STATUS = {"registration_code_applied": False, "vaccination": "none", "latest_test_date": None,
          "latest_test_result": None, "recent_travel": None, "returned_on": None}


def seed(backbone) -> tuple[str, list[str]]:
    """A grid of four households (two residents each) in campaign c1, today's shift with
    V1 and V2, and the first two households assigned to V1 with open tasks.
    → (shift key, household codes)."""
    key, now = f"o1:{DAY}:am:{GRID}", at(DAY, 7)
    with backbone.db.transaction() as session:
        apply_area(session, {"area_id": 1, "code": "C1", "level": "community", "name": "c",
                             "parent_code": None, "path": ["C1"], "version": 1})
        apply_area(session, {"area_id": 2, "code": GRID, "level": "grid", "name": "g",
                             "parent_code": "C1", "path": ["C1", GRID], "version": 1})
        codes = []
        for n in range(4):
            code = f"{GRID}-B1-{n + 1:02d}"
            take_household(session, backbone.outbox, {
                "household_id": 100 + n, "code": code, "kind": "residence",
                "address": f"1栋{n + 1:02d}号", "building_code": f"{GRID}-B1",
                "grid_code": GRID, "version": 1}, now)
            for r in range(2):
                apply_resident(session, {"resident_id": 1000 + 10 * n + r,
                                         "household_id": 100 + n, "version": 1,
                                         "status": STATUS})
            codes.append(code)
        session.add(Shift(key=key, order_id="o1", unit_id="U1", community_code="C1", day=DAY,
                          half="am", place_code=GRID, task_kinds=["door_to_door"],
                          head_count=2, status="scheduled", version=1))
        for volunteer in ("V1", "V2"):
            session.add(ShiftVolunteer(shift_key=key, volunteer_id=volunteer,
                                       status="assigned", assigned_at=now))
        with UnitOfWork.within(session, backbone.outbox) as uow:
            create_campaign(uow, {
                "campaign_id": "c1", "name": "batch", "start": DAY - timedelta(days=1),
                "end": DAY + timedelta(days=7), "area_codes": ["C1"], "questionnaire": None,
                "max_attempts": 3, "per_volunteer": None}, now=now, today=DAY)
    with backbone.db.transaction() as session:
        for code in codes[:2]:
            row = session.get(CampaignHousehold, ("c1", code))
            row.state, row.shift_key, row.volunteer_id = "assigned", key, "V1"
            row.assigned_at, row.version = now, 2
            session.add(Task(campaign_id="c1", shift_key=key, volunteer_id="V1",
                             household_code=code, status=OPEN, assigned_at=now))
    return key, codes


def message(data: dict | None = None, *, body: bytes | None = None) -> Incoming:
    if body is None:
        body = json.dumps(envelope("integration.visit_captured", data,
                                   source="test/phone")).encode()
    return Incoming(body=body, routing_key="visit_captured", exchange="integration.events")
