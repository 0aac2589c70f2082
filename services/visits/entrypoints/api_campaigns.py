"""Campaigns over HTTP: create (JSON or a YAML/JSON file), read, list, end; coverage,
a grid's households and the follow-up list. Whoever may read a campaign holds one of its
grids (scopes.campaign); its figures and lists are narrowed to the grids they hold."""

from __future__ import annotations

from sqlalchemy import select

from services.common.backbone import Backbone
from services.common.guard import area_scope, who
from services.common.timers import in_background
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.visits import clock
from services.visits.adapters.doorsteps import campaigns_brief
from services.visits.adapters.models import Campaign
from services.visits.entrypoints import schemas
from services.visits.entrypoints.scopes import campaigns_within, narrowed_grids
from services.visits.use_cases import reads
from services.visits.use_cases.campaigns import (
    campaign_by_id,
    create_campaign,
    end_campaign,
)
from services.visits.use_cases.planning import plan_each
from services.visits.use_cases.tasks import TaskPolicy


def _create(backbone: Backbone, policy: TaskPolicy, data: dict) -> tuple[int, dict]:
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        campaign, created = create_campaign(uow, data, now=clock.now(), today=clock.today())
        # the creator holds every area named (scopes.new_campaign): the whole figures
        answer = (201 if created else 200), reads.campaign_view(uow.session, campaign, None)
    if created:
        # Door_to_door shifts due now get the campaign's tasks after the answer, grid by
        # grid: a street's split took minutes inside the request (the client gave up on a
        # campaign that was created). What this leaves undone, the task sweep does.
        in_background(f"planning campaign {campaign.id}", plan_each, backbone.db,
                      backbone.outbox, list(campaign.grid_codes), now=clock.now(),
                      tz=clock.tz(), policy=policy)
    return answer


def create(backbone: Backbone, policy: TaskPolicy, request) -> tuple[int, dict]:
    return _create(backbone, policy, schemas.CampaignCreate().load(read_json(request)))


def import_file(backbone: Backbone, policy: TaskPolicy, request) -> tuple[int, dict]:
    args = query_args(request, schemas.CampaignImportQuery())
    text = request.get_data(as_text=True)
    return _create(backbone, policy, schemas.parse_campaign_file(text, args["filename"]))


def get(backbone: Backbone, request, campaign_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        campaign = campaign_by_id(session, campaign_id)
        return reads.campaign_view(session, campaign,
                                   narrowed_grids(session, request, campaign.grid_codes))


def list_all(backbone: Backbone, request) -> dict:
    args = query_args(request, schemas.CampaignQuery())
    scope = area_scope(who(request))
    with backbone.db.transaction() as session:
        query = select(Campaign).order_by(Campaign.start.desc(), Campaign.id)
        if args["status"]:
            query = query.where(Campaign.status == args["status"])
        if scope is not None:
            query = query.where(campaigns_within(scope))
        return {"campaigns": [
            reads.campaign_view(session, c, narrowed_grids(session, request, c.grid_codes))
            for c in session.execute(query).scalars()]}


def end(backbone: Backbone, request, campaign_id: str) -> dict:
    data = schemas.CampaignEnd().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        campaign = end_campaign(uow, campaign_id, data["ended_on"], now=clock.now(),
                                tz=clock.tz())
        # the caller holds every area of the campaign (scopes.whole_campaign)
        return reads.campaign_view(uow.session, campaign, None)


def coverage(backbone: Backbone, request, campaign_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        campaign = campaign_by_id(session, campaign_id)
        return reads.coverage_view(session, campaign,
                                   narrowed_grids(session, request, campaign.grid_codes))


def grid_households(backbone: Backbone, request, campaign_id: str, grid_code: str) -> dict:
    args = query_args(request, schemas.HouseholdsQuery())
    with backbone.db.transaction() as session:
        campaign_by_id(session, campaign_id)
        households = reads.grid_households(session, campaign_id, grid_code, args["state"])
        return {"campaign_id": campaign_id, "grid_code": grid_code,
                "households": households,
                "campaigns": campaigns_brief(session, [campaign_id])}


def follow_up(backbone: Backbone, request, campaign_id: str) -> dict:
    args = query_args(request, schemas.FollowUpQuery())
    with backbone.db.transaction() as session:
        campaign = campaign_by_id(session, campaign_id)
        within = narrowed_grids(session, request, campaign.grid_codes)
        return {"campaign_id": campaign_id,
                "households": reads.follow_up(session, campaign_id, args["grid_code"], within)}
