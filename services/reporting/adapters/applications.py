"""The copies behind the volunteer applications' figures (issue 13): dispatch's units and
accounts' applications, each written by one upsert so a redelivered or reordered event
changes nothing it should not.

- A unit keeps the newest version dispatch announced (its area may be set later).
- An application is created by whichever of its two events comes first: `received` fills
  when and on which local day it came, `decided` the outcome; a later decision (by
  `decided_at`) replaces an earlier one, an older one arriving late is ignored.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.reporting.adapters.models import Application, Unit


def apply_unit(session: Session, data: dict) -> None:
    values = {"unit_id": data["unit_id"], "name": data["name"],
              "area_code": data.get("area_code"), "active": data["active"],
              "version": data["version"]}
    stmt = insert(Unit).values(**values)
    session.execute(stmt.on_conflict_do_update(
        index_elements=[Unit.unit_id],
        set_={k: stmt.excluded[k] for k in values if k != "unit_id"},
        where=Unit.version < stmt.excluded.version))


def apply_received(session: Session, data: dict, day: date) -> None:
    stmt = insert(Application).values(application_id=data["application_id"],
                                      unit_id=data["unit_id"], applied_at=data["applied_at"],
                                      applied_day=day)
    session.execute(stmt.on_conflict_do_update(
        index_elements=[Application.application_id],
        set_={"applied_at": stmt.excluded.applied_at,
              "applied_day": stmt.excluded.applied_day},
        where=Application.applied_at.is_(None)))


def apply_decided(session: Session, data: dict, day: date) -> None:
    stmt = insert(Application).values(application_id=data["application_id"],
                                      unit_id=data["unit_id"], outcome=data["outcome"],
                                      decided_at=data["decided_at"], decided_day=day)
    session.execute(stmt.on_conflict_do_update(
        index_elements=[Application.application_id],
        set_={"outcome": stmt.excluded.outcome, "decided_at": stmt.excluded.decided_at,
              "decided_day": stmt.excluded.decided_day},
        where=or_(Application.decided_at.is_(None),
                  Application.decided_at < stmt.excluded.decided_at)))
