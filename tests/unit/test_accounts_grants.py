"""Who may grant what (services/accounts/domain/grants.py): nobody beyond their own scope,
several grants combine, unit roles stay in their unit, a volunteer grant names a member."""

from __future__ import annotations

import pytest

from services.accounts.domain.grants import (
    Grant,
    Places,
    grant_refusal,
    manages,
    may_grant,
    sees,
    shape_problems,
)

CITY, DISTRICT, STREET = "4401", "440106", "44010601"
COMMUNITY, OTHER_COMMUNITY = "4401060101", "4401060102"
GRID, OTHER_GRID = "4401060101-G01", "4401060102-G01"
OTHER_CITY = "4402"


def path(*codes: str) -> tuple[str, ...]:
    return codes


PLACES = Places(
    areas={CITY: path(CITY), DISTRICT: path(CITY, DISTRICT),
           STREET: path(CITY, DISTRICT, STREET),
           COMMUNITY: path(CITY, DISTRICT, STREET, COMMUNITY),
           OTHER_COMMUNITY: path(CITY, DISTRICT, STREET, OTHER_COMMUNITY),
           GRID: path(CITY, DISTRICT, STREET, COMMUNITY, GRID),
           OTHER_GRID: path(CITY, DISTRICT, STREET, OTHER_COMMUNITY, OTHER_GRID),
           OTHER_CITY: path(OTHER_CITY)},
    units={"U1": DISTRICT, "U2": OTHER_CITY, "U3": None},
    volunteers={"V1": "U1", "V2": "U2"})

city_admin = Grant("city_admin", area=CITY)
community_admin = Grant("community_admin", area=COMMUNITY)
coordinator = Grant("unit_coordinator", unit="U1")


@pytest.mark.parametrize("wanted", [
    Grant("city_admin", area=CITY), Grant("community_admin", area=COMMUNITY),
    Grant("grid_worker", area=OTHER_GRID), Grant("integrator", area=DISTRICT),
    Grant("report_reader", area=STREET), Grant("unit_coordinator", unit="U1"),
    Grant("volunteer", unit="U1", volunteer="V1"),
    Grant("request_handler", unit="U1"), Grant("request_handler", unit="4401:housing"),
    Grant("request_handler", unit=f"{COMMUNITY}:health"),
])
def test_a_city_admin_grants_any_role_inside_their_city(wanted):
    assert may_grant([city_admin], wanted, PLACES)


@pytest.mark.parametrize("wanted", [
    Grant("city_admin", area=OTHER_CITY), Grant("grid_worker", area=OTHER_CITY),
    Grant("unit_coordinator", unit="U2"),             # a unit of another city
    Grant("unit_coordinator", unit="U3"),             # a unit without a known area
    Grant("grid_worker", area="4403-unknown"),        # a place accounts does not know
    Grant("request_handler", unit="4402:housing"),    # another city's department
    Grant("request_handler", unit="D-housing"),       # no area: a unit accounts lacks
])
def test_nobody_grants_beyond_their_own_subtree(wanted):
    assert not may_grant([city_admin], wanted, PLACES)
    assert grant_refusal([city_admin], wanted, PLACES).startswith(wanted.describe())


def test_a_community_admin_grants_community_roles_in_their_community_only():
    for role in ("grid_worker", "community_admin", "report_reader"):
        assert may_grant([community_admin], Grant(role, area=GRID), PLACES)
        assert may_grant([community_admin], Grant(role, area=COMMUNITY), PLACES)
        assert not may_grant([community_admin], Grant(role, area=OTHER_GRID), PLACES)
        # wider than their own: the street above
        assert not may_grant([community_admin], Grant(role, area=STREET), PLACES)
    for role in ("city_admin", "integrator"):
        assert not may_grant([community_admin], Grant(role, area=GRID), PLACES)
    # units are paired at district level: beyond a community admin
    assert not may_grant([community_admin], Grant("unit_coordinator", unit="U1"), PLACES)
    assert not may_grant([community_admin], Grant("request_handler", unit="U1"), PLACES)
    # departments are named by their area: their community's, never one above or beside
    assert may_grant([community_admin], Grant("request_handler", unit=f"{COMMUNITY}:health"),
                     PLACES)
    assert may_grant([community_admin], Grant("request_handler", unit=f"{GRID}:x"), PLACES)
    for elsewhere in ("4401:housing", f"{OTHER_COMMUNITY}:health", "4402:housing"):
        assert not may_grant([community_admin], Grant("request_handler", unit=elsewhere),
                             PLACES), elsewhere


def test_a_unit_coordinator_grants_their_unit_s_roles_of_their_unit_only():
    assert may_grant([coordinator], Grant("volunteer", unit="U1", volunteer="V1"), PLACES)
    assert may_grant([coordinator], Grant("unit_coordinator", unit="U1"), PLACES)
    assert may_grant([coordinator], Grant("request_handler", unit="U1"), PLACES)
    assert not may_grant([coordinator], Grant("request_handler", unit="440106:housing"),
                         PLACES)
    assert not may_grant([coordinator], Grant("volunteer", unit="U2", volunteer="V2"),
                         PLACES)
    assert not may_grant([coordinator], Grant("grid_worker", area=GRID), PLACES)


@pytest.mark.parametrize("granter", [
    Grant("grid_worker", area=CITY), Grant("report_reader", area=CITY),
    Grant("integrator", area=CITY), Grant("volunteer", unit="U1", volunteer="V1"),
    Grant("request_handler", unit="U1"),
])
def test_other_roles_grant_nothing(granter):
    assert not may_grant([granter], Grant("grid_worker", area=GRID), PLACES)
    assert not may_grant([granter], Grant("volunteer", unit="U1", volunteer="V1"), PLACES)


def test_several_grants_combine():
    both = [community_admin, coordinator]
    assert may_grant(both, Grant("grid_worker", area=GRID), PLACES)
    assert may_grant(both, Grant("volunteer", unit="U1", volunteer="V1"), PLACES)
    assert not may_grant(both, Grant("grid_worker", area=OTHER_GRID), PLACES)
    assert not may_grant([community_admin], Grant("volunteer", unit="U1", volunteer="V1"),
                         PLACES)


def test_a_volunteer_grant_names_a_member_of_its_unit():
    assert shape_problems(Grant("volunteer", unit="U1", volunteer="V1"), PLACES) == []
    assert shape_problems(Grant("volunteer", unit="U1", volunteer="V2"), PLACES) == [
        ("volunteer", "volunteer V2 is not a member of unit U1")]
    assert shape_problems(Grant("volunteer", unit="U1"), PLACES)[0][0] == "volunteer"
    assert shape_problems(Grant("volunteer", unit="U1", volunteer="V9"), PLACES) == [
        ("volunteer", "unknown volunteer V9")]
    assert shape_problems(Grant("unit_coordinator", unit="U1", volunteer="V1"),
                          PLACES)[0][0] == "volunteer"


def test_a_grant_names_the_scope_its_role_takes():
    assert shape_problems(Grant("grid_worker", unit="U1"), PLACES)[0][0] == "area"
    assert shape_problems(Grant("unit_coordinator", area=CITY), PLACES)[0][0] == "unit"
    assert shape_problems(Grant("superuser", area=CITY), PLACES)[0][0] == "role"
    assert shape_problems(Grant("grid_worker", area="nowhere"), PLACES, "grants.0.") == [
        ("grants.0.area", "unknown area nowhere (accounts knows the areas the registry "
                          "announced)")]
    # a department is <area code>:<department> of a known area; anything else is a unit
    # id, which must be known (a unit id has no colon)
    assert shape_problems(Grant("request_handler", unit="4401:housing"), PLACES) == []
    for wrong in ("D-housing", "9999:housing", ":housing", "4401:", "4401:a:b"):
        problems = shape_problems(Grant("request_handler", unit=wrong), PLACES)
        assert [f for f, _ in problems] == ["unit"], wrong
    assert "<area code>:<department>" in shape_problems(
        Grant("request_handler", unit="D-housing"), PLACES)[0][1]
    assert shape_problems(Grant("unit_coordinator", unit="U9"), PLACES)[0][0] == "unit"


def test_managing_a_person_needs_every_one_of_their_grants():
    secretary = [Grant("community_admin", area=COMMUNITY), Grant("grid_worker", area=GRID)]
    assert manages([community_admin], secretary, PLACES)
    above = [Grant("grid_worker", area=GRID), Grant("city_admin", area=CITY)]
    assert not manages([community_admin], above, PLACES)
    assert sees([community_admin], above, PLACES)            # listed, not managed
    assert not sees([community_admin], [Grant("grid_worker", area=OTHER_GRID)], PLACES)
    # nobody but a city admin reaches a person holding no grant
    assert manages([city_admin], [], PLACES) and sees([city_admin], [], PLACES)
    assert not manages([community_admin], [], PLACES)
    assert not sees([coordinator], [], PLACES)
