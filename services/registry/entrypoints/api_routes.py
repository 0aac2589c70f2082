"""The registry's HTTP routes, each written once: what services/common/routes.py says a
Route holds, including who may call it (docs/access-control.md) and the api_* adapter
its generated entrypoint calls. The OpenAPI document is built from this table
(docs/architecture.md rule 5)."""

from __future__ import annotations

from services.common.auth import READ, WRITE
from services.common.guard import Allow
from services.common.routes import Route, probes
from services.registry.entrypoints import (
    answers,
    api_areas,
    api_buildings,
    api_households,
    api_moves,
    api_residents,
    api_search,
    schemas,
    scopes,
)

# every route but /health needs a token (401) valid for the action and place (403)
_GUARDED = (401, 403)

_AREA = "/areas/<string:code>"
_GRID = "/grids/<string:code>"
_RESIDENT = "/residents/<int:resident_id>"

ROUTES: tuple[Route, ...] = (
    *probes(),
    Route("POST", "/areas", "Create a city, district, street, community or grid",
          schemas.AreaCreate, statuses=(201, 400, 404, 409) + _GUARDED, answer=answers.Area,
          name="create_area",
          serve=api_areas.create_area, access=Allow(WRITE, area=scopes.new_area)),
    Route("GET", _AREA, "One area with its path", query=schemas.NoQuery,
          statuses=(200, 404) + _GUARDED, answer=answers.Area, name="get_area",
          serve=api_areas.get_area, access=Allow(READ, area=scopes.area)),
    Route("PATCH", _AREA, "Rename an area or change its leader", schemas.AreaUpdate,
          statuses=(200, 400, 404, 409) + _GUARDED, answer=answers.Area, name="update_area",
          serve=api_areas.update_area, access=Allow(WRITE, area=scopes.area)),
    Route("GET", f"{_AREA}/children", "An area and the areas directly under it",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.AreaWithChildren, name="area_children",
          serve=api_areas.area_children, access=Allow(READ, area=scopes.area)),
    Route("POST", "/buildings", "Create a building in a grid", schemas.BuildingCreate,
          statuses=(201, 400, 404, 409) + _GUARDED, answer=answers.Building,
          name="create_building",
          serve=api_buildings.create_building, access=Allow(WRITE, area=scopes.body_grid)),
    Route("GET", "/buildings/<string:code>", "One building", query=schemas.NoQuery,
          statuses=(200, 404) + _GUARDED, answer=answers.Building, name="get_building",
          serve=api_buildings.get_building, access=Allow(READ, area=scopes.building)),
    Route("PATCH", "/buildings/<string:code>", "Rename a building", schemas.BuildingUpdate,
          statuses=(200, 400, 404, 409) + _GUARDED, answer=answers.Building,
          name="update_building",
          serve=api_buildings.update_building, access=Allow(WRITE, area=scopes.building)),
    Route("GET", f"{_GRID}/buildings", "A grid's buildings with household counts",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.GridBuildings, name="grid_buildings",
          serve=api_buildings.grid_buildings, access=Allow(READ, area=scopes.grid)),
    Route("POST", "/households", "Create a household at an address in a building",
          schemas.HouseholdCreate, statuses=(201, 400, 404, 409) + _GUARDED,
          answer=answers.Household, name="create_household",
          serve=api_households.create_household, access=Allow(WRITE, area=scopes.body_building)),
    Route("GET", "/households/<string:code>", "One household with its residents",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.HouseholdWithResidents, name="get_household",
          serve=api_households.get_household, access=Allow(READ, area=scopes.household)),
    Route("PATCH", "/households/<string:code>", "Change a household's kind or address",
          schemas.HouseholdUpdate, statuses=(200, 400, 404, 409) + _GUARDED,
          answer=answers.Household, name="update_household",
          serve=api_households.update_household, access=Allow(WRITE, area=scopes.household)),
    Route("GET", f"{_GRID}/households",
          "A grid's households with resident and tag counts, and the grid's totals",
          query=schemas.GridHouseholds, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.GridHouseholds, name="grid_households",
          serve=api_households.grid_households, access=Allow(READ, area=scopes.grid)),
    Route("POST", "/residents", "Register a resident; an ID number already registered "
                                "returns that resident unchanged (200), or 409 when they "
                                "live outside the caller's scope",
          schemas.ResidentCreate, statuses=(201, 200, 400, 404, 409) + _GUARDED,
          answer=answers.Resident, name="create_resident",
          serve=api_residents.create_resident, access=Allow(WRITE, area=scopes.body_household)),
    Route("GET", "/residents", "Search residents by place, tags and statuses, paged",
          query=schemas.ResidentSearch, statuses=(200, 400) + _GUARDED,
          answer=answers.ResidentPage, name="search_residents",
          serve=api_search.search_residents, access=Allow(READ)),
    Route("POST", "/residents/lookup", "Find a resident by ID number (kept out of URLs)",
          schemas.ResidentLookup, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.Resident, name="lookup_resident",
          serve=api_residents.lookup_resident, access=Allow(READ)),
    Route("GET", _RESIDENT, "One resident, name, phone and ID number masked; ?reveal=name,"
                            "phone answers those in clear (read_sensitive, audited)",
          query=schemas.ResidentRead, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.Resident, name="get_resident",
          serve=api_residents.get_resident, access=Allow(READ, area=scopes.resident)),
    Route("PATCH", _RESIDENT, "Change a resident's details, tags or statuses",
          schemas.ResidentUpdate, statuses=(200, 400, 404, 409) + _GUARDED,
          answer=answers.Resident, name="update_resident",
          serve=api_residents.update_resident, access=Allow(WRITE, area=scopes.resident)),
    Route("POST", f"{_RESIDENT}/move", "Move a resident to a household, or out of the area "
                                       "(null); 200 when already there",
          schemas.ResidentMove, statuses=(201, 200, 400, 404, 409) + _GUARDED,
          answer=answers.Moved, name="move_resident",
          serve=api_moves.move_resident, access=Allow(WRITE, area=scopes.resident)),
    Route("GET", f"{_RESIDENT}/history", "A resident's moves and change trail",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.ResidentHistory, name="resident_history",
          serve=api_moves.resident_history, access=Allow(READ, area=scopes.resident)),
)
