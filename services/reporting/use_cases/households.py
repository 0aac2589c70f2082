"""不漏一户: which households of a grid a campaign has not reached yet."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services.common.errors import Refused
from services.reporting.adapters.models import CampaignHousehold, RegistryHousehold
from services.reporting.use_cases.areas import area_by_code


def not_reached(session: Session, code: str, campaign: str, *, limit: int,
                after: str | None) -> list[dict]:
    """The grid's households not reached in the campaign, with state and attempts (never
    assigned ones included, as `not_assigned`), in code order from after `after`."""
    h, c = RegistryHousehold, CampaignHousehold
    area = area_by_code(session, code)
    if area.level != "grid":
        raise Refused([("code", f"{code} is a {area.level}, not a grid")])
    query = (select(h.code, h.kind, c.state, c.attempts, c.follow_up, c.day)
             .outerjoin(c, (c.household_code == h.code) & (c.campaign_id == campaign))
             .where(h.grid_code == code, or_(c.state.is_(None), c.state != "reached"))
             .order_by(h.code).limit(limit))
    if after:
        query = query.where(h.code > after)
    return [{"household_code": r.code, "kind": r.kind, "state": r.state or "not_assigned",
             "attempts": r.attempts or 0, "follow_up": bool(r.follow_up), "since": r.day}
            for r in session.execute(query).all()]
