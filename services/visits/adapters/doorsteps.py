"""What a task list shows at each door, read in set-based queries: the household's
building name, kind and address, the people registered there (masked name, tags) and the
campaigns' questionnaires. A grid worker's list holds ~500 households: one query for all
their residents, never one per household.

Names are held only masked (adapters/models.py::Resident): nothing here can answer one in
clear, and nothing reveals (a reveal is the registry's, audited)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.visits.adapters.models import Building, Campaign, Household, Resident


def residents_at(session: Session, codes: Iterable[str]) -> dict[str, list[dict]]:
    """Household code → its registered residents [{resident_id, name_masked, tags}],
    ordered by resident id (the registry's order of registration); one query."""
    codes = sorted(set(codes))
    found: dict[str, list[dict]] = {code: [] for code in codes}
    if not codes:
        return found
    rows = session.execute(
        select(Household.code, Resident.resident_id, Resident.name_masked, Resident.tags)
        .join(Resident, Resident.household_id == Household.household_id)
        .where(Household.code.in_(codes))
        .order_by(Household.code, Resident.resident_id)).all()
    for code, resident_id, name_masked, tags in rows:
        found[code].append({"resident_id": resident_id, "name_masked": name_masked,
                            "tags": list(tags or ())})
    return found


def places_of(session: Session, codes: Iterable[str]) -> dict[str, dict]:
    """Household code → {building_code, building_name, kind, address} as visits' copy of
    the registry holds them (one query; a household not yet known is left out)."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    rows = session.execute(
        select(Household.code, Household.building_code, Building.name, Household.kind,
               Household.address)
        .outerjoin(Building, Building.code == Household.building_code)
        .where(Household.code.in_(codes))).all()
    return {code: {"building_code": building, "building_name": name, "kind": kind,
                   "address": address}
            for code, building, name, kind, address in rows}


def at_the_door(session: Session, households: list[dict]) -> list[dict]:
    """Each household row (a dict with `household_code`) given its building name, kind,
    address and residents, in place; two queries for the whole list. → the same list."""
    codes = [h["household_code"] for h in households]
    places = places_of(session, codes)
    residents = residents_at(session, codes)
    for row in households:
        code = row["household_code"]
        place = places.get(code, {})
        row["building_code"] = row.get("building_code") or place.get("building_code")
        row["building_name"] = place.get("building_name")
        row["kind"] = place.get("kind")
        row["address"] = place.get("address")
        row["residents"] = residents.get(code, [])
    return households


def campaigns_brief(session: Session, ids: Iterable[str]) -> dict[str, dict]:
    """Campaign id → {title, questionnaire_id, questionnaire_version, max_attempts}: what
    the phone needs to render a campaign's questionnaire for a task (one query)."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = session.execute(
        select(Campaign.id, Campaign.name, Campaign.questionnaire_id,
               Campaign.questionnaire_version, Campaign.max_attempts)
        .where(Campaign.id.in_(ids))).all()
    return {cid: {"title": name, "questionnaire_id": qid, "questionnaire_version": version,
                  "max_attempts": attempts}
            for cid, name, qid, version, attempts in rows}
