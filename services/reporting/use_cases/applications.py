"""Volunteer applications per unit (issue 13): applied, approved, rejected and pending,
read from one row per application (adapters/applications.py) when asked. A unit takes a
few thousand applications at most, so counting them per read costs less than keeping
counters; the per-day figures count an application on the local day it came (applied)
and on the local day it was decided (approved, rejected)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.common.area_paths import in_subtree
from services.common.errors import NotFound
from services.common.vocab import APPLICATION_STATUSES
from services.reporting.adapters.models import Application, Area, Unit

PENDING, *OUTCOMES = APPLICATION_STATUSES      # pending; approved, rejected
# the figures of a unit, in the order _totals selects them
ZERO = dict.fromkeys(("applied", PENDING, *OUTCOMES), 0)


def _totals(session: Session, unit_ids: list[str]) -> dict[str, dict]:
    if not unit_ids:
        return {}
    rows = session.execute(
        select(Application.unit_id, func.count(),
               func.count().filter(Application.outcome.is_(None)),
               *(func.count().filter(Application.outcome == o) for o in OUTCOMES))
        .where(Application.unit_id.in_(unit_ids)).group_by(Application.unit_id))
    return {unit_id: dict(zip(ZERO, counts, strict=True)) for unit_id, *counts in rows}


def _days(session: Session, unit_id: str) -> list[dict]:
    days: dict = {}
    for day, n in session.execute(
            select(Application.applied_day, func.count())
            .where(Application.unit_id == unit_id, Application.applied_day.is_not(None))
            .group_by(Application.applied_day)):
        days.setdefault(day, dict.fromkeys(("applied", *OUTCOMES), 0))["applied"] = n
    for day, outcome, n in session.execute(
            select(Application.decided_day, Application.outcome, func.count())
            .where(Application.unit_id == unit_id, Application.decided_day.is_not(None))
            .group_by(Application.decided_day, Application.outcome)):
        days.setdefault(day, dict.fromkeys(("applied", *OUTCOMES), 0))[outcome] = n
    return [{"day": day, **counts} for day, counts in sorted(days.items())]


def _unit_view(unit: Unit, counts: dict | None) -> dict:
    return {"unit_id": unit.unit_id, "name": unit.name, "area_code": unit.area_code,
            **(counts or ZERO)}


def unit_applications(session: Session, unit_id: str) -> dict:
    """A unit's figures to date and per local day. A unit dispatch has not announced to
    reporting is not found (its applications are kept, and counted once it is)."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("unit", unit_id)
    return {**_unit_view(unit, _totals(session, [unit_id]).get(unit_id)),
            "days": _days(session, unit_id)}


def area_applications(session: Session, area: Area) -> dict:
    """The figures of every unit whose area lies in `area`'s subtree (units belong to a
    city or a district: a street or a community holds none), and their sum."""
    inside = select(Area.code).where(in_subtree(Area.path, area.path))
    units = list(session.execute(select(Unit).where(Unit.area_code.in_(inside))
                                 .order_by(Unit.unit_id)).scalars())
    totals = _totals(session, [u.unit_id for u in units])
    views = [_unit_view(u, totals.get(u.unit_id)) for u in units]
    return {"area_code": area.code,
            **{k: sum(v[k] for v in views) for k in ZERO}, "units": views}
