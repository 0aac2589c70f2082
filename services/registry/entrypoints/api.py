"""The registry's HTTP use cases, one import for service.py.

Each use case is a plain function over the Backbone (one transaction, events through the
outbox in that same transaction); they live in api_* modules by what they act on.
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
