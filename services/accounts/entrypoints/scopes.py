"""Where an accounts resource sits, for access checks (services/common/guard.py and
docs/access-control.md): a unit's applications lie at the unit (its coordinator) and at
the unit's area, the city or district that pairs it (accounts' copy of dispatch's units
and the registry's areas), so an admin whose area holds it screens them too."""

from __future__ import annotations

from services.accounts.adapters.models import Area, Unit
from services.common.errors import NotFound


def unit_area(service, request, unit_id: str) -> list[str] | None:
    """The path of the unit's area (None: dispatch gave it none, so only its coordinator
    reaches it); NotFound for a unit accounts does not know."""
    with service.store.db.transaction() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("unit", unit_id)
        area = session.get(Area, unit.area_code) if unit.area_code else None
        return list(area.path) if area is not None else None
