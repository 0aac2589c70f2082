"""Where a reporting resource sits in the area tree, for access checks (services/common/
guard.py). Reporting keeps its own copy of the area tree from the registry's events, with
each area's '/'-joined path: a resolver answers from it, never asking the registry.

An area reporting has not heard of is a 404 for everyone, as the use case would answer.
"""

from __future__ import annotations

from sqlalchemy import select

from services.common.errors import NotFound
from services.reporting.adapters.models import Area, Unit


def _path(service, code: str, what: str) -> str:
    with service.store.db.transaction() as session:
        path = session.execute(select(Area.path).where(Area.code == code)) \
            .scalar_one_or_none()
    if path is None:
        raise NotFound(what, code)
    return path


# -- resolvers: (service, request, **path values) → area path -----------------------------
def area(service, request, code: str, day: str | None = None) -> str:
    """An area, its figures, and its daily reports (of any `day`)."""
    return _path(service, code, "area")


def grid(service, request, code: str) -> str:
    """Any level: the use case answers 400 for a code that is not a grid, which only a
    caller allowed to read the area should learn."""
    return _path(service, code, "area")


def unit(service, request, unit_id: str) -> str | None:
    """A unit's applications sit at the unit's area (a city or a district, as dispatch
    last announced it): its path from reporting's copy of the tree, else the code alone.
    None when the unit has no area yet: then only its coordinator reaches it (the route's
    `unit=`). A unit reporting has not heard of is a 404 for everyone."""
    with service.store.db.transaction() as session:
        found = session.execute(select(Unit.area_code, Area.path)
                                .outerjoin(Area, Area.code == Unit.area_code)
                                .where(Unit.unit_id == unit_id)).first()
    if found is None:
        raise NotFound("unit", unit_id)
    area_code, path = found
    return path or area_code

