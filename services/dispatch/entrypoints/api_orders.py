"""Pairing orders over HTTP: place, read, amend, cancel; their shifts and person-times."""

from __future__ import annotations

from services.common.backbone import Backbone
from services.common.guard import who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.dispatch import clock
from services.dispatch.adapters.models import Shift
from services.dispatch.entrypoints import schemas, scopes
from services.dispatch.use_cases import orders, reports
from services.dispatch.use_cases.people import unit_by_id
from services.dispatch.use_cases.shifts import order_shifts


def create_order(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.OrderCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        pairing, created = orders.place_order(uow, data, "api", today=clock.today(),
                                              actor=who(request).subject)
        return (201 if created else 200), orders.order_view(
            pairing, orders.totals(uow.session, pairing.id))


def get_order(backbone: Backbone, request, order_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        pairing = orders.order_by_id(session, order_id)
        return orders.order_view(pairing, orders.totals(session, order_id))


def amend_order(backbone: Backbone, request, order_id: str) -> dict:
    data = schemas.OrderAmend().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        pairing = orders.amend_order(uow, order_id, data, "api", now=clock.now(),
                                     tz=clock.tz(), actor=who(request).subject)
        return orders.order_view(pairing, orders.totals(uow.session, order_id))


def cancel_order(backbone: Backbone, request, order_id: str) -> dict:
    read_json(request)
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        pairing = orders.cancel_order(uow, order_id, "api", now=clock.now(), tz=clock.tz(),
                                      actor=who(request).subject)
        return orders.order_view(pairing, orders.totals(uow.session, order_id))


def history_of_order(backbone: Backbone, request, order_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        orders.order_by_id(session, order_id)
        return {"order_id": order_id, "changes": orders.order_history(session, order_id)}


def shifts_of_order(backbone: Backbone, request, order_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        orders.order_by_id(session, order_id)
        return {"order_id": order_id, "shifts": order_shifts(session, order_id)}


def order_person_times(backbone: Backbone, request, order_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        pairing = orders.order_by_id(session, order_id)
        return {"order_id": order_id, "unit_id": pairing.unit_id,
                "community_code": pairing.community_code, "status": pairing.status,
                **reports.order_person_times(session, order_id, now=clock.now(),
                                             tz=clock.tz())}


def unit_understaffed(backbone: Backbone, request, unit_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        unit_by_id(session, unit_id)
        # a community's admin sees the unit's gaps in their community, not elsewhere
        shifts = reports.understaffed(session, unit_id, today=clock.today(),
                                      where=[scopes.shifts_within(who(request), unit_id)])
        return {"unit_id": unit_id, "missing": sum(s["missing"] for s in shifts),
                "shifts": shifts}


def unit_person_times(backbone: Backbone, request, unit_id: str) -> dict:
    args = query_args(request, schemas.PeriodQuery())
    with backbone.db.transaction() as session:
        unit_by_id(session, unit_id)
        found = reports.grouped_person_times(
            session, [Shift.unit_id == unit_id, scopes.shifts_within(who(request), unit_id)],
            "pairing_id", now=clock.now(),
            tz=clock.tz(), **args)
        return {"unit_id": unit_id, **args, "totals": found["totals"],
                "orders": [{"order_id": g.pop("key"), **g} for g in found["groups"]]}
