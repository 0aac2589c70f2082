"""Who may grant what (issue 13: "nobody can grant a role or a scope wider than their
own"). A grant is a role and its scope: an area code (the subtree below it) or a unit id.

- A `city_admin` grants any role whose scope lies in their subtree: an area inside it, or
  a unit whose area (the city or district that pairs it, from dispatch) is inside it.
  Only a city admin grants `integrator` (service accounts).
- A department is named by its area: `<area code>:<department>` (`4401:housing`), since
  departments of different cities share names; a `request_handler` grant for it is
  given by a city or community admin whose area holds that area code (visits sends a
  request only to a department of an area on the request's grid path). A unit id has no
  colon.
- A `community_admin` grants `grid_worker`, `community_admin`, `report_reader` inside
  their subtree, and `request_handler` for a unit placed inside it or a department of
  an area inside it.
- A `unit_coordinator` grants `volunteer`, `unit_coordinator` and `request_handler` of
  their own unit only.
- Nobody else grants anything. Several grants combine: a wanted grant is allowed when
  any one of the granter's grants allows it.

The rules need the areas' paths and the units' areas; the caller gives them as `Places`
(accounts' copies of the registry's areas and dispatch's units). Plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from services.common.auth import ROLE_ACTIONS

CITY_ADMIN, COMMUNITY_ADMIN, UNIT_COORDINATOR = "city_admin", "community_admin", "unit_coordinator"
VOLUNTEER, REQUEST_HANDLER, INTEGRATOR = "volunteer", "request_handler", "integrator"
# roles whose scope is a unit (or, for a request handler, a department code)
UNIT_SCOPED = frozenset({UNIT_COORDINATOR, VOLUNTEER, REQUEST_HANDLER})
ROLES = tuple(ROLE_ACTIONS)

# what each granting role may hand out (within its scope, below)
GRANTABLE: Mapping[str, frozenset[str]] = {
    CITY_ADMIN: frozenset(ROLES),
    COMMUNITY_ADMIN: frozenset({"grid_worker", COMMUNITY_ADMIN, "report_reader",
                                REQUEST_HANDLER}),
    UNIT_COORDINATOR: frozenset({UNIT_COORDINATOR, VOLUNTEER, REQUEST_HANDLER}),
}


def department_area(unit: str | None) -> str | None:
    """The area code of a department (`<area code>:<department>`); None for a unit id."""
    if not unit or ":" not in unit:
        return None
    return unit.partition(":")[0]


@dataclass(frozen=True)
class Grant:
    role: str
    area: str | None = None
    unit: str | None = None
    volunteer: str | None = None

    def as_claim(self) -> dict:
        claim = {"role": self.role}
        for name in ("area", "unit", "volunteer"):
            if getattr(self, name):
                claim[name] = getattr(self, name)
        return claim

    def describe(self) -> str:
        return f"{self.role} ({'area ' + self.area if self.area else 'unit ' + str(self.unit)})"


@dataclass(frozen=True)
class Places:
    """What the rules need to know of the places grants name: area code → path (city
    first); unit id → its area code (None: dispatch gave it none); volunteer id → unit."""

    areas: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    units: Mapping[str, str | None] = field(default_factory=dict)
    volunteers: Mapping[str, str] = field(default_factory=dict)

    def unit_path(self, unit_id: str | None) -> tuple[str, ...] | None:
        area = self.units.get(unit_id) if unit_id else None
        return self.areas.get(area) if area else None


def shape_problems(grant: Grant, places: Places, prefix: str = "") -> list[tuple[str, str]]:
    """What is wrong with a grant whoever gives it: an unknown role, the wrong kind of
    scope, a place accounts has not heard of."""
    role = grant.role
    if role not in ROLE_ACTIONS:
        return [(f"{prefix}role", f"must be one of {', '.join(ROLES)}")]
    if role in UNIT_SCOPED:
        if not grant.unit or grant.area:
            return [(f"{prefix}unit", f"a {role} grant names a unit (and no area)")]
    elif not grant.area or grant.unit:
        return [(f"{prefix}area", f"a {role} grant names an area code (and no unit)")]
    if (role == VOLUNTEER) != bool(grant.volunteer):
        return [(f"{prefix}volunteer", "a volunteer grant, and only it, names the "
                                       "volunteer's id in dispatch")]
    if grant.area and grant.area not in places.areas:
        return [(f"{prefix}area", f"unknown area {grant.area} (accounts knows the areas "
                                  "the registry announced)")]
    if role == REQUEST_HANDLER and ":" in grant.unit:
        area, _, department = grant.unit.partition(":")
        if not area or not department or ":" in department:
            return [(f"{prefix}unit", "a department is named <area code>:<department>, "
                                      "e.g. 4401:housing")]
        if area not in places.areas:
            return [(f"{prefix}unit", f"unknown area {area} of department {grant.unit} "
                                      "(accounts knows the areas the registry announced)")]
    elif role in UNIT_SCOPED and grant.unit not in places.units:
        hint = "; a department is named <area code>:<department>" \
            if role == REQUEST_HANDLER else ""
        return [(f"{prefix}unit", f"unknown unit {grant.unit} (accounts knows the units "
                                  f"dispatch announced{hint})")]
    if role == VOLUNTEER:
        unit = places.volunteers.get(grant.volunteer)
        if unit is None:
            return [(f"{prefix}volunteer", f"unknown volunteer {grant.volunteer}")]
        if unit != grant.unit:
            return [(f"{prefix}volunteer", f"volunteer {grant.volunteer} is not a member "
                                           f"of unit {grant.unit}")]
    return []


def _one_allows(granter: Grant, wanted: Grant, places: Places) -> bool:
    if wanted.role not in GRANTABLE.get(granter.role, frozenset()):
        return False
    if granter.unit is not None:                   # a unit coordinator: their unit only
        return wanted.unit == granter.unit
    if wanted.area is not None:
        path = places.areas.get(wanted.area)
        return path is not None and granter.area in path
    department = department_area(wanted.unit) if wanted.role == REQUEST_HANDLER else None
    if department is not None:
        # a department of an area inside the granter's subtree
        path = places.areas.get(department)
        return path is not None and granter.area in path
    if wanted.unit in places.units:
        path = places.unit_path(wanted.unit)
        return path is not None and granter.area in path
    return False


def may_grant(granters: Iterable[Grant], wanted: Grant, places: Places) -> bool:
    return any(_one_allows(g, wanted, places) for g in granters)


def grant_refusal(granters: Sequence[Grant], wanted: Grant, places: Places) -> str | None:
    """None when one of `granters` may give `wanted`; else why not (for a 403)."""
    if may_grant(granters, wanted, places):
        return None
    held = ", ".join(g.describe() for g in granters) or "no grants"
    return f"{wanted.describe()} is beyond what these grants may give: {held}"


def manages(granters: Sequence[Grant], target: Sequence[Grant], places: Places) -> bool:
    """Whether the granter may lock, unlock, disable or enable a person holding `target`:
    they could have given every one of its grants (so nobody locks out someone above
    them). A person holding no grant is managed by city admins only."""
    if not target:
        return any(g.role == CITY_ADMIN for g in granters)
    return all(may_grant(granters, wanted, places) for wanted in target)


def sees(granters: Sequence[Grant], target: Sequence[Grant], places: Places) -> bool:
    """Whether a person is listed to the granter: one of their grants lies in what the
    granter may give. A person holding no grant is seen by city admins only."""
    if not target:
        return any(g.role == CITY_ADMIN for g in granters)
    return any(may_grant(granters, wanted, places) for wanted in target)
