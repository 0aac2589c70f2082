"""Sites (卡口 checkpoints, 核酸采样点 testing sites, …): places an order may cover besides
the grids. Dispatch keeps them itself; the registry knows only areas.

An order names sites in ``places`` (an order without places still covers every grid and
no site: a checkpoint is staffed only when someone asks for it).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.common.errors import Conflict, NotFound
from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters.models import Community, Grid, Site

SITE_FIELDS = ("name", "kind")


def site_view(site: Site) -> dict:
    return {"site_code": site.code, "community_code": site.community_code,
            "name": site.name, "kind": site.kind, "version": site.version}


def community_by_code(session: Session, code: str) -> Community:
    community = session.get(Community, code)
    if community is None:
        raise NotFound("community", code)
    return community


def list_sites(session: Session, community_code: str) -> list[Site]:
    return list(session.execute(
        select(Site).where(Site.community_code == community_code).order_by(Site.code)
    ).scalars())


def create_site(uow: UnitOfWork, community_code: str, data: dict,
                actor: str | None = None) -> tuple[Site, bool]:
    """Register a site of a known community, by `actor` (an account id). → (site, created).

    The same site sent again (same community, name and kind) changes nothing, so a
    client may retry; the same code with other terms is a conflict. A grid's code is
    refused: a place code must say which place it is.
    """
    session = uow.session
    community_by_code(session, community_code)
    code = data["site_code"]
    if session.get(Grid, code) is not None:
        raise Conflict("site_code", f"{code} is a grid code; give the site a code of its own")
    created = session.execute(
        insert(Site).values(code=code, community_code=community_code, version=1,
                            changed_by=actor, **{k: data[k] for k in SITE_FIELDS})
        .on_conflict_do_nothing().returning(Site.code)).first()
    site = session.execute(select(Site).where(Site.code == code)).scalar_one()
    if created is None:
        same = site.community_code == community_code and all(
            getattr(site, k) == data[k] for k in SITE_FIELDS)
        if not same:
            raise Conflict("site_code", f"site {code} already exists ({site.kind} "
                                        f"{site.name!r} in {site.community_code})")
        return site, False
    uow.events.add("site_registered", site_view(site), code)
    return site, True
