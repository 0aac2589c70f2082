"""What people look at: a grid's households in a campaign, the follow-up list, a
volunteer's tasks on a shift (what the phone shows), a household's visits, discrepancies
and hazards. Addresses of dwellings are shown, and on task lists the people registered
at each door with their names masked (李*明) and their tags; names in clear and ID
numbers are not held here.

Lists and figures are narrowed to the caller's part of the area tree (`scope`: the area
codes of their grants, None for everything; `within`: the grids of a campaign the caller
holds, None for all of them). Free text (notes, text answers) is shown only to callers
in scope, and an ID number or mobile number typed into it is masked (`masked_text`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.common.errors import NotFound
from services.common.pii import scrub
from services.visits.adapters.doorsteps import at_the_door, campaigns_brief
from services.visits.adapters.models import (
    OPEN,
    Campaign,
    CampaignHousehold,
    Discrepancy,
    Hazard,
    Household,
    Shift,
    Task,
    Visit,
)
from services.visits.adapters.models import Questionnaire as QuestionnaireRow
from services.visits.adapters.places import grid_within
from services.visits.domain.households import STATES, coverage
from services.visits.domain.questionnaire import (
    TEXT_MAX,
    dump_questionnaire,
    load_questionnaire,
)
from services.visits.domain.tasks import HouseholdSlot, walking_order
from services.visits.use_cases.campaigns import campaign_view as full_campaign_view
from services.visits.use_cases.campaigns import coverage_view as full_coverage_view


def masked_text(value: Any) -> Any:
    """Free text as shown: an ID number or a phone in it masked, and (in answers) any
    value under a key such as `phone` or `name`. Visitors type what residents tell them;
    the figures never need those in clear, and nothing here reveals them."""
    return scrub(value)


def visit_view(visit) -> dict:
    """A visit as stored (an ORM row, a result row or one just captured), its free text
    masked."""
    return {"visit_id": visit.visit_id, "campaign_id": visit.campaign_id,
            "household_code": visit.household_code, "grid_code": visit.grid_code,
            "visitor_id": visit.visitor_id, "recorded_by": visit.recorded_by,
            "shift_key": visit.shift_key,
            "visited_at": visit.visited_at, "day": visit.day, "method": visit.method,
            "outcome": visit.outcome, "attempt": visit.attempt,
            "questionnaire_version": visit.questionnaire_version,
            "answers": masked_text(visit.answers), "people_found": visit.people_found,
            "people_registered": visit.people_registered, "received_at": visit.received_at}


def campaign_view(session: Session, campaign: Campaign, within: list[str] | None) -> dict:
    """A campaign with its figures, counted over `within` (its grids the caller holds)."""
    view = full_campaign_view(session, campaign)
    if within is None:
        return {**view, "figures_within": None}
    counts = dict.fromkeys(STATES, 0)
    counts.update(dict(session.execute(
        select(CampaignHousehold.state, func.count())
        .where(CampaignHousehold.campaign_id == campaign.id,
               CampaignHousehold.grid_code.in_(within))
        .group_by(CampaignHousehold.state)).all()))
    return {**view, "households": sum(counts.values()), "states": counts,
            "coverage": round(coverage(counts), 4), "figures_within": within}


def coverage_view(session: Session, campaign: Campaign, within: list[str] | None) -> dict:
    view = full_coverage_view(session, campaign)
    if within is None:
        return {**view, "figures_within": None}
    grids = [g for g in view["grids"] if g["grid_code"] in set(within)]
    totals = {state: sum(g["states"][state] for g in grids) for state in STATES}
    return {**view, "households": sum(totals.values()), "states": totals,
            "coverage": round(coverage(totals), 4), "grids": grids, "figures_within": within}


def _household_rows(session: Session, *conditions) -> list[dict]:
    rows = session.execute(
        select(CampaignHousehold, Household.address, Household.kind)
        .outerjoin(Household, Household.code == CampaignHousehold.household_code)
        .where(*conditions)
        .order_by(CampaignHousehold.building_code, CampaignHousehold.household_code)).all()
    return [{"household_code": ch.household_code, "grid_code": ch.grid_code,
             "building_code": ch.building_code, "address": address, "kind": kind,
             "state": ch.state, "attempts": ch.attempts, "follow_up": ch.follow_up,
             "version": ch.version, "shift_key": ch.shift_key,
             "volunteer_id": ch.volunteer_id, "last_outcome": ch.last_outcome,
             "last_visit_at": ch.last_visit_at, "reached_at": ch.reached_at}
            for ch, address, kind in rows]


def grid_households(session: Session, campaign_id: str, grid_code: str,
                    state: str | None) -> list[dict]:
    """A grid's households in walking order, each with its building's name and the
    people registered there (masked names, tags): a grid worker's list and 不漏一户."""
    conditions = [CampaignHousehold.campaign_id == campaign_id,
                  CampaignHousehold.grid_code == grid_code]
    if state is not None:
        conditions.append(CampaignHousehold.state == state)
    rows = _household_rows(session, *conditions)
    at_the_door(session, rows)
    return _walked(rows)


def _walked(rows: list[dict]) -> list[dict]:
    """Rows in walking order (domain/tasks.py::walking_order: building, address, code)."""
    order = {s.code: i for i, s in enumerate(walking_order(
        HouseholdSlot(r["household_code"], r["building_code"] or "", r["address"] or "")
        for r in rows))}
    return sorted(rows, key=lambda r: order[r["household_code"]])


def follow_up(session: Session, campaign_id: str, grid_code: str | None,
              within: list[str] | None = None) -> list[dict]:
    conditions = [CampaignHousehold.campaign_id == campaign_id, CampaignHousehold.follow_up]
    if grid_code is not None:
        conditions.append(CampaignHousehold.grid_code == grid_code)
    if within is not None:
        conditions.append(CampaignHousehold.grid_code.in_(within))
    # a phone or video check calls the people of the household: they are named, masked
    return at_the_door(session, _household_rows(session, *conditions))


def shift_tasks(session: Session, shift_key: str, volunteer_id: str | None,
                campaign_id: str | None, *, only: Iterable[str] | None = None,
                door: bool = True) -> dict:
    """The shift's tasks in walking order (building by building), per volunteer (of
    `only`, when given: a volunteer reads their own), each household with its building's
    name, kind, address and residents (masked names, tags), and the campaigns of those
    tasks (`campaigns`: title and questionnaire). `door=False` leaves the households and
    campaigns to the caller (`described`), which reads them once for several shifts."""
    shift = session.get(Shift, shift_key)
    if shift is None:
        raise NotFound("shift", shift_key)
    query = (select(Task, Household.building_code, Household.address, CampaignHousehold)
             .outerjoin(Household, Household.code == Task.household_code)
             .outerjoin(CampaignHousehold,
                        (CampaignHousehold.campaign_id == Task.campaign_id)
                        & (CampaignHousehold.household_code == Task.household_code))
             .where(Task.shift_key == shift_key))
    if volunteer_id is not None:
        query = query.where(Task.volunteer_id == volunteer_id)
    if only is not None:
        query = query.where(Task.volunteer_id.in_(list(only)))
    if campaign_id is not None:
        query = query.where(Task.campaign_id == campaign_id)
    rows = session.execute(query).all()
    # the latest task per household and volunteer (a re-split leaves released ones behind)
    latest: dict[tuple[str, str, str], tuple] = {}
    for task, building, address, ch in rows:
        key = (task.campaign_id, task.volunteer_id, task.household_code)
        if key not in latest or latest[key][0].id < task.id:
            latest[key] = (task, building, address, ch)
    by_volunteer: dict[str, list[dict]] = {}
    slots = {k: HouseholdSlot(k[2], v[1] or "", v[2] or "") for k, v in latest.items()}
    order = {s.code: i for i, s in enumerate(walking_order(slots.values()))}
    for key in sorted(latest, key=lambda k: (k[1], order.get(k[2], 0))):
        task, building, address, ch = latest[key]
        if task.status == "released" and task.close_reason != "shift_ended":
            continue                    # moved to someone else or called off
        by_volunteer.setdefault(task.volunteer_id, []).append({
            "campaign_id": task.campaign_id, "household_code": task.household_code,
            "building_code": building, "address": address, "status": task.status,
            "state": ch.state if ch else None, "attempts": ch.attempts if ch else None,
            "visit_id": task.visit_id})
    answer = {"shift_key": shift.key, "grid_code": shift.place_code, "day": shift.day,
              "half": shift.half, "status": shift.status,
              "volunteers": [{"volunteer_id": v,
                              "open": sum(t["status"] == OPEN for t in ts),
                              "tasks": ts} for v, ts in sorted(by_volunteer.items())]}
    if door:
        described(session, [answer])
    return answer


def described(session: Session, shifts: list[dict]) -> dict[str, dict]:
    """The tasks of several shifts' answers given their households' building names,
    kinds, addresses and residents, in place, with a constant number of queries whatever
    the number of shifts and households; each shift answer gets the `campaigns` of its
    tasks. → every campaign met, by id (a volunteer's answer lists them once)."""
    tasks = [t for s in shifts for v in s["volunteers"] for t in v["tasks"]]
    at_the_door(session, tasks)
    campaigns = campaigns_brief(session, {t["campaign_id"] for t in tasks})
    for s in shifts:
        s["campaigns"] = {cid: campaigns[cid] for cid in sorted(
            {t["campaign_id"] for v in s["volunteers"] for t in v["tasks"]})
            if cid in campaigns}
    return campaigns


def questionnaire_definition(session: Session, questionnaire_id: str, version: int) -> dict:
    """A stored questionnaire version as dump_questionnaire writes it (sections per
    question, options with labels, conditions, required, bounds, whole numbers): what the
    phone renders and validates answers by, the very document visits validates them by.
    Plus `text_max`, the length a text answer may have (a rule of the validator, not of
    the document). No personal data: any signed-in person may read it."""
    row = session.get(QuestionnaireRow, (questionnaire_id, version))
    if row is None:
        raise NotFound("questionnaire", f"{questionnaire_id} version {version}")
    return {**dump_questionnaire(load_questionnaire(row.document)), "text_max": TEXT_MAX}


def household_visits(session: Session, household_code: str) -> list[dict]:
    if session.get(Household, household_code) is None:
        raise NotFound("household", household_code)
    rows = session.execute(select(Visit).where(Visit.household_code == household_code)
                           .order_by(Visit.visited_at, Visit.visit_id)).scalars()
    return [visit_view(v) for v in rows]


def discrepancies(session: Session, *, scope: tuple[str, ...] | None, campaign_id: str | None,
                  grid_code: str | None, status: str | None, limit: int,
                  offset: int) -> list[dict]:
    query = select(Discrepancy)
    if scope is not None:
        query = query.where(grid_within(Discrepancy.grid_code, scope))
    if campaign_id is not None:
        query = query.where(Discrepancy.campaign_id == campaign_id)
    if grid_code is not None:
        query = query.where(Discrepancy.grid_code == grid_code)
    if status is not None:
        query = query.where(Discrepancy.status == status)
    rows = session.execute(query.order_by(Discrepancy.opened_at, Discrepancy.id)
                           .limit(limit).offset(offset)).scalars()
    return [{"discrepancy_id": d.id, "campaign_id": d.campaign_id,
             "household_code": d.household_code, "grid_code": d.grid_code,
             "visit_id": d.visit_id, "people_found": d.people_found,
             "people_registered": d.people_registered, "day": d.day, "status": d.status,
             "resolution": d.resolution, "opened_at": d.opened_at, "closed_at": d.closed_at}
            for d in rows]


def hazards(session: Session, *, scope: tuple[str, ...] | None, campaign_id: str | None,
            grid_code: str | None, severity: str | None, limit: int,
            offset: int) -> list[dict]:
    query = select(Hazard)
    if scope is not None:
        query = query.where(grid_within(Hazard.grid_code, scope))
    if campaign_id is not None:
        query = query.where(Hazard.campaign_id == campaign_id)
    if grid_code is not None:
        query = query.where(Hazard.grid_code == grid_code)
    if severity is not None:
        query = query.where(Hazard.severity == severity)
    rows = session.execute(query.order_by(Hazard.found_at, Hazard.id)
                           .limit(limit).offset(offset)).scalars()
    return [{"hazard_id": h.id, "campaign_id": h.campaign_id,
             "household_code": h.household_code, "grid_code": h.grid_code,
             "visit_id": h.visit_id, "kind": h.kind, "severity": h.severity,
             "note": masked_text(h.note), "day": h.day, "found_at": h.found_at} for h in rows]
