"""Helpers only the visits integration tests use (no tests here): dispatch's shift events
published with plain pika, shift keys, visits, and shifts staffed and inbox outcomes waited
for. Areas, campaigns and answers that other groups build too are in
tests/support/visits_world.py."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from services.visits import clock
from tests.support.amqp import wait_until
from tests.support.published import VISITS
from tests.support.visits_world import COMMUNITY, answers

__all__ = ["EVENTS", "at", "shift", "assign_volunteer", "unassign_volunteer",
           "of_type", "settle", "staff", "visit", "wait_until"]

EVENTS, of_type, settle = VISITS.exchange, VISITS.of_type, VISITS.settle


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


def visit(campaign: str, household: str, visitor: str, shift_key: str | None, when: datetime,
          outcome: str = "reached", **changes) -> dict:
    body = {"visit_id": f"v-{uuid.uuid4().hex[:16]}", "campaign_id": campaign,
            "household_code": household, "visitor_id": visitor, "shift_key": shift_key,
            "visited_at": when.isoformat(), "method": "in_person", "outcome": outcome,
            "answers": answers() if outcome == "reached" else {},
            "people_found": 2 if outcome == "reached" else None}
    return {**body, **changes}


def staff(outside, sql, s: dict, *volunteers: str) -> None:
    outside.publish_as("dispatch", "shift_scheduled", s)
    for v in volunteers:
        assign_volunteer(outside, s, v)
    wait_until(lambda: len(sql("select 1 from shift_volunteers where shift_key = :k",
                               k=s["shift_key"])) == len(volunteers), what="shift staffed")
