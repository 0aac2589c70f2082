"""Units and volunteers over HTTP: one transaction per request, events in the outbox.

Lists are narrowed to what the caller reaches (scopes.units_filter). Names and phones
are masked; `?reveal=` on one unit or volunteer shows them in clear to a caller with
read_sensitive, and the read is audited in the same transaction (no audit row, no clear
answer).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.common.audit import record_sensitive_read
from services.common.auth import READ_SENSITIVE
from services.common.backbone import Backbone
from services.common.guard import who
from services.common.reveal import requested_reveal
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.dispatch.adapters.models import Unit, Volunteer
from services.dispatch.entrypoints import schemas, scopes
from services.dispatch.use_cases import people


def _reveal_check(session: Session, request, unit_id: str, resource: str, resource_id: str,
                  reveal: tuple[str, ...]) -> None:
    """Before anything is answered in clear: the right to, and the audit row."""
    if not reveal:
        return
    caller = who(request)
    caller.require(READ_SENSITIVE)
    scopes.require_unit(session, caller, unit_id, write=False, action=READ_SENSITIVE)
    record_sensitive_read(session, caller, resource, resource_id, reveal, request)


def create_unit(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.UnitCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        unit = people.create_unit(uow, data, actor=who(request).subject)
        return 201, people.unit_view(unit, 0)


def list_units(backbone: Backbone, request) -> dict:
    query_args(request, schemas.NoQuery())
    reached = scopes.units_filter(who(request), Unit.id)
    with backbone.db.transaction() as session:
        counts = dict(session.execute(select(Volunteer.unit_id, func.count())
                                      .group_by(Volunteer.unit_id)).all())
        units = session.execute(select(Unit).where(reached).order_by(Unit.id)).scalars()
        return {"units": [people.unit_view(u, counts.get(u.id, 0)) for u in units]}


def get_unit(backbone: Backbone, request, unit_id: str) -> dict:
    query_args(request, schemas.UnitRead(), repeatable=("reveal",))
    reveal = requested_reveal(request, people.UNIT_REVEALABLE)
    with backbone.db.transaction() as session:
        unit = people.unit_by_id(session, unit_id)
        _reveal_check(session, request, unit.id, "unit", unit.id, reveal)
        return people.unit_view(unit, people.volunteer_count(session, unit_id), reveal)


def update_unit(backbone: Backbone, request, unit_id: str) -> dict:
    data = schemas.UnitUpdate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        unit = people.update_unit(uow, unit_id, data, actor=who(request).subject)
        return people.unit_view(unit, people.volunteer_count(uow.session, unit_id))


def create_volunteer(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.VolunteerCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        row, _ = people.enrol_volunteer(uow, data, "api", update=False,
                                        actor=who(request).subject)
        return 201, people.volunteer_view(row)


def list_volunteers(backbone: Backbone, request) -> dict:
    args = query_args(request, schemas.VolunteerQuery())
    query = select(Volunteer).where(scopes.units_filter(who(request), Volunteer.unit_id))
    if "unit" in args:
        query = query.where(Volunteer.unit_id == args["unit"])
    if "active" in args:
        query = query.where(Volunteer.active.is_(args["active"]))
    with backbone.db.transaction() as session:
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = session.execute(query.order_by(Volunteer.id).limit(args["limit"])
                               .offset(args["offset"])).scalars()
        return {"total": total, "limit": args["limit"], "offset": args["offset"],
                "volunteers": [people.volunteer_view(v) for v in rows]}


def get_volunteer(backbone: Backbone, request, volunteer_id: str) -> dict:
    query_args(request, schemas.VolunteerRead(), repeatable=("reveal",))
    reveal = requested_reveal(request, people.VOLUNTEER_REVEALABLE)
    with backbone.db.transaction() as session:
        row = people.volunteer_by_id(session, volunteer_id)
        _reveal_check(session, request, row.unit_id, "volunteer", row.id, reveal)
        return people.volunteer_view(row, reveal)


def update_volunteer(backbone: Backbone, request, volunteer_id: str) -> dict:
    data = schemas.VolunteerUpdate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        if "unit_id" in data and uow.session.get(Unit, data["unit_id"]) is not None:
            # moving someone into a unit is a write on that unit too (an unknown one is
            # the use case's 400)
            scopes.require_unit(uow.session, who(request), data["unit_id"], write=True)
        row = people.change_volunteer(uow, volunteer_id, data, "api",
                                      actor=who(request).subject)
        return people.volunteer_view(row)
