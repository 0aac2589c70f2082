"""Where a registry resource sits in the area tree, for access checks (services/common/
guard.py): each resolver answers the '/'-joined path of the area that holds it.

A resident belongs to the grid of their household; one who moved out of the area to
the grid they left last, so whoever kept them can still find them.
"""

from __future__ import annotations

from marshmallow import ValidationError
from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.orm import Session, aliased

from services.common.area_paths import in_subtree
from services.common.auth import ADMIN
from services.common.errors import NotFound
from services.common.guard import UNSCOPED, who
from services.common.web import read_json
from services.registry.adapters.models import Area, Building, Household, Resident, ResidentMove
from services.registry.use_cases.lookups import BIGINT_MAX


def _path(service, query, what: str, key) -> str:
    with service.store.db.transaction() as session:
        path = session.execute(query).scalar_one_or_none()
    if path is None:
        raise NotFound(what, key)
    return path


def _body_code(request, field: str) -> str:
    """The code a new resource is placed under, read before the use case validates the
    rest, with the same answers it would give."""
    value = read_json(request).get(field)
    if value is None:
        raise ValidationError({field: ["Missing data for required field."]})
    if not isinstance(value, str):
        raise ValidationError({field: ["Not a valid string."]})
    return value


def _grid_path_of_building(code: str):
    return select(Area.path).join(Building, Building.grid_id == Area.id) \
        .where(Building.code == code)


def _grid_path_of_household(code: str):
    return select(Area.path).join(Household, Household.grid_id == Area.id) \
        .where(Household.code == code)


# -- resolvers: (service, request, **path values) → area path -----------------------------
def area(service, request, code: str) -> str:
    return _path(service, select(Area.path).where(Area.code == code), "area", code)


def grid(service, request, code: str) -> str:
    return _path(service, select(Area.path).where(Area.code == code, Area.level == "grid"),
                 "grid", code)


def building(service, request, code: str) -> str:
    return _path(service, _grid_path_of_building(code), "building", code)


def household(service, request, code: str) -> str:
    return _path(service, _grid_path_of_household(code), "household", code)


def resident(service, request, resident_id: int) -> str | None:
    if resident_id > BIGINT_MAX:
        raise NotFound("resident", resident_id)
    with service.store.db.transaction() as session:
        found = session.get(Resident, resident_id)
        if found is None:
            raise NotFound("resident", resident_id)
        return resident_path(session, found)


def new_area(service, request) -> str | object:
    """A new area is written into its parent's subtree; a new top-level area (a city)
    lies in nobody's subtree and needs the admin action."""
    parent = read_json(request).get("parent_code")
    if parent is None:
        who(request).require(ADMIN)
        return UNSCOPED
    if not isinstance(parent, str):
        raise ValidationError({"parent_code": ["Not a valid string."]})
    return _path(service, select(Area.path).where(Area.code == parent), "area", parent)


def body_grid(service, request) -> str:
    code = _body_code(request, "grid_code")
    # any level: the use case answers 409 for a code that is not a grid
    return _path(service, select(Area.path).where(Area.code == code), "grid", code)


def body_building(service, request) -> str:
    code = _body_code(request, "building_code")
    return _path(service, _grid_path_of_building(code), "building", code)


def body_household(service, request) -> str:
    code = _body_code(request, "household_code")
    return _path(service, _grid_path_of_household(code), "household", code)


# -- inside use cases ---------------------------------------------------------------------
def _last_left_grid(resident_id_column):
    """SQL: the grid of the household a resident left most recently."""
    left = aliased(Household)
    return (select(left.grid_id)
            .join(ResidentMove, ResidentMove.from_household_id == left.id)
            .where(ResidentMove.resident_id == resident_id_column)
            .order_by(ResidentMove.moved_on.desc(), ResidentMove.id.desc())
            .limit(1).correlate(Resident).scalar_subquery())


def resident_path(session: Session, person: Resident) -> str | None:
    """None: never housed here, so in nobody's subtree."""
    if person.household_id is not None:
        grid_id = session.execute(select(Household.grid_id)
                                  .where(Household.id == person.household_id)).scalar_one()
    else:
        grid_id = session.execute(select(_last_left_grid(person.id))).scalar_one_or_none()
    if grid_id is None:
        return None
    return session.execute(select(Area.path).where(Area.id == grid_id)).scalar_one()


def root_path(session: Session, area_code: str) -> str | None:
    return session.execute(select(Area.path).where(Area.code == area_code)).scalar_one_or_none()


def residents_within(root: str | None, current_area):
    """SQL filter for a resident search joined to the current grid as `current_area`:
    residents living in the subtree, or moved out of the area from a grid in it."""
    if root is None:  # the token names an area the registry does not have
        return false()
    left = aliased(Area)
    moved_out_from_here = exists(
        select(left.id).where(left.id == _last_left_grid(Resident.id),
                              in_subtree(left.path, root)))
    return or_(in_subtree(current_area.path, root),
               and_(Resident.household_id.is_(None), moved_out_from_here))


def search_within(session: Session, scope: tuple[str, ...] | None) -> list:
    """A resident search narrowed to the caller's subtrees (`scope`: the area codes of its
    grants, None: everywhere), so a grid worker searching the whole city finds their
    grid's residents, not a 403. Several grants: residents of any of them."""
    if scope is None:
        return []
    return [or_(false(), *(residents_within(root_path(session, code), Area)
                           for code in scope))]
