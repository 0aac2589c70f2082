"""One shift over HTTP: show it, take someone off it, replace or swap people, record
scans."""

from __future__ import annotations

from services.common.audit import source_of
from services.common.auth import WRITE
from services.common.backbone import Backbone
from services.common.guard import who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.dispatch import clock
from services.dispatch.entrypoints import schemas, scopes
from services.dispatch.use_cases.attendance import record_scan
from services.dispatch.use_cases.attendance_corrections import correct_checkin
from services.dispatch.use_cases.people import volunteer_by_id
from services.dispatch.use_cases.replacements import decline, replace
from services.dispatch.use_cases.shifts import shift_by_key, shifts_with_people, volunteer_shifts
from services.dispatch.use_cases.swaps import swap_shifts


def get_shift(backbone: Backbone, request, key: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return shifts_with_people(session, [shift_by_key(session, key)])[0]


def shifts_of_volunteer(backbone: Backbone, request, volunteer_id: str) -> dict:
    """A volunteer's shifts ("my shifts" for the volunteer themself)."""
    args = query_args(request, schemas.VolunteerShiftsQuery())
    since = args["since"] or clock.today()
    with backbone.db.transaction() as session:
        volunteer_by_id(session, volunteer_id)
        return {"volunteer_id": volunteer_id, "since": since,
                "shifts": volunteer_shifts(session, volunteer_id, since)}


def decline_shift(backbone: Backbone, request, key: str) -> dict:
    data = schemas.Decline().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return decline(uow, key, data["volunteer_id"], data["incoming_volunteer_id"],
                       now=clock.now(), tz=clock.tz(), actor=who(request).subject)


def replace_volunteer(backbone: Backbone, request, key: str) -> dict:
    data = schemas.Replace().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return replace(uow, key, data["volunteer_id"], data["replacement_id"],
                       now=clock.now(), tz=clock.tz(), actor=who(request).subject)


def swap_volunteers(backbone: Backbone, request, key: str) -> dict:
    data = schemas.Swap().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        # the other shift changes too: it must be the caller's as much as this one
        scopes.require_shift(uow.session, who(request), WRITE, data["other_shift_key"])
        return swap_shifts(uow, key, data["volunteer_id"], data["other_shift_key"],
                           data["other_volunteer_id"], now=clock.now(), tz=clock.tz(),
                           actor=who(request).subject)


def checkin(backbone: Backbone, request, key: str) -> tuple[int, dict]:
    data = schemas.CheckinInput().load(read_json(request))
    now = clock.now()
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        view, first = record_scan(uow, key, data["volunteer_id"], data["kind"],
                                  data["at"] or now, data["device"] or "api", now=now,
                                  tz=clock.tz(), actor=who(request).subject)
        return (201 if first else 200), view


def correct_attendance(backbone: Backbone, request, key: str) -> tuple[int, dict]:
    data = schemas.AttendanceCorrectionInput().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return 201, correct_checkin(uow, key, data, who(request), source_of(request),
                                    now=clock.now(), tz=clock.tz())
