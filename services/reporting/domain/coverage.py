"""Coverage: a household's state in a campaign, its first reach, visits, hazards and
head-count discrepancies.

Household states come with a version that visits raises on every change: the highest
version wins, so a duplicate or a late older state changes nothing.
"""

from __future__ import annotations

from datetime import date

from services.reporting.domain.core import Items, add


def apply_state(state: dict | None, data: dict) -> dict:
    """household_state_changed."""
    base = state or _blank(data)
    if state is not None and state["version"] is not None \
            and state["version"] >= data["version"]:
        return state
    return {**base, "state": data["state"], "attempts": data["attempts"],
            "follow_up": data["follow_up"], "version": data["version"], "day": data["day"]}


def joined_states(data: dict) -> list[dict]:
    """households_joined → the household_state_changed each listed household stands for:
    its state (unassigned) with its version (1), no attempts, no follow-up."""
    return [{"campaign_id": data["campaign_id"], "household_code": code,
             "grid_code": data["grid_code"], "state": data["state"],
             "previous_state": data["state"], "attempts": 0, "follow_up": False,
             "version": data["version"], "at": data["at"], "day": data["day"],
             "visit_id": None} for code in data["household_codes"]]


def apply_reached(state: dict | None, data: dict) -> dict:
    """household_reached: the first reach, with the head-count found at the door. Facts,
    not versioned: the first one kept, later copies ignored."""
    base = state or _blank(data)
    if base["reached_day"] is not None:
        return base
    return {**base, "reached_day": data["day"], "people_found": data["people_found"],
            "people_registered": data["people_registered"]}


def _blank(data: dict) -> dict:
    return {"campaign_id": data["campaign_id"], "household_code": data["household_code"],
            "grid_code": data["grid_code"], "state": None, "attempts": 0,
            "follow_up": False, "version": None, "day": None, "reached_day": None,
            "people_found": None, "people_registered": None}


def household_items(state: dict | None) -> Items:
    items: Items = {}
    if state is None:
        return items
    grid, campaign = state["grid_code"], state["campaign_id"]
    if state["state"] is not None:
        add(items, grid, f"hh.{state['state']}", campaign=campaign)
    if state["follow_up"]:
        add(items, grid, "hh.follow_up", campaign=campaign)
    if state["reached_day"] is not None:
        day = state["reached_day"]
        add(items, grid, "hh.first_reached", day=day, campaign=campaign)
        add(items, grid, "people.found", state["people_found"] or 0, day=day,
            campaign=campaign)
        add(items, grid, "people.registered", state["people_registered"] or 0, day=day,
            campaign=campaign)
    return items


def visit_items(data: dict) -> Items:
    """visit_recorded: flows on the day the visit happened (not when it arrived)."""
    items: Items = {}
    grid, campaign, day = data["grid_code"], data["campaign_id"], data["day"]
    add(items, grid, "visits", day=day, campaign=campaign)
    add(items, grid, f"visits.{data['outcome']}", day=day, campaign=campaign)
    add(items, grid, f"visits.{data['method']}", day=day, campaign=campaign)
    add(items, grid, "visits.corrections", data["corrections"], day=day, campaign=campaign)
    return items


def hazard_items(data: dict) -> Items:
    items: Items = {}
    grid, campaign, day = data["grid_code"], data["campaign_id"], data["day"]
    add(items, grid, "hazards", day=day, campaign=campaign)
    add(items, grid, f"hazards.{data['severity']}", day=day, campaign=campaign)
    add(items, grid, f"hazards.{data['kind']}", day=day, campaign=campaign)
    return items


def apply_discrepancy(state: dict | None, data: dict, *, opened_day: date | None = None,
                      closed_day: date | None = None) -> dict:
    """discrepancy_opened / discrepancy_closed, in any order: each sets its own day once."""
    base = state or {"discrepancy_id": data["discrepancy_id"],
                     "campaign_id": data["campaign_id"], "grid_code": data["grid_code"],
                     "opened_day": None, "closed_day": None}
    return {**base, "opened_day": base["opened_day"] or opened_day,
            "closed_day": base["closed_day"] or closed_day}


def discrepancy_items(state: dict | None) -> Items:
    items: Items = {}
    if state is None:
        return items
    grid, campaign = state["grid_code"], state["campaign_id"]
    if state["opened_day"] is not None:
        add(items, grid, "discrepancies.opened", day=state["opened_day"], campaign=campaign)
        if state["closed_day"] is None:
            add(items, grid, "discrepancies.open", campaign=campaign)
    if state["closed_day"] is not None:
        add(items, grid, "discrepancies.closed", day=state["closed_day"], campaign=campaign)
    return items
