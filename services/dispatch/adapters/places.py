"""Where an area code sits, from dispatch's copy of the registry's areas (adapters/areas.py):
what registering a unit in an area and the access checks (entrypoints/scopes.py) read."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.area_paths import array_in_subtree
from services.dispatch.adapters.models import Community, Grid


def area_path(session: Session, code: str) -> list[str] | None:
    """The path of an area (city first, ending with it) as dispatch's copy knows it: from
    any community or grid whose path passes through it. None: dispatch knows no place in
    it (yet)."""
    for model in (Community, Grid):
        path = session.execute(select(model.path).where(array_in_subtree(model.path, code))
                               .limit(1)).scalar()
        if path:
            return list(path[:path.index(code) + 1])
    return None


def unknown_area(code: str) -> str:
    return (f"unknown area {code}: dispatch knows no community or grid in it (the "
            "registry announces areas; register the unit once it has)")
