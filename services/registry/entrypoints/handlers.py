"""Inbound events from other systems (integration.events): each handler runs its use case
(use_cases/reports.py) in a unit of work inside the inbox's savepoint, and answers a
refusal with the inbox's Rejected (kept, and announced as registry.event_rejected).
The refusals reports.py names get their own wording; any other refusal is rejected as
everywhere else (services/common/refusals.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.common import config
from services.common.envelope import Envelope
from services.common.inbound import Rejected
from services.common.outbox import Outbox
from services.common.refusals import rejecting_with
from services.common.unit_of_work import UnitOfWork
from services.registry.use_cases import reports

# what a NotFound names → the payload field that named it
rejecting = rejecting_with({"household": "household_code", "resident": "id_number"})


def on_self_reported(outbox: Outbox):
    @rejecting
    def handle(session: Session, env: Envelope, data: dict) -> None:
        try:
            with UnitOfWork.within(session, outbox) as uow:
                reports.self_reported(uow, config.id_hash_key(), data, f"event:{env.id}")
        except reports.StrangerIncomplete as exc:
            errors = {f"data.{field}": reasons for field, reasons in exc.messages_dict.items()}
            raise Rejected("unknown resident: " + "; ".join(errors), errors) from None
        except reports.UnknownHousehold as exc:
            raise Rejected(f"data.household_code: unknown household {exc.key}",
                           {"data.household_code": ["unknown household"]}) from None

    return handle


def on_test_result(outbox: Outbox):
    @rejecting
    def handle(session: Session, env: Envelope, data: dict) -> None:
        try:
            with UnitOfWork.within(session, outbox) as uow:
                reports.test_reported(uow, config.id_hash_key(), data["id_number"],
                                      data["tested_on"], data["result"], f"event:{env.id}")
        except reports.NotRegistered:
            raise Rejected("data.id_number: no registered resident has this ID number",
                           {"data.id_number": ["no registered resident has this ID number"]}
                           ) from None

    return handle


def integration_handlers(outbox: Outbox) -> dict:
    return {
        "integration.resident_self_reported": on_self_reported(outbox),
        "integration.test_result_recorded": on_test_result(outbox),
    }
