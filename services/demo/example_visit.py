"""A visit the running demo will accept, written for `examples/publish_event.py`: today's
campaign, a household of the grid not visited yet, a volunteer booked on a shift that has
begun, a time inside that shift's hours. examples/visit_captured.json only shows the
shape; its ids exist in no demo."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from services.demo.client import call
from services.demo.visits_demo import _open_households, _ShiftClock


def write(gw: str, order_id: str, campaign: str, today, path: Path) -> Path | None:
    _, body = call(gw, "GET", f"/dispatch/orders/{order_id}/shifts")
    for shift in body.get("shifts", []):
        if shift["day"] != today.isoformat() or not shift.get("volunteers"):
            continue
        clock = _ShiftClock(shift)
        if clock.checkin is None:
            continue
        households = _open_households(gw, campaign, shift["place_code"])
        if not households:
            continue
        volunteer = shift["volunteers"][0]
        visit = {"visit_id": f"example-{uuid.uuid4()}", "campaign_id": campaign,
                 "household_code": households[0],
                 "visitor_id": volunteer["volunteer_id"] if isinstance(volunteer, dict)
                 else volunteer,
                 "shift_key": shift["shift_key"], "visited_at": clock.now().isoformat(),
                 "method": "in_person", "outcome": "not_home"}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(visit, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
        return path
    return None
