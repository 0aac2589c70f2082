"""The registry consumers' handler tables. Inbound events from other systems
(integration.events): each handler runs its use case
(use_cases/reports.py) in a unit of work inside the inbox's savepoint, and answers a
refusal with the inbox's Rejected (kept, and announced as registry.event_rejected).
The refusals reports.py names get their own wording; any other refusal is rejected as
everywhere else (services/common/refusals.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.common import config
from services.common.envelope import Envelope
from services.common.handlers import Handlers
from services.common.inbound import Rejected
from services.common.refusals import rejecting_with
from services.common.unit_of_work import UnitOfWork
from services.registry.use_cases import corrections, reports

# what a NotFound names → the payload field that named it
rejecting = rejecting_with({"household": "household_code", "resident": "id_number"})


# `INTEGRATION_EVENTS.bind(outbox=…)` is the integration consumer's table (service.py)
INTEGRATION_EVENTS = Handlers()


@INTEGRATION_EVENTS.on("integration.resident_self_reported", wrap=(rejecting,))
def on_self_reported(run, session: Session, env: Envelope, data: dict) -> None:
    try:
        with UnitOfWork.within(session, run.outbox) as uow:
            reports.self_reported(uow, config.id_hash_key(), data, f"event:{env.id}")
    except reports.StrangerIncomplete as exc:
        errors = {f"data.{field}": reasons for field, reasons in exc.messages_dict.items()}
        raise Rejected("unknown resident: " + "; ".join(errors), errors) from None
    except reports.UnknownHousehold as exc:
        raise Rejected(f"data.household_code: unknown household {exc.key}",
                       {"data.household_code": ["unknown household"]}) from None


@INTEGRATION_EVENTS.on("integration.test_result_recorded", wrap=(rejecting,))
def on_test_result(run, session: Session, env: Envelope, data: dict) -> None:
    try:
        with UnitOfWork.within(session, run.outbox) as uow:
            reports.test_reported(uow, config.id_hash_key(), data["id_number"],
                                  data["tested_on"], data["result"], f"event:{env.id}")
    except reports.NotRegistered:
        raise Rejected("data.id_number: no registered resident has this ID number",
                       {"data.id_number": ["no registered resident has this ID number"]}
                       ) from None


# visits' proposed corrections, applied or refused (use_cases/corrections.py);
# `VISITS_EVENTS.bind(outbox=…)` is the visits consumer's table
VISITS_EVENTS = Handlers()


@VISITS_EVENTS.on(corrections.CORRECTION_EVENT)
def on_correction_proposed(run, session: Session, env: Envelope, data: dict) -> None:
    with UnitOfWork.within(session, run.outbox) as uow:
        corrections.apply_correction(uow, env, data)
