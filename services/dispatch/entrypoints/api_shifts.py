"""One shift over HTTP: show it, take someone off it, replace or swap people, record
scans; its check-in code for its leader, and a volunteer's check-in with that code; a
grid's shifts for its grid workers."""

from __future__ import annotations

from services.common.audit import source_of
from services.common.auth import WRITE
from services.common.backbone import Backbone
from services.common.errors import Refused
from services.common.guard import who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.dispatch import clock
from services.dispatch.domain.checkin_codes import CODE_REQUIRED, NOT_THIS_SHIFT, SERVER_TIME
from services.dispatch.entrypoints import schemas, scopes
from services.dispatch.settings import checkin_code_period_s
from services.dispatch.use_cases.attendance import record_scan
from services.dispatch.use_cases.attendance_corrections import correct_checkin
from services.dispatch.use_cases.checkin_codes import (
    CODE_SOURCE,
    checkin_with_code,
    code_of_shift,
    is_shift_code,
    limiting_wrong_codes,
)
from services.dispatch.use_cases.people import volunteer_by_id
from services.dispatch.use_cases.replacements import decline, replace
from services.dispatch.use_cases.shifts import (
    grid_shifts,
    shift_by_key,
    shifts_with_people,
    volunteer_shifts,
)
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
    """A scan by the shift's key. The place's staff, the unit's coordinator and
    integrators record anyone's, at the time they say; a volunteer admitted only as the
    owner of their own check-in proves they are there with the shift's code, and theirs
    is recorded at the server's time."""
    data = schemas.CheckinInput().load(read_json(request))
    now = clock.now()
    caller = who(request)
    with backbone.db.transaction() as session:
        staff = scopes.staff_of_shift(session, caller, key)
    if staff:
        return _scan(backbone, key, data, data["at"] or now, data["device"] or "api",
                     now, caller.subject)

    def own_checkin() -> tuple[int, dict]:
        problems = []
        with backbone.db.transaction() as session:
            if data["code"] is None:
                problems.append(("code", CODE_REQUIRED))
            elif not is_shift_code(session, key, data["code"], now=now,
                                   period_s=checkin_code_period_s()):
                problems.append(("code", NOT_THIS_SHIFT))
        if data["at"] is not None:
            problems.append(("at", SERVER_TIME))
        if problems:
            raise Refused(problems)
        return _scan(backbone, key, data, now, CODE_SOURCE, now, caller.subject)

    return limiting_wrong_codes(backbone.db, caller.subject, now=now, tz=clock.tz(),
                                attempt=own_checkin)


def _scan(backbone: Backbone, key: str, data: dict, at, source: str, now, actor: str
          ) -> tuple[int, dict]:
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        view, first = record_scan(uow, key, data["volunteer_id"], data["kind"], at, source,
                                  now=now, tz=clock.tz(), actor=actor)
        return (201 if first else 200), view


def checkin_code(backbone: Backbone, request, key: str) -> dict:
    """The code the shift's leader shows now (GET /shifts/<key>/checkin-code)."""
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return code_of_shift(session, key, now=clock.now(), period_s=checkin_code_period_s())


def checkin_by_code(backbone: Backbone, request) -> tuple[int, dict]:
    """A volunteer checks themself in or out with the code (POST /checkins)."""
    data = schemas.CodeCheckin().load(read_json(request))
    caller, now = who(request), clock.now()

    def attempt() -> tuple[int, dict]:
        with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
            view, first = checkin_with_code(
                uow, caller.volunteer_ids, data["code"], data["kind"], data["shift_key"],
                now=now, tz=clock.tz(), period_s=checkin_code_period_s(),
                actor=caller.subject)
            return (201 if first else 200), view

    return limiting_wrong_codes(backbone.db, caller.subject, now=now, tz=clock.tz(),
                                attempt=attempt)


def shifts_of_grid(backbone: Backbone, request, code: str) -> dict:
    """A grid's shifts with everyone's attendance: its grid workers' list."""
    args = query_args(request, schemas.GridShiftsQuery())
    since = args["since"] or clock.today()
    with backbone.db.transaction() as session:
        return {"grid_code": code, "since": since, "days": args["days"],
                "shifts": grid_shifts(session, code, since, args["days"])}


def correct_attendance(backbone: Backbone, request, key: str) -> tuple[int, dict]:
    data = schemas.AttendanceCorrectionInput().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return 201, correct_checkin(uow, key, data, who(request), source_of(request),
                                    now=clock.now(), tz=clock.tz())
