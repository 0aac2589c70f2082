"""Effort: shifts (班次) and person-times (人次), per unit, pairing and task kind.

Every figure of a shift is dated on the shift's own day. Shift changes carry a version
(amendments raise it); volunteers' bookings carry none, so the latest event time wins
for on/off a shift, and a check-in or no-show, once seen, stays.
"""

from __future__ import annotations

from services.reporting.domain.core import Items, add

METRICS = ("shifts.scheduled", "shifts.filled", "shifts.understaffed", "shifts.cancelled",
           "pt.promised", "pt.scheduled", "pt.delivered", "pt.no_show", "pt.corrected")


def _blank(data: dict) -> dict:
    return {"shift_key": data["shift_key"], "order_id": data["order_id"],
            "unit_id": data["unit_id"], "community_code": data["community_code"],
            "place_code": data["place_code"], "day": data["day"], "half": data["half"],
            "task_kinds": [], "head_count": 0, "cancelled": False, "version": 0,
            "volunteers": {}}


def apply_scheduled(state: dict | None, data: dict) -> dict:
    base = state or _blank(data)
    if data["version"] <= base["version"]:
        return base
    return {**base, "task_kinds": sorted(data["task_kinds"]), "head_count": data["head_count"],
            "cancelled": False, "version": data["version"]}


def apply_cancelled(state: dict | None, data: dict) -> dict:
    base = state or _blank(data)
    # a cancellation with the version it was scheduled under still cancels it
    if data["version"] < base["version"]:
        return base
    return {**base, "cancelled": True, "version": data["version"]}


def apply_volunteer(state: dict | None, data: dict, kind: str, at: str) -> dict:
    """kind: assigned, unassigned, checked_in, no_show; `at` the event's ISO time. A
    check-in with basis `correction` also counts in pt.corrected."""
    base = state or _blank(data)
    volunteers = dict(base["volunteers"])
    seat = dict(volunteers.get(data["volunteer_id"], {"on": False, "at": "", "in": False,
                                                      "ns": False}))
    if kind in ("assigned", "unassigned"):
        if at < seat["at"]:
            return base
        seat.update(on=kind == "assigned", at=at)
    elif kind == "checked_in":
        seat["in"] = True
        # recorded after the shift by a coordinator or admin (dispatch's docs/shifts.md)
        if data.get("basis") == "correction":
            seat["corr"] = True
    elif kind == "no_show":
        seat["ns"] = True
    if seat == volunteers.get(data["volunteer_id"]):
        return base
    volunteers[data["volunteer_id"]] = seat
    return {**base, "volunteers": volunteers}


def shift_items(state: dict | None, area: str) -> Items:
    """`area`: the grid the shift is in, or its community when the place is a site."""
    items: Items = {}
    if state is None:
        return items
    dims = ("", f"unit:{state['unit_id']}", f"order:{state['order_id']}",
            *(f"task:{kind}" for kind in state["task_kinds"]))
    seats = state["volunteers"].values()
    delivered = sum(1 for s in seats if s["in"])
    no_shows = sum(1 for s in seats if s["ns"] and not s["in"])

    def put(metric: str, value: int = 1) -> None:
        add(items, area, metric, value, day=state["day"], dims=dims)

    if state["version"] and not state["cancelled"]:
        assigned = sum(1 for s in seats if s["on"])
        put("shifts.scheduled")
        put("shifts.filled" if assigned >= state["head_count"] else "shifts.understaffed")
        put("pt.promised", state["head_count"])
        put("pt.scheduled", assigned)
    elif state["cancelled"]:
        put("shifts.cancelled")
    put("pt.delivered", delivered)
    put("pt.no_show", no_shows)
    corrected = sum(1 for s in seats if s.get("corr"))
    if corrected:
        put("pt.corrected", corrected)
    return items
