"""Units and volunteers over HTTP: one transaction per request, events in the outbox."""

from __future__ import annotations

from sqlalchemy import func, select

from services.common.store import Backbone
from services.common.web import read_json

from . import people, schemas
from .api_common import query_args
from .models import Unit, Volunteer


def create_unit(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.UnitCreate().load(read_json(request))
    with backbone.db.transaction() as session:
        unit = people.create_unit(session, backbone.outbox, data)
        return 201, people.unit_view(unit, 0)


def list_units(backbone: Backbone, request) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        counts = dict(session.execute(select(Volunteer.unit_id, func.count())
                                      .group_by(Volunteer.unit_id)).all())
        units = session.execute(select(Unit).order_by(Unit.id)).scalars()
        return {"units": [people.unit_view(u, counts.get(u.id, 0)) for u in units]}


def get_unit(backbone: Backbone, request, unit_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        unit = people.unit_by_id(session, unit_id)
        return people.unit_view(unit, people.volunteer_count(session, unit_id))


def update_unit(backbone: Backbone, request, unit_id: str) -> dict:
    data = schemas.UnitUpdate().load(read_json(request))
    with backbone.db.transaction() as session:
        unit = people.update_unit(session, backbone.outbox, unit_id, data)
        return people.unit_view(unit, people.volunteer_count(session, unit_id))


def create_volunteer(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.VolunteerCreate().load(read_json(request))
    with backbone.db.transaction() as session:
        row, _ = people.enrol_volunteer(session, backbone.outbox, data, "api", update=False)
        return 201, people.volunteer_view(row)


def list_volunteers(backbone: Backbone, request) -> dict:
    args = query_args(request, schemas.VolunteerQuery())
    query = select(Volunteer)
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
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return people.volunteer_view(people.volunteer_by_id(session, volunteer_id))


def update_volunteer(backbone: Backbone, request, volunteer_id: str) -> dict:
    data = schemas.VolunteerUpdate().load(read_json(request))
    with backbone.db.transaction() as session:
        row = people.change_volunteer(session, backbone.outbox, volunteer_id, data, "api")
        return people.volunteer_view(row)
