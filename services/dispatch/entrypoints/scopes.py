"""Where a dispatch resource sits, for access checks (services/common/guard.py and
docs/access-control.md).

Area resources answer their area path (codes from the city down), from dispatch's own
copy of the registry's areas: a community its path, an order its community's, a shift
its place's (the grid's path, or for a site its community's), so a grid worker reaches
the shifts at their grid and a community admin every shift of their community.

A unit belongs to an area: the city or district whose organisation pairs it (`area_code`,
given when it is registered; its pairings lie inside it, orders.py). Its volunteers and
figures go with it. Who reaches a unit:
- its coordinator (a token scoped to that unit);
- to read it: a caller whose area holds the unit's area, or a community the unit is
  paired with (or a grid of such a community);
- to change it or its volunteers: its coordinator, an admin whose area holds the unit's
  area, or an integrator whose area holds the unit's area or one of its pairings (another
  system keeping that unit's roster in step).
No role reaches every unit: a city's admin does not reach another city's units. A unit
without an area (kept from before units had one, migration 0004) is its coordinator's
and its pairings' only. Figures of a unit (person-times, understaffed shifts) read by an
area caller are narrowed to the shifts in that caller's area (`shifts_within`).
"""

from __future__ import annotations

from collections.abc import Iterable

from marshmallow import ValidationError
from sqlalchemy import false, func, or_, select, true, union
from sqlalchemy.orm import Session

from services.common.area_paths import array_in_subtree
from services.common.auth import (
    ADMIN,
    CAPTURE,
    INTEGRATE,
    READ,
    VOLUNTEER,
    WRITE,
    Forbidden,
    Principal,
)
from services.common.errors import NotFound
from services.common.guard import UNSCOPED, who
from services.common.web import read_json
from services.dispatch.adapters.models import (
    Attendance,
    Community,
    Grid,
    Pairing,
    Shift,
    Unit,
    Volunteer,
)
from services.dispatch.adapters.places import area_path, unknown_area
from services.dispatch.use_cases.shifts import assigned_to


# -- paths ---------------------------------------------------------------------------------
def community_path(session: Session, code: str) -> list[str] | None:
    community = session.get(Community, code)
    if community is None:
        raise NotFound("community", code)
    return list(community.path) if community.path else None


def place_path(session: Session, community_code: str, place_code: str) -> list[str] | None:
    """A grid's own path; a site's is its community's (a site is no area of the tree)."""
    grid = session.get(Grid, place_code)
    if grid is not None and grid.path:
        return list(grid.path)
    community = session.get(Community, community_code)
    if community is None or not community.path:
        return None
    return list(community.path) + ([place_code] if grid is not None else [])


def _shift(session: Session, key: str) -> Shift:
    row = session.get(Shift, key)
    if row is None:
        raise NotFound("shift", key)
    return row


def _pairing(session: Session, order_id: str) -> Pairing:
    row = session.get(Pairing, order_id)
    if row is None:
        raise NotFound("order", order_id)
    return row


# -- units ---------------------------------------------------------------------------------
def _areas_within(area_code: str):
    """SQL: the codes of the areas at or below area_code that dispatch knows (the tail of
    every community's and grid's path from area_code on)."""
    def tails(model):
        start = func.array_position(model.path, area_code)
        return select(func.unnest(model.path[start:func.cardinality(model.path)])) \
            .where(array_in_subtree(model.path, area_code))
    return union(tails(Community), tails(Grid))


def units_in(area_code: str):
    """SQL: ids of the units whose area lies at or below area_code."""
    return select(Unit.id).where(Unit.area_code.in_(_areas_within(area_code)))


def _communities_within(area_code: str):
    """SQL: codes of the communities in the subtree of area_code, and of the communities
    of its grids (a grid worker's area is below any community)."""
    return union(select(Community.code).where(array_in_subtree(Community.path, area_code)),
                 select(Grid.community_code).where(array_in_subtree(Grid.path, area_code)))


def paired_units(area_code: str):
    """SQL: ids of the units paired with a community in (or above a grid in) the area."""
    return select(Pairing.unit_id).where(
        Pairing.community_code.in_(_communities_within(area_code)))


def _area_rule(caller: Principal, *, write: bool, action: str = READ
               ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(areas whose units the caller reaches, areas whose paired units it reaches), each
    from the grants that may do it: to read (or `action`), every area grant that may;
    to write, an admin's area (the units of it) and an integrator's (those and the units
    paired in it). Judged grant by grant: one grant's role never lends another's area."""
    own_area, paired = [], []
    for grant in caller.grants:
        if grant.area is None:
            continue
        if not write:
            if grant.may(action):
                own_area.append(grant.area)
                paired.append(grant.area)
            continue
        if grant.may(ADMIN) or grant.may(INTEGRATE):
            own_area.append(grant.area)
        if grant.may(INTEGRATE):
            paired.append(grant.area)
    return tuple(dict.fromkeys(own_area)), tuple(dict.fromkeys(paired))


def units_filter(caller: Principal, unit_column):
    """SQL filter of a unit list for the caller: everything (AUTH off); otherwise the OR
    of each grant's reach: a coordinator's unit, an area role's units of its area and
    those paired within it. A caller with no unit and no area grant (a volunteer, a
    request handler) has no unit list: 403, not an empty list."""
    if caller.everywhere:
        return true()
    units = caller.units(READ)
    areas, paired = _area_rule(caller, write=False)
    if not units and not areas:
        raise Forbidden(f"this token holds no unit and no area ({caller.scope_text()})")
    reached = [unit_column.in_(units)] if units else []
    for code in areas:
        reached.append(unit_column.in_(units_in(code)))
    for code in paired:
        reached.append(unit_column.in_(paired_units(code)))
    return or_(*reached)


def reaches_unit(session: Session, caller: Principal, unit_id: str, *, write: bool,
                 action: str | None = None) -> bool:
    """Whether one of the caller's grants reaches the unit (the rules above); `action`
    (default read or write) names what a grant must be able to do, e.g. read_sensitive
    for a reveal."""
    if caller.everywhere:
        return True
    action = action or (WRITE if write else READ)
    if unit_id in caller.units(action):
        return True
    areas, paired = _area_rule(caller, write=write, action=action)
    if areas and session.execute(select(or_(*[
            units_in(code).where(Unit.id == unit_id).exists() for code in areas]))).scalar():
        return True
    return bool(paired) and session.execute(select(or_(*[
        paired_units(code).where(Pairing.unit_id == unit_id).exists()
        for code in paired]))).scalar()


def require_unit(session: Session, caller: Principal, unit_id: str, *, write: bool,
                 action: str | None = None) -> None:
    if not reaches_unit(session, caller, unit_id, write=write, action=action):
        raise Forbidden(f"unit {unit_id} is outside this token's scope "
                        f"({caller.scope_text()})")


def require_units(session: Session, caller: Principal, unit_ids: Iterable[str]) -> None:
    """Every unit a batch writes to (a roster import): one 403 naming all those outside,
    so nothing is half-imported. Unknown units are left to the import's row report."""
    known = set(session.execute(select(Unit.id).where(Unit.id.in_(set(unit_ids)))).scalars())
    outside = sorted(u for u in known if not reaches_unit(session, caller, u, write=True))
    if outside:
        raise Forbidden(f"unit(s) {', '.join(outside)} outside this token's scope "
                        f"({caller.scope_text()})")


def shifts_within(caller: Principal, unit_id: str):
    """SQL filter narrowing a unit's shifts to the caller's areas; true for a caller who
    holds the whole unit (its coordinator, AUTH off)."""
    if caller.everywhere or unit_id in caller.units(READ):
        return true()
    areas = caller.areas(READ)
    if not areas:
        return false()
    return or_(*[condition for code in areas for condition in (
        Shift.community_code.in_(select(Community.code).where(
            array_in_subtree(Community.path, code))),
        Shift.place_code.in_(select(Grid.code).where(array_in_subtree(Grid.path, code))))])


def _unit_resolver(write: bool, unit_of):
    """A resolver that decides by itself: the unit rules above need more than one path
    (any pairing may bring the unit into the caller's area), so it raises Forbidden
    outside and answers UNSCOPED inside. A caller holding an owner-only grant (a
    volunteer) is answered "no place" instead, so the route's own= resolver decides."""
    def resolve(service, request, **path_values):
        caller = who(request)
        with service.store.db.transaction() as session:
            unit_id = unit_of(session, request, **path_values)
            if unit_id is not None and not reaches_unit(session, caller, unit_id,
                                                        write=write):
                if caller.owner_keys():
                    return None
                require_unit(session, caller, unit_id, write=write)
        return UNSCOPED
    return resolve


def _unit_in_path(session: Session, request, unit_id: str) -> str:
    if session.get(Unit, unit_id) is None:
        raise NotFound("unit", unit_id)
    return unit_id


def _unit_of_volunteer(session: Session, request, volunteer_id: str) -> str:
    row = session.get(Volunteer, volunteer_id)
    if row is None:
        raise NotFound("volunteer", volunteer_id)
    return row.unit_id


def _unit_in_body(session: Session, request) -> str | None:
    """None for a unit dispatch does not know: the use case answers 400 'unknown unit',
    as it would for anyone."""
    value = read_json(request).get("unit_id")
    if value is None:
        raise ValidationError({"unit_id": ["Missing data for required field."]})
    if not isinstance(value, str):
        raise ValidationError({"unit_id": ["Not a valid string."]})
    return value if session.get(Unit, value) is not None else None


def body_unit_area(service, request) -> list[str] | object:
    """A new unit's area, from the body: the caller must hold it. An area dispatch does
    not know is a 400 naming `area_code`, as for anyone."""
    value = read_json(request).get("area_code")
    if value is None:
        raise ValidationError({"area_code": ["Missing data for required field."]})
    if not isinstance(value, str):
        raise ValidationError({"area_code": ["Not a valid string."]})
    with service.store.db.transaction() as session:
        path = area_path(session, value)
    if path is None:
        raise ValidationError({"area_code": [unknown_area(value)]})
    return path


unit_read = _unit_resolver(False, _unit_in_path)
unit_write = _unit_resolver(True, _unit_in_path)
volunteer_read = _unit_resolver(False, _unit_of_volunteer)
volunteer_write = _unit_resolver(True, _unit_of_volunteer)
body_unit_write = _unit_resolver(True, _unit_in_body)


# -- area resolvers: (service, request, **path values) → area path ---------------------------
def community(service, request, code: str) -> list[str] | None:
    with service.store.db.transaction() as session:
        return community_path(session, code)


def body_community(service, request) -> list[str] | object | None:
    """A new order's community. One dispatch has not heard of is UNSCOPED: the use case
    answers 400 'unknown community' as it would for anyone."""
    value = read_json(request).get("community_code")
    if value is None:
        raise ValidationError({"community_code": ["Missing data for required field."]})
    if not isinstance(value, str):
        raise ValidationError({"community_code": ["Not a valid string."]})
    with service.store.db.transaction() as session:
        if session.get(Community, value) is None:
            return UNSCOPED
        return community_path(session, value)


def order(service, request, order_id: str) -> list[str] | None:
    with service.store.db.transaction() as session:
        return community_path_or_none(session, _pairing(session, order_id).community_code)


def order_unit(service, request, order_id: str) -> str:
    with service.store.db.transaction() as session:
        return _pairing(session, order_id).unit_id


def shift(service, request, key: str) -> list[str] | None:
    with service.store.db.transaction() as session:
        row = _shift(session, key)
        return place_path(session, row.community_code, row.place_code)


def grid(service, request, code: str) -> list[str] | None:
    """A grid's own path (404 for a grid dispatch has not heard of)."""
    with service.store.db.transaction() as session:
        row = session.get(Grid, code)
        if row is None:
            raise NotFound("grid", code)
        return list(row.path) if row.path else None


def shift_unit(service, request, key: str) -> str:
    with service.store.db.transaction() as session:
        return _shift(session, key).unit_id


def community_path_or_none(session: Session, code: str) -> list[str] | None:
    """An order may name a community dispatch has since lost track of: nobody's area."""
    found = session.get(Community, code)
    return list(found.path) if found is not None and found.path else None


# -- inside use cases ----------------------------------------------------------------------
def require_shift(session: Session, caller: Principal, action: str, key: str) -> None:
    """A second shift a use case touches (a swap's other shift): the same rule as the
    first, the shift's place or its unit."""
    row = _shift(session, key)
    caller.require(action, area_path=place_path(session, row.community_code, row.place_code)
                   or (), unit_id=row.unit_id)


def staff_of_shift(session: Session, caller: Principal, key: str) -> bool:
    """Whether the caller records scans on the shift as its place's staff (capture),
    its unit's coordinator or an admin (write) or another system (integrate), rather than
    only as a volunteer checking themself in (who must show the shift's code)."""
    if caller.everywhere:
        return True
    row = _shift(session, key)
    path = place_path(session, row.community_code, row.place_code) or ()
    for action in (CAPTURE, WRITE, INTEGRATE):
        try:
            caller.require(action, area_path=path, unit_id=row.unit_id)
        except Forbidden:
            continue
        return True
    return False


# -- owners: what a volunteer's token reaches (own= resolvers, guard.py) ---------------------
def volunteer_self(service, request, volunteer_id: str) -> set[tuple[str, str]]:
    """A volunteer's record and shifts are their own."""
    return {(VOLUNTEER, volunteer_id)}


def shift_people(service, request, key: str) -> set[tuple[str, str]]:
    """A shift is its people's: the volunteers on it now."""
    with service.store.db.transaction() as session:
        _shift(session, key)
        return {(VOLUNTEER, volunteer_id) for volunteer_id in assigned_to(session, key)}


def checkin_self(service, request, key: str) -> set[tuple[str, str]]:
    """A scan is its volunteer's own (the body's volunteer_id) on a shift they are on, or
    have checked in on already (to check out after being taken off): a volunteer checks
    themself in, never someone else, and does not step into shifts on their own (their
    coordinator or the place's staff record that)."""
    value = read_json(request).get("volunteer_id")
    if value is None:
        raise ValidationError({"volunteer_id": ["Missing data for required field."]})
    if not isinstance(value, str):
        raise ValidationError({"volunteer_id": ["Not a valid string."]})
    with service.store.db.transaction() as session:
        _shift(session, key)
        if value in assigned_to(session, key) or session.get(Attendance, (key, value)):
            return {(VOLUNTEER, value)}
    return set()
