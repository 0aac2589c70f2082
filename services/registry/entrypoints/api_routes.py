"""The registry's HTTP routes with their input schemas: what an OpenAPI document is built
from (docs/architecture.md rule 5). A unit test checks this table against the service's entrypoints,
so a route added to service.py without an entry here fails the build."""

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
          answer=Health),
    Route("GET", "/metrics", "Prometheus metrics of the event backbone (text format)"),
    Route("POST", "/areas", "Create a city, district, street, community or grid",
          schemas.AreaCreate, statuses=(201, 400, 404, 409) + _GUARDED, answer=answers.Area),
    Route("GET", _AREA, "One area with its path", query=schemas.NoQuery,
          statuses=(200, 404) + _GUARDED, answer=answers.Area),
    Route("PATCH", _AREA, "Rename an area or change its leader", schemas.AreaUpdate,
          statuses=(200, 400, 404, 409) + _GUARDED, answer=answers.Area),
    Route("GET", f"{_AREA}/children", "An area and the areas directly under it",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.AreaWithChildren),
    Route("POST", "/buildings", "Create a building in a grid", schemas.BuildingCreate,
          statuses=(201, 400, 404, 409) + _GUARDED, answer=answers.Building),
    Route("GET", "/buildings/<string:code>", "One building", query=schemas.NoQuery,
          statuses=(200, 404) + _GUARDED, answer=answers.Building),
    Route("PATCH", "/buildings/<string:code>", "Rename a building", schemas.BuildingUpdate,
          statuses=(200, 400, 404, 409) + _GUARDED, answer=answers.Building),
    Route("GET", f"{_GRID}/buildings", "A grid's buildings with household counts",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.GridBuildings),
    Route("POST", "/households", "Create a household at an address in a building",
          schemas.HouseholdCreate, statuses=(201, 400, 404, 409) + _GUARDED,
          answer=answers.Household),
    Route("GET", "/households/<string:code>", "One household with its residents",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.HouseholdWithResidents),
    Route("PATCH", "/households/<string:code>", "Change a household's kind or address",
          schemas.HouseholdUpdate, statuses=(200, 400, 404, 409) + _GUARDED,
          answer=answers.Household),
    Route("GET", f"{_GRID}/households",
          "A grid's households with resident and tag counts, and the grid's totals",
          query=schemas.GridHouseholds, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.GridHouseholds),
    Route("POST", "/residents", "Register a resident; an ID number already registered "
                                "returns that resident unchanged (200), or 409 when they "
                                "live outside the caller's scope",
          schemas.ResidentCreate, statuses=(201, 200, 400, 404, 409) + _GUARDED,
          answer=answers.Resident),
    Route("GET", "/residents", "Search residents by place, tags and statuses, paged",
          query=schemas.ResidentSearch, statuses=(200, 400) + _GUARDED,
          answer=answers.ResidentPage),
    Route("POST", "/residents/lookup", "Find a resident by ID number (kept out of URLs)",
          schemas.ResidentLookup, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.Resident),
    Route("GET", _RESIDENT, "One resident, name, phone and ID number masked; ?reveal=name,"
                            "phone answers those in clear (read_sensitive, audited)",
          query=schemas.ResidentRead, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.Resident),
    Route("PATCH", _RESIDENT, "Change a resident's details, tags or statuses",
          schemas.ResidentUpdate, statuses=(200, 400, 404, 409) + _GUARDED,
          answer=answers.Resident),
    Route("POST", f"{_RESIDENT}/move", "Move a resident to a household, or out of the area "
                                       "(null); 200 when already there",
          schemas.ResidentMove, statuses=(201, 200, 400, 404, 409) + _GUARDED,
          answer=answers.Moved),
    Route("GET", f"{_RESIDENT}/history", "A resident's moves and change trail",
          query=schemas.NoQuery, statuses=(200, 404) + _GUARDED,
          answer=answers.ResidentHistory),
)
