"""A household's state in a campaign: the domain's state machine (domain.households)
applied to its row, and the versioned household_state_changed event that says so."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from services.common.unit_of_work import EventSink
from services.visits.domain.households import HouseholdState


class HouseholdStateRow(Protocol):
    """A household's campaign_households row as its writer holds it: the ORM object
    (tasks.py) or the capture batch's copy (capture_batch.CampaignRow)."""

    campaign_id: str
    household_code: str
    grid_code: str
    state: str
    attempts: int
    follow_up: bool
    version: int
    last_outcome: str | None
    last_visit_at: datetime | None
    assigned_at: datetime | None


def state_of(row: HouseholdStateRow) -> HouseholdState:
    return HouseholdState(state=row.state, attempts=row.attempts, follow_up=row.follow_up,
                          version=row.version, last_outcome=row.last_outcome,
                          last_visit_at=row.last_visit_at, assigned_at=row.assigned_at)


def write_state(events: EventSink, row: HouseholdStateRow, new: HouseholdState, *,
                at: datetime, day: date, visit_id: str | None = None) -> bool:
    """Store ``new`` on the row; stage household_state_changed when the domain says it
    changed (its version grew). → whether it changed."""
    previous, changed = row.state, new.version != row.version
    row.state, row.attempts, row.follow_up = new.state, new.attempts, new.follow_up
    row.last_outcome, row.last_visit_at = new.last_outcome, new.last_visit_at
    row.assigned_at, row.version = new.assigned_at, new.version
    if changed:
        events.add("household_state_changed", {
            "campaign_id": row.campaign_id, "household_code": row.household_code,
            "grid_code": row.grid_code, "state": row.state, "previous_state": previous,
            "attempts": row.attempts, "follow_up": row.follow_up, "version": row.version,
            "at": at, "day": day, "visit_id": visit_id}, subject=row.household_code)
    return changed
