"""The registry's HTTP adapters, one import for service.py.

Each parses its request (schemas.py), opens one transaction (`UnitOfWork.begin` when it
writes), calls a use case of use_cases/ and shapes the answer (views.py); they live in
api_* modules by what they act on, as in the other services.
"""

from services.registry.entrypoints.api_areas import (
    area_children,
    create_area,
    get_area,
    update_area,
)
from services.registry.entrypoints.api_buildings import (
    create_building,
    get_building,
    grid_buildings,
    update_building,
)
from services.registry.entrypoints.api_health import health
from services.registry.entrypoints.api_households import (
    create_household,
    get_household,
    grid_households,
    update_household,
)
from services.registry.entrypoints.api_moves import move_resident, resident_history
from services.registry.entrypoints.api_residents import (
    create_resident,
    get_resident,
    lookup_resident,
    update_resident,
)
from services.registry.entrypoints.api_search import search_residents

__all__ = [
    "area_children", "create_area", "get_area", "update_area",
    "create_building", "get_building", "grid_buildings", "update_building",
    "health",
    "create_household", "get_household", "grid_households", "update_household",
    "move_resident", "resident_history",
    "create_resident", "get_resident", "lookup_resident", "update_resident",
    "search_residents",
]
