"""The registry's HTTP routes, the one place each is written: method, path, input schemas
and answers, and the service method serving it (`name`: served_by,
services/common/routes.py). The OpenAPI document is built from this table
(docs/architecture.md rule 5)."""

from __future__ import annotations

from services.common.answers import Health
from services.common.routes import Route
from services.registry.entrypoints import answers, schemas

# every route but /health needs a token (401) valid for the action and place (403)
_GUARDED = (401, 403)

_AREA = "/areas/<string:code>"
_GRID = "/grids/<string:code>"
_RESIDENT = "/residents/<int:resident_id>"

ROUTES: tuple[Route, ...] = (
    Route("GET", "/health", "Database and broker reachable (503 when not)", statuses=(200, 503),
          answer=Health, name="health"),
    Route("GET", "/metrics", "Prometheus metrics of the event backbone (text format)",
          name="metrics"),
    Route("POST", "/areas", "Create a city, district, street, community or grid",
          schemas.AreaCreate, statuses=(201, 400, 404, 409) + _GUARDED, answer=answers.Area,
          name="create_area"),
    Route("GET", _AREA, "One area with its path", query=schemas.NoQuery,
          statuses=(200, 404) + _GUARDED, answer=answers.Area, name="get_area"),
    Route("PATCH", _AREA, "Rename an area or change its leader", schemas.AreaUpdate,
          statuses=(200, 400, 404, 409) + _GUARDED, answer=answers.Area, name="update_area"),
    Route("GET", f"{_AREA}/children", "An area and the areas directly under it",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.AreaWithChildren, name="area_children"),
    Route("POST", "/buildings", "Create a building in a grid", schemas.BuildingCreate,
          statuses=(201, 400, 404, 409) + _GUARDED, answer=answers.Building,
          name="create_building"),
    Route("GET", "/buildings/<string:code>", "One building", query=schemas.NoQuery,
          statuses=(200, 404) + _GUARDED, answer=answers.Building, name="get_building"),
    Route("PATCH", "/buildings/<string:code>", "Rename a building", schemas.BuildingUpdate,
          statuses=(200, 400, 404, 409) + _GUARDED, answer=answers.Building,
          name="update_building"),
    Route("GET", f"{_GRID}/buildings", "A grid's buildings with household counts",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.GridBuildings, name="grid_buildings"),
    Route("POST", "/households", "Create a household at an address in a building",
          schemas.HouseholdCreate, statuses=(201, 400, 404, 409) + _GUARDED,
          answer=answers.Household, name="create_household"),
    Route("GET", "/households/<string:code>", "One household with its residents",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.HouseholdWithResidents, name="get_household"),
    Route("PATCH", "/households/<string:code>", "Change a household's kind or address",
          schemas.HouseholdUpdate, statuses=(200, 400, 404, 409) + _GUARDED,
          answer=answers.Household, name="update_household"),
    Route("GET", f"{_GRID}/households",
          "A grid's households with resident and tag counts, and the grid's totals",
          query=schemas.GridHouseholds, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.GridHouseholds, name="grid_households"),
    Route("POST", "/residents", "Register a resident; an ID number already registered "
                                "returns that resident unchanged (200), or 409 when they "
                                "live outside the caller's scope",
          schemas.ResidentCreate, statuses=(201, 200, 400, 404, 409) + _GUARDED,
          answer=answers.Resident, name="create_resident"),
    Route("GET", "/residents", "Search residents by place, tags and statuses, paged",
          query=schemas.ResidentSearch, statuses=(200, 400) + _GUARDED,
          answer=answers.ResidentPage, name="search_residents"),
    Route("POST", "/residents/lookup", "Find a resident by ID number (kept out of URLs)",
          schemas.ResidentLookup, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.Resident, name="lookup_resident"),
    Route("GET", _RESIDENT, "One resident, name, phone and ID number masked; ?reveal=name,"
                            "phone answers those in clear (read_sensitive, audited)",
          query=schemas.ResidentRead, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.Resident, name="get_resident"),
    Route("PATCH", _RESIDENT, "Change a resident's details, tags or statuses",
          schemas.ResidentUpdate, statuses=(200, 400, 404, 409) + _GUARDED,
          answer=answers.Resident, name="update_resident"),
    Route("POST", f"{_RESIDENT}/move", "Move a resident to a household, or out of the area "
                                       "(null); 200 when already there",
          schemas.ResidentMove, statuses=(201, 200, 400, 404, 409) + _GUARDED,
          answer=answers.Moved, name="move_resident"),
    Route("GET", f"{_RESIDENT}/history", "A resident's moves and change trail",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.ResidentHistory, name="resident_history"),
)
