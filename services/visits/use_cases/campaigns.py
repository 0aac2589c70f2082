"""Campaigns (活动): created with a period, an area and a questionnaire version; every
household of the area's grids is in it, including households registered later."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date, datetime, tzinfo

from sqlalchemy import String, func, literal, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.common.contracts import dump_payload
from services.common.errors import Conflict, NotFound, Refused
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.visits import clock
from services.visits.adapters.models import ACTIVE, ENDED, Campaign, CampaignHousehold, Household
from services.visits.adapters.models import Questionnaire as QuestionnaireRow
from services.visits.adapters.places import grids_under
from services.visits.domain.households import STATES, coverage
from services.visits.domain.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    default_questionnaire,
    dump_questionnaire,
    load_questionnaire,
)
from services.visits.use_cases.tasks import open_tasks, release_tasks

# what defines a campaign: the same id sent again with these unchanged is the same campaign
_DEFINING = ("name", "start", "end", "area_codes", "max_attempts", "per_volunteer")


def campaign_by_id(session: Session, campaign_id: str, *, lock: bool = False) -> Campaign:
    campaign = session.get(Campaign, campaign_id, with_for_update=lock or None)
    if campaign is None:
        raise NotFound("campaign", campaign_id)
    return campaign


def _questionnaire(data: dict | None) -> Questionnaire:
    if data is None:
        return default_questionnaire()
    try:
        return load_questionnaire(data)
    except QuestionnaireError as exc:
        field = f"questionnaire.{exc.path}" if exc.path else "questionnaire"
        raise Refused([(field, exc.reason)]) from None


def _store_questionnaire(session: Session, q: Questionnaire) -> None:
    """Versions are immutable: the same id and version with other questions is refused
    (visits already validated against the stored one would silently change meaning)."""
    document = dump_questionnaire(q)
    session.execute(insert(QuestionnaireRow).values(
        questionnaire_id=q.id, version=q.version, document=document).on_conflict_do_nothing())
    stored = session.get(QuestionnaireRow, (q.id, q.version))
    if stored.document != document:
        raise Conflict("questionnaire.version",
                       f"{q.id} version {q.version} already exists with other questions; "
                       "give the changed questionnaire a new version")


# Campaign creation and households arriving from registry events each read what the other
# writes: under READ COMMITTED, a campaign created while an import batch is uncommitted
# would see no households, and the batch would see no campaign to join (both commit with
# the campaign empty). A transaction-scoped advisory lock orders the two; the statement
# after it sees whichever committed first. Joins take it shared: they only need to exclude
# a campaign being created, not each other (two joins of one household meet on its
# primary key), so the batches of a city import run side by side instead of one after
# the other behind whichever holds it.
_MEMBERSHIP_LOCK = 0x76697369747331  # "visits1"


def _lock_membership(session: Session, *, shared: bool = False) -> None:
    lock = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    session.execute(text(f"select {lock}(:k)"), {"k": _MEMBERSHIP_LOCK})


def create_campaign(uow: UnitOfWork, data: dict, *, now: datetime,
                    today: date) -> tuple[Campaign, bool]:
    """→ (campaign, created). The same campaign sent again is returned unchanged."""
    session = uow.session
    questionnaire = _questionnaire(data.get("questionnaire"))
    campaign_id = data.get("campaign_id") or f"c-{uuid.uuid4().hex[:12]}"
    existing = session.get(Campaign, campaign_id)
    if existing is not None:
        same = all(getattr(existing, k) == (list(data[k]) if k == "area_codes" else data[k])
                   for k in _DEFINING) and \
            (existing.questionnaire_id, existing.questionnaire_version) == \
            (questionnaire.id, questionnaire.version)
        if not same:
            raise Conflict("campaign_id", f"campaign {campaign_id} already exists with "
                                          "other settings")
        return existing, False
    _lock_membership(session)
    problems = []
    if data["end"] < today:
        problems.append(("end", f"{data['end']} is in the past"))
    grids, unknown = grids_under(session, list(data["area_codes"]))
    if unknown:
        problems.append(("area_codes", f"unknown area(s): {', '.join(unknown)}"))
    elif not grids:
        problems.append(("area_codes", "no grid lies in these areas"))
    if problems:
        raise Refused(problems)
    _store_questionnaire(session, questionnaire)
    campaign = Campaign(id=campaign_id, name=data["name"], start=data["start"], end=data["end"],
                        area_codes=list(data["area_codes"]), grid_codes=grids,
                        questionnaire_id=questionnaire.id,
                        questionnaire_version=questionnaire.version,
                        max_attempts=data["max_attempts"],
                        per_volunteer=data.get("per_volunteer"), status=ACTIVE, version=1)
    session.add(campaign)
    session.flush()
    households = session.execute(
        insert(CampaignHousehold).from_select(
            ["campaign_id", "household_code", "grid_code", "building_code", "state"],
            select(literal(campaign_id, String), Household.code, Household.grid_code,
                   Household.building_code, literal("unassigned", String))
            .where(Household.grid_code.in_(grids)))
    ).rowcount
    uow.events.add("campaign_started", {**_payload(campaign), "households": households},
                   subject=campaign_id)
    return campaign, True


def _payload(campaign: Campaign) -> dict:
    return {"campaign_id": campaign.id, "name": campaign.name, "start": campaign.start,
            "end": campaign.end, "area_codes": list(campaign.area_codes),
            "grid_codes": list(campaign.grid_codes),
            "questionnaire_id": campaign.questionnaire_id,
            "questionnaire_version": campaign.questionnaire_version,
            "max_attempts": campaign.max_attempts}


# households listed in one households_joined at most: the size of one registry import
# event, so one event per (campaign, grid) of an import event
JOINED_PER_EVENT = 1000


def join_campaigns(session: Session, outbox: Outbox,
                   households: Iterable[tuple[str, str, str]], now: datetime) -> int:
    """Households registered after a campaign started join every active campaign of their
    grid (unassigned, version 1 of their state), announced per batch: one
    `households_joined` per campaign and grid listing the households (at most
    JOINED_PER_EVENT), not one household_state_changed each (a city import is 362k
    households; per household, their events took longer to write, relay and project than
    the import itself). In two statements whatever the number: the rows and their events
    are computed by PostgreSQL, not one by one."""
    households = list(households)
    if not households:
        return 0
    _lock_membership(session, shared=True)
    grids = sorted({grid for _, grid, _ in households})
    if not session.execute(select(Campaign.id).where(
            Campaign.status == ACTIVE, Campaign.grid_codes.overlap(grids)).limit(1)).first():
        return 0
    # every field the same for each event but the three set per group below
    template = dump_payload(f"{outbox.service}.households_joined", {
        "campaign_id": "", "grid_code": "", "household_codes": [], "state": "unassigned",
        "version": 1, "at": now, "day": clock.local_day(now)})
    events = outbox.insert_select("households_joined", "ev")
    joined = session.execute(text(f"""
        with joined as (
          insert into campaign_households
            (campaign_id, household_code, grid_code, building_code, state)
          select c.id, u.code, u.grid, u.building, 'unassigned'
          from unnest(cast(:codes as text[]), cast(:grids as text[]),
                      cast(:buildings as text[])) as u(code, grid, building)
          join campaigns c on c.status = :active and u.grid = any(c.grid_codes)
          on conflict do nothing
          returning campaign_id, household_code, grid_code),
        numbered as (
          select j.*, (row_number() over (partition by j.campaign_id, j.grid_code
                                          order by j.household_code) - 1) / :per_event
                 as part
          from joined j),
        ev as (
          select gen_random_uuid()::text as event_id, n.grid_code as subject,
                 cast(:template as jsonb) || jsonb_build_object(
                   'campaign_id', n.campaign_id, 'grid_code', n.grid_code,
                   'household_codes', jsonb_agg(n.household_code
                                                order by n.household_code)) as data
          from numbered n
          group by n.campaign_id, n.grid_code, n.part
          order by n.campaign_id, n.grid_code, n.part),
        sent as ({events} returning 1)
        select (select count(*) from joined)"""), {
        "codes": [c for c, _, _ in households], "grids": [g for _, g, _ in households],
        "buildings": [b for _, _, b in households], "active": ACTIVE,
        "per_event": JOINED_PER_EVENT, "template": json.dumps(template),
        **outbox.outbox_params("households_joined")}
    ).scalar_one()
    if joined:
        outbox.written(session)
    return joined


def end_campaign(uow: UnitOfWork, campaign_id: str, ended_on: date | None, *,
                 now: datetime, tz: tzinfo) -> Campaign:
    session = uow.session
    campaign = campaign_by_id(session, campaign_id, lock=True)
    if campaign.status == ENDED:
        return campaign
    ended_on = ended_on or now.astimezone(tz).date()
    if ended_on < campaign.start:
        raise Refused([("ended_on", f"is before the campaign's start {campaign.start}")])
    release_tasks(uow, open_tasks(session, campaign_id=campaign_id), "campaign_ended",
                  now=now, tz=tz)
    campaign.status, campaign.ended_on = ENDED, ended_on
    # visits after the end day are refused; the period is what visits are checked against
    campaign.end = min(campaign.end, ended_on)
    campaign.version += 1
    counts = state_counts(session, campaign_id)
    uow.events.add("campaign_ended", {
        "campaign_id": campaign_id, "ended_on": ended_on,
        "households": sum(counts.values()), "reached": counts["reached"]},
        subject=campaign_id)
    return campaign


# -- reads -------------------------------------------------------------------------------
def state_counts(session: Session, campaign_id: str, grid_code: str | None = None
                 ) -> dict[str, int]:
    query = (select(CampaignHousehold.state, func.count())
             .where(CampaignHousehold.campaign_id == campaign_id)
             .group_by(CampaignHousehold.state))
    if grid_code is not None:
        query = query.where(CampaignHousehold.grid_code == grid_code)
    counts = dict.fromkeys(STATES, 0)
    counts.update(dict(session.execute(query).all()))
    return counts


def campaign_view(session: Session, campaign: Campaign) -> dict:
    counts = state_counts(session, campaign.id)
    return {**_payload(campaign), "status": campaign.status, "ended_on": campaign.ended_on,
            "per_volunteer": campaign.per_volunteer, "version": campaign.version,
            "households": sum(counts.values()), "states": counts,
            "coverage": round(coverage(counts), 4)}


def coverage_view(session: Session, campaign: Campaign) -> dict:
    rows = session.execute(
        select(CampaignHousehold.grid_code, CampaignHousehold.state, func.count(),
               func.count().filter(CampaignHousehold.follow_up))
        .where(CampaignHousehold.campaign_id == campaign.id)
        .group_by(CampaignHousehold.grid_code, CampaignHousehold.state)).all()
    grids: dict[str, dict] = {g: {"states": dict.fromkeys(STATES, 0), "follow_up": 0}
                              for g in campaign.grid_codes}
    for grid, state, n, follow in rows:
        entry = grids.setdefault(grid, {"states": dict.fromkeys(STATES, 0), "follow_up": 0})
        entry["states"][state] = n
        entry["follow_up"] += follow
    out, totals = [], dict.fromkeys(STATES, 0)
    for grid in sorted(grids):
        states = grids[grid]["states"]
        for state, n in states.items():
            totals[state] += n
        out.append({"grid_code": grid, "households": sum(states.values()), "states": states,
                    "follow_up": grids[grid]["follow_up"],
                    "coverage": round(coverage(states), 4)})
    return {"campaign_id": campaign.id, "status": campaign.status,
            "households": sum(totals.values()), "states": totals,
            "coverage": round(coverage(totals), 4), "grids": out}
