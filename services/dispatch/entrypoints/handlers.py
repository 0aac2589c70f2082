"""Inbound events from other systems (integration.events): the same use cases as HTTP.

A refusal (unknown unit, past period, too many people, …) becomes `Rejected`: the message
is kept in rejected_events with the reason, dispatch.event_rejected names it, and the
savepoint rolls back whatever the handler had written: nothing is half-created.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.common.envelope import Envelope
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.dispatch import clock
from services.dispatch.entrypoints.errors import rejecting
from services.dispatch.use_cases.attendance import record_scan
from services.dispatch.use_cases.orders import amend_order, place_order
from services.dispatch.use_cases.people import enrol_volunteer


def _cause(env: Envelope) -> str:
    return f"event:{env.id}"[:120]


def integration_handlers(outbox: Outbox) -> dict:
    @rejecting
    def on_volunteer_enrolled(session: Session, env: Envelope, data: dict) -> None:
        with UnitOfWork.within(session, outbox) as uow:
            enrol_volunteer(uow, data, _cause(env))

    @rejecting
    def on_pairing_ordered(session: Session, env: Envelope, data: dict) -> None:
        with UnitOfWork.within(session, outbox) as uow:
            place_order(uow, data, _cause(env), today=clock.today())

    @rejecting
    def on_pairing_amended(session: Session, env: Envelope, data: dict) -> None:
        changes = dict(data)
        with UnitOfWork.within(session, outbox) as uow:
            amend_order(uow, changes.pop("order_id"), changes, _cause(env),
                        now=clock.now(), tz=clock.tz())

    @rejecting
    def on_checkin_recorded(session: Session, env: Envelope, data: dict) -> None:
        source = (data.get("device") or env.source)[:200]
        with UnitOfWork.within(session, outbox) as uow:
            record_scan(uow, data["shift_key"], data["volunteer_id"], data["kind"],
                        data["at"], source, now=clock.now(), tz=clock.tz())

    return {
        "integration.volunteer_enrolled": on_volunteer_enrolled,
        "integration.pairing_ordered": on_pairing_ordered,
        "integration.pairing_amended": on_pairing_amended,
        "integration.checkin_recorded": on_checkin_recorded,
    }
