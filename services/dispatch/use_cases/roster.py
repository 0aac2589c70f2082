"""Roster import (花名册): volunteers from a CSV or XLSX file, with a row-level report.

Valid rows are created or updated in one transaction (events with cause import:<id>),
and the units' understaffed shifts are staffed again with the new people;
every invalid row is reported as (row, column, reason) and changes nothing. With
``dry_run`` nothing is written: the report says what an import would do.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from services.common.unit_of_work import UnitOfWork
from services.dispatch import clock
from services.dispatch.adapters.locks import lock_units
from services.dispatch.adapters.models import Unit, Volunteer
from services.dispatch.domain.roster_rows import Parsed
from services.dispatch.use_cases.people import enrol_volunteer
from services.dispatch.use_cases.refills import refill_understaffed


def import_roster(uow: UnitOfWork, parsed: Parsed, *, dry_run: bool = False,
                  actor: str | None = None) -> dict:
    """`actor`: the account importing the file, recorded on each row it writes."""
    session, import_id = uow.session, uuid.uuid4().hex[:12]
    wanted = {v["unit_id"] for _n, v in parsed.rows}
    units = set(session.execute(select(Unit.id).where(Unit.id.in_(wanted))).scalars())
    before = dict(session.execute(select(Volunteer.id, Volunteer.version).where(
        Volunteer.id.in_([v["volunteer_id"] for _n, v in parsed.rows]))).all())
    if not dry_run:
        # every unit of the file at once, in order (adapters/locks.py), not row by row in the
        # file's order, which two imports or an import and an order could take crosswise
        lock_units(session, units)
    errors, counts = list(parsed.errors), {"created": 0, "updated": 0, "unchanged": 0}
    refill: set[str] = set()
    for number, volunteer in parsed.rows:
        if volunteer["unit_id"] not in units:
            errors.append({"row": number, "column": parsed.titles.get("unit_id", "unit"),
                           "reason": f"unknown unit {volunteer['unit_id']}"})
            continue
        if dry_run:
            counts["updated" if volunteer["volunteer_id"] in before else "created"] += 1
            continue
        row, created = enrol_volunteer(uow, volunteer, f"import:{import_id}", refill=False,
                                       actor=actor)
        refill.add(row.unit_id)
        if created:
            counts["created"] += 1
        else:
            counts["updated" if row.version != before[row.id] else "unchanged"] += 1
    # once per unit after the last row, not once per row: the new people may fill the
    # unit's understaffed shifts
    for unit_id in sorted(refill):
        refill_understaffed(uow, unit_id, now=clock.now(), tz=clock.tz())
    errors = parsed.sort_errors(errors)
    return {"import_id": import_id, "dry_run": dry_run, "rows_total": parsed.total,
            "rows_imported": sum(counts.values()),
            "rows_rejected": len({e["row"] for e in errors}), **counts, "errors": errors}
