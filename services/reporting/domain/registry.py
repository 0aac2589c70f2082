"""Registry figures: households by kind, residents by tag, and campaign targets.

A household in a grid that a campaign covers counts once in that campaign's target
(`hh.target`), whichever arrives first: the household or the campaign.
"""

from __future__ import annotations

from services.reporting.domain.core import Items, add


def apply_household(state: dict | None, data: dict) -> dict | None:
    """household_registered/updated, or one household of households_imported (version 1)."""
    version = data.get("version", 1)
    if state is not None and state["version"] >= version:
        return state
    return {"household_id": data["household_id"], "code": data["code"],
            "kind": data["kind"], "grid_code": data["grid_code"], "version": version}


def household_items(state: dict | None, campaigns: tuple[str, ...] = ()) -> Items:
    items: Items = {}
    if state is None:
        return items
    grid = state["grid_code"]
    add(items, grid, "households")
    add(items, grid, f"households.{state['kind']}")
    for campaign in campaigns:
        add(items, grid, "hh.target", campaign=campaign)
    return items


def apply_resident(state: dict | None, data: dict) -> dict | None:
    """resident_registered/updated, or one resident of residents_imported (version 1)."""
    version = data.get("version", 1)
    if state is not None and state["version"] >= version:
        return state
    grid = data.get("grid_code", state["grid_code"] if state else None)
    return {"resident_id": data["resident_id"], "household_id": data["household_id"],
            "grid_code": grid, "tags": sorted(set(data["tags"])), "version": version}


def apply_move(state: dict | None, data: dict) -> dict | None:
    """resident_moved: a new household and grid (None: moved out of the area)."""
    if state is not None and state["version"] >= data["version"]:
        return state
    tags = state["tags"] if state else []
    return {"resident_id": data["resident_id"], "household_id": data["to_household_id"],
            "grid_code": data["to_grid_code"], "tags": tags, "version": data["version"]}


def resident_items(state: dict | None) -> Items:
    items: Items = {}
    if state is None or not state["grid_code"]:
        return items
    add(items, state["grid_code"], "residents")
    for tag in state["tags"]:
        add(items, state["grid_code"], f"residents.{tag}")
    return items
