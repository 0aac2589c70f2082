"""Requests (困难诉求): raised, open, overdue, resolved, closed, by category.

The status follows the highest version. When it was resolved or closed, and whether it
went overdue, are facts kept whatever order their events arrive in.
"""

from __future__ import annotations

from datetime import tzinfo

from services.common.vocab import REQUEST_ACTIVE_STATUSES as OPEN
from services.reporting.domain.core import Items, add, local_day


def apply(state: dict | None, data: dict, kind: str) -> dict:
    """kind: raised, assigned, resolved, closed, overdue (from visits' escalation)."""
    base = state or {
        "request_id": data["request_id"], "grid_code": data["grid_code"], "area_path": None,
        "campaign_id": data["campaign_id"], "category": data["category"],
        "urgency": data["urgency"], "status": data["status"], "raised_at": data["raised_at"],
        "due_at": data["due_at"], "changed_at": data["at"], "resolved_at": None,
        "closed_at": None, "overdue_day": None, "version": 0}
    new = dict(base)
    if data["version"] > base["version"]:
        new.update(status=data["status"], category=data["category"],
                   urgency=data["urgency"], due_at=data["due_at"], changed_at=data["at"],
                   version=data["version"])
    if kind == "resolved" and new["resolved_at"] is None:
        new["resolved_at"] = data["at"]
    if kind == "closed" and new["closed_at"] is None:
        new["closed_at"] = data["at"]
    return new


def mark_overdue(state: dict, day) -> dict:
    if state["overdue_day"] is not None:
        return state
    return {**state, "overdue_day": day}


def items(state: dict | None, tz: tzinfo) -> Items:
    out: Items = {}
    if state is None:
        return out
    grid, campaign = state["grid_code"], state["campaign_id"] or ""
    dims = ("", f"category:{state['category']}")

    def put(metric: str, value: int = 1, day=None) -> None:
        add(out, grid, metric, value, day=day, campaign=campaign, dims=dims)

    put("requests.raised", day=local_day(state["raised_at"], tz))
    if state["status"] in OPEN:
        put("requests.open")
        if state["overdue_day"] is not None:
            put("requests.overdue_open")
    if state["overdue_day"] is not None:
        put("requests.overdue", day=state["overdue_day"])
    if state["resolved_at"] is not None:
        day = local_day(state["resolved_at"], tz)
        put("requests.resolved", day=day)
        put("requests.resolve_seconds",
            int((state["resolved_at"] - state["raised_at"]).total_seconds()), day=day)
    if state["closed_at"] is not None:
        put("requests.closed", day=local_day(state["closed_at"], tz))
    return out
