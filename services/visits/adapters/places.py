"""Reads of visits' copy of the registry: who is registered where, which grids lie under
an area, and an area's path up the tree; SQL filters of a list to an area's subtree."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from services.common.area_paths import array_in_subtree
from services.visits.adapters.models import Area, Resident


def people_registered(session: Session, household_id: int) -> int:
    return session.execute(select(func.count()).select_from(Resident)
                           .where(Resident.household_id == household_id)).scalar_one()


def grids_under(session: Session, codes: list[str]) -> tuple[list[str], list[str]]:
    """The grids at or below the given area codes → (grid codes, codes not known)."""
    known = set(session.execute(select(Area.code).where(Area.code.in_(codes))).scalars())
    grids = session.execute(
        select(Area.code).where(Area.level == "grid", Area.path.overlap(codes))
        .order_by(Area.code)).scalars()
    return list(grids), [c for c in codes if c not in known]


def area_path(session: Session, code: str) -> list[str]:
    row = session.get(Area, code)
    return list(row.path) if row is not None else [code]


def _codes(scope: str | Iterable[str]) -> list[str]:
    return [scope] if isinstance(scope, str) else list(scope)


def grids_within(scope: str | Iterable[str]):
    """SQL: the codes of the grids in the subtree of `scope` (an area code), or of any of
    several (a caller's area grants: their subtrees joined)."""
    codes = _codes(scope)
    if not codes:
        return select(Area.code).where(false())
    # one code: @> (contains); several: && (overlap): the GIN index serves both
    held = array_in_subtree(Area.path, codes[0]) if len(codes) == 1 else \
        Area.path.overlap(codes)
    return select(Area.code).where(Area.level == "grid", held)


def grid_within(grid_column, scope: str | Iterable[str]):
    """SQL: the grid column lies in the subtree (of one of the codes); a grid not yet in
    visits' copy only for a token scoped to that grid (as entrypoints/scopes.grid_path
    places it)."""
    codes = _codes(scope)
    return or_(grid_column.in_(codes), grid_column.in_(grids_within(codes)))
