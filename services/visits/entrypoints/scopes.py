"""Where a visits resource sits in the area tree, for access checks (services/common/
guard.py; the table is in docs/access-control.md).

Visits answers from its own copy of the registry's areas (each with its path from the
city down), never asking the registry. A household, visit, request or discrepancy sits in
its grid; a shift at its place (a grid); a campaign spans the areas it names:
- to change it (end it, or create it) the caller must hold all of them: the path of
  their nearest common ancestor, which a token covers exactly when it covers every one;
- to read it (and its figures, narrowed) the caller's subtree must hold one of its grids.
A grid visits has not heard of yet is placed at `[grid]`: only a token scoped to that
very grid covers it, never one above it whose path visits cannot check.
A caller may hold several area grants: lists and figures join their subtrees. What the
owner-only roles (volunteers, request handlers) own is answered by owners.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, any_, exists, or_, select
from sqlalchemy.orm import Session

from services.common.errors import NotFound
from services.common.guard import UNSCOPED, area_scope, who
from services.common.web import query_args, read_json
from services.visits.adapters.models import (
    Area,
    Campaign,
    Household,
    Request,
    Shift,
    ShiftVolunteer,
    Visit,
)
from services.visits.adapters.places import grids_within
from services.visits.entrypoints import schemas


# -- paths -----------------------------------------------------------------------------------
def area_path(session: Session, code: str) -> list[str] | None:
    row = session.get(Area, code)
    return list(row.path) if row is not None and row.path else None


def grid_path(session: Session, grid_code: str) -> list[str]:
    return area_path(session, grid_code) or [grid_code]


def common_path(paths: Iterable[list[str]]) -> list[str]:
    """The path of the nearest area holding every one of them (empty: none in common)."""
    paths = list(paths)
    if not paths:
        return []
    shared = list(paths[0])
    for path in paths[1:]:
        n = 0
        while n < min(len(shared), len(path)) and shared[n] == path[n]:
            n += 1
        del shared[n:]
    return shared


def _campaign(session: Session, campaign_id: str) -> Campaign:
    row = session.get(Campaign, campaign_id)
    if row is None:
        raise NotFound("campaign", campaign_id)
    return row


def _campaign_paths(session: Session, campaign: Campaign) -> list[list[str]]:
    """The paths of the areas a campaign names; its grids' if visits lost them."""
    named = [area_path(session, code) for code in campaign.area_codes]
    if all(named):
        return named
    return [grid_path(session, code) for code in campaign.grid_codes]


# -- SQL filters for lists -------------------------------------------------------------------
def campaigns_within(scope: tuple[str, ...]):
    """SQL: campaigns with at least one grid in the subtrees (of the area codes)."""
    codes = list(scope)
    return or_(Campaign.grid_codes.overlap(codes),
               exists().where(and_(Area.code == any_(Campaign.grid_codes), Area.level == "grid",
                                   Area.path.overlap(codes))))


def narrowed_grids(session: Session, request, grid_codes: Iterable[str],
                   scope: tuple[str, ...] | None = None) -> list[str] | None:
    """Which of these grids the caller holds (in any of their subtrees); None when they
    hold them all (nothing to narrow: the figures are the whole campaign's)."""
    scope = scope if scope is not None else area_scope(who(request))
    grid_codes = list(grid_codes)
    if scope is None or not grid_codes:
        return None
    inside = set(session.execute(grids_within(scope).where(Area.code.in_(grid_codes)))
                 .scalars())
    inside.update(code for code in grid_codes if code in scope)
    if inside >= set(grid_codes):
        return None
    return sorted(inside)


# -- reading the body before the use case does ------------------------------------------------
# A body the resolver cannot place (a field missing or of the wrong type) is UNSCOPED: the
# use case's schema then refuses it with every bad field named, and writes nothing.
def _text(data: dict, field: str) -> str | None:
    value = data.get(field)
    return value if isinstance(value, str) and value else None


def _codes(data: dict, field: str) -> list[str]:
    value = data.get(field)
    return [c for c in value if isinstance(c, str)] if isinstance(value, list) else []


def _new_campaign(service, data: dict) -> list[str] | object:
    """The areas a new campaign names, and those of the campaign already holding its id
    (sending it again must not tell an outsider what it is)."""
    codes = _codes(data, "area_codes")
    campaign_id = _text(data, "campaign_id")
    with service.store.db.transaction() as session:
        paths = [p for p in (area_path(session, c) for c in codes) if p]
        existing = session.get(Campaign, campaign_id) if campaign_id else None
        if existing is not None:
            paths += _campaign_paths(session, existing)
    # areas visits does not know: the use case answers 400 naming them, as for anyone
    return common_path(paths) if paths else UNSCOPED


# -- resolvers: (service, request, **path values) → area path -------------------------------
def new_campaign(service, request) -> list[str] | object:
    return _new_campaign(service, read_json(request))


def imported_campaign(service, request) -> list[str] | object:
    """The campaign file is read as the import route reads it (400 for a bad one)."""
    args = query_args(request, schemas.CampaignImportQuery())
    data = schemas.parse_campaign_file(request.get_data(as_text=True), args["filename"])
    return _new_campaign(service, {**data, "area_codes": list(data["area_codes"])})


def whole_campaign(service, request, campaign_id: str) -> list[str]:
    """Ending a campaign: every area it names must be in the subtree."""
    with service.store.db.transaction() as session:
        return common_path(_campaign_paths(session, _campaign(session, campaign_id)))


def campaign(service, request, campaign_id: str) -> list[str]:
    """Reading a campaign: one of its grids in the subtree is enough (the figures are
    narrowed to them); outside, the path of the whole campaign, which fails."""
    scope = area_scope(who(request))
    with service.store.db.transaction() as session:
        row = _campaign(session, campaign_id)
        if scope is None:
            return common_path(_campaign_paths(session, row))
        inside = session.execute(
            grids_within(scope).where(Area.code.in_(list(row.grid_codes))).limit(1)) \
            .scalar_one_or_none()
        if inside is not None:
            return grid_path(session, inside)
        held = [code for code in scope if code in row.grid_codes]
        if held:
            return [held[0]]
        return common_path(_campaign_paths(session, row))


def campaign_grid(service, request, campaign_id: str, grid_code: str) -> list[str]:
    with service.store.db.transaction() as session:
        _campaign(session, campaign_id)
        path = area_path(session, grid_code)
        if path is None:
            raise NotFound("grid", grid_code)
        return path


def household(service, request, code: str) -> list[str]:
    with service.store.db.transaction() as session:
        row = session.get(Household, code)
        if row is None:
            raise NotFound("household", code)
        return grid_path(session, row.grid_code)


def visit(service, request, visit_id: str) -> list[str]:
    """The grid its household is in now (where its visits are read), else where it was."""
    with service.store.db.transaction() as session:
        row = session.get(Visit, visit_id)
        if row is None:
            raise NotFound("visit", visit_id)
        found = session.get(Household, row.household_code)
        return grid_path(session, found.grid_code if found is not None else row.grid_code)


def visited_household(service, request) -> list[str] | object:
    """POST /visits: the household in the body. One visits does not know is UNSCOPED: the
    use case answers 400 'unknown household' as it would for anyone."""
    code = _text(read_json(request), "household_code")
    if code is None:
        return UNSCOPED
    with service.store.db.transaction() as session:
        row = session.get(Household, code)
        return UNSCOPED if row is None else grid_path(session, row.grid_code)


def new_request(service, request) -> list[str] | object:
    """POST /requests: the household's grid, else the grid named. Unknown ones are UNSCOPED
    (the use case answers 400); a household and a grid that disagree as well."""
    data = read_json(request)
    code, grid = _text(data, "household_code"), _text(data, "grid_code")
    with service.store.db.transaction() as session:
        if code is not None:
            row = session.get(Household, code)
            return UNSCOPED if row is None else grid_path(session, row.grid_code)
        if grid is not None:
            return area_path(session, grid) or UNSCOPED
    return UNSCOPED


def resident_request(service, request, request_id: str) -> list[str]:
    with service.store.db.transaction() as session:
        row = session.get(Request, request_id)
        if row is None:
            raise NotFound("request", request_id)
        return grid_path(session, row.grid_code)


def shift_row(session: Session, key: str) -> Shift:
    row = session.get(Shift, key)
    if row is None:
        raise NotFound("shift", key)
    return row


def shift_path(session: Session, row: Shift) -> list[str]:
    """A door_to_door shift's place is a grid; one visits has not heard of yet (or a site)
    is placed under its community."""
    place = session.get(Area, row.place_code)
    if place is not None and place.path:
        return list(place.path)
    return (area_path(session, row.community_code) or []) + [row.place_code]


def shift(service, request, key: str) -> list[str]:
    with service.store.db.transaction() as session:
        return shift_path(session, shift_row(session, key))


def shift_unit(service, request, key: str) -> str:
    """The unit whose volunteers walk the shift: its coordinator reads their tasks."""
    with service.store.db.transaction() as session:
        return shift_row(session, key).unit_id


def volunteer_unit(service, request, volunteer_id: str) -> str | None:
    """The unit whose shifts the volunteer walks (their latest one's): its coordinator
    reads their tasks. None when visits has them on no shift: nobody's unit."""
    with service.store.db.transaction() as session:
        return session.execute(
            select(Shift.unit_id).join(ShiftVolunteer, ShiftVolunteer.shift_key == Shift.key)
            .where(ShiftVolunteer.volunteer_id == volunteer_id)
            .order_by(Shift.day.desc()).limit(1)).scalar_one_or_none()
