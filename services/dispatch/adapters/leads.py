"""Dispatch's copy of who leads each grid's shifts: the grid workers (网格员) accounts says
hold a `grid_worker` grant on the grid (`accounts.grant_changed`, issue 14). Dispatch
never reads accounts' tables (docs/architecture.md rule 1); the copy holds an account id
and the masked name accounts published, nothing more.

Events may come twice (the inbox drops the second) or out of order: a grant's `revoked`
is kept as a mark, so its `given` arriving later changes nothing; grant ids are never
given twice."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.dispatch.adapters.models import GridLead

GRID_WORKER = "grid_worker"


def apply_grant_change(session: Session, data: dict) -> bool:
    """Apply one grant_changed payload; True when it changed the copy. Grants of other
    roles (and a grid worker's grant without an area, which accounts never gives) are
    not leads and are ignored."""
    if data["role"] != GRID_WORKER or not data.get("area"):
        return False
    values = {"grant_id": data["grant_id"][:64], "account_id": data["person_id"][:64],
              "area_code": data["area"][:64],
              "name_masked": (data.get("display_name_masked") or "")[:100]}
    stmt = insert(GridLead).values(**values, revoked=data["change"] == "revoked")
    if data["change"] == "revoked":
        stmt = stmt.on_conflict_do_update(index_elements=[GridLead.grant_id],
                                          set_={"revoked": True},
                                          where=GridLead.revoked.is_(False))
    else:
        # a given after its revoked, or given again: what we hold stands
        stmt = stmt.on_conflict_do_nothing(index_elements=[GridLead.grant_id])
    return session.execute(stmt.returning(GridLead.grant_id)).first() is not None


def leads_at(session: Session, place_codes: Iterable[str]) -> dict[str, list[dict]]:
    """{place code: [{account_id, name_masked}]}: the grid workers of each place that is a
    grid, one entry per account (someone holding two grants there is named once), in the
    order their grants arrived. A site (no grid) has none."""
    codes = sorted(set(place_codes))
    found: dict[str, list[dict]] = {code: [] for code in codes}
    if not codes:
        return found
    seen: set[tuple[str, str]] = set()
    for area, account, name in session.execute(
            select(GridLead.area_code, GridLead.account_id, GridLead.name_masked)
            .where(GridLead.area_code.in_(codes), GridLead.revoked.is_(False))
            .order_by(GridLead.updated_at, GridLead.grant_id)):
        if (area, account) not in seen:
            seen.add((area, account))
            found[area].append({"account_id": account, "name_masked": name})
    return found
