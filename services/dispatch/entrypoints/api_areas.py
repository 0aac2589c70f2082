"""Communities: dispatch's copy of them and their grids (read-only: it follows the
registry), and their sites (dispatch's own: checkpoints, testing sites)."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from services.common.area_paths import array_in_subtree
from services.common.backbone import Backbone
from services.common.errors import NotFound
from services.common.guard import area_scope, who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.dispatch import clock
from services.dispatch.adapters.areas import community_grids
from services.dispatch.adapters.models import Community, Grid, Shift
from services.dispatch.entrypoints import schemas
from services.dispatch.use_cases import reports, sites


def _community_view(c: Community, grids: list[str], site_views: list[dict]) -> dict:
    return {"code": c.code, "name": c.name, "parent_code": c.parent_code,
            "version": c.version, "grids": grids, "sites": site_views}


def list_communities(backbone: Backbone, request) -> dict:
    """Narrowed to the caller's area (a unit's token: 403, it has no place in the tree)."""
    query_args(request, schemas.NoQuery())
    scope = area_scope(who(request))
    query = select(Community).order_by(Community.code)
    if scope is not None:
        # one subtree per area grant: communities in any of them
        query = query.where(or_(*[array_in_subtree(Community.path, code) for code in scope]))
    with backbone.db.transaction() as session:
        counts = dict(session.execute(select(Grid.community_code, func.count())
                                      .group_by(Grid.community_code)).all())
        rows = session.execute(query).scalars()
        return {"communities": [{"code": c.code, "name": c.name, "version": c.version,
                                 "grids": counts.get(c.code, 0)} for c in rows]}


def get_community(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        community = session.get(Community, code)
        if community is None:
            raise NotFound("community", code)
        return _community_view(community, community_grids(session, code),
                               [sites.site_view(s) for s in sites.list_sites(session, code)])


def create_site(backbone: Backbone, request, code: str) -> tuple[int, dict]:
    data = schemas.SiteCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        site, created = sites.create_site(uow, code, data, actor=who(request).subject)
        return (201 if created else 200), sites.site_view(site)


def list_sites(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        sites.community_by_code(session, code)
        return {"community_code": code,
                "sites": [sites.site_view(s) for s in sites.list_sites(session, code)]}


def community_person_times(backbone: Backbone, request, code: str) -> dict:
    args = query_args(request, schemas.PeriodQuery())
    with backbone.db.transaction() as session:
        if session.get(Community, code) is None:
            raise NotFound("community", code)
        found = reports.grouped_person_times(
            session, [Shift.community_code == code], "unit_id", now=clock.now(),
            tz=clock.tz(), **args)
        return {"community_code": code, **args, "totals": found["totals"],
                "units": [{"unit_id": g.pop("key"), **g} for g in found["groups"]]}
