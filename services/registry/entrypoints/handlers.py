"""Inbound events from other systems (integration.events)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common import config
from services.common.envelope import Envelope
from services.common.inbound import Rejected
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.registry.adapters.models import Household
from services.registry.domain.rules import TestState, newer_test, self_report_changes
from services.registry.use_cases import residents


def on_self_reported(outbox: Outbox):
    def handle(session: Session, env: Envelope, data: dict) -> None:
        with UnitOfWork.within(session, outbox) as uow:
            _self_reported(uow, env, data)

    return handle


def _self_reported(uow: UnitOfWork, env: Envelope, data: dict) -> None:
    session = uow.session
    key = config.id_hash_key()
    cause = f"event:{env.id}"
    resident = residents.find_by_id_number(session, data["id_number"], key, lock=True)
    if resident is None:
        errors = {}
        if not data.get("household_code"):
            errors["data.household_code"] = ["required for a person not yet registered"]
        if not data.get("name"):
            errors["data.name"] = ["required for a person not yet registered"]
        if errors:
            raise Rejected("unknown resident: " + "; ".join(errors), errors)
        household_id = session.execute(
            select(Household.id).where(Household.code == data["household_code"])
        ).scalar_one_or_none()
        if household_id is None:
            raise Rejected(f"data.household_code: unknown household "
                           f"{data['household_code']}",
                           {"data.household_code": ["unknown household"]})
        resident, _ = residents.register(uow, key, data["id_number"], {
            "name": data["name"], "phone": data.get("phone")}, household_id, cause)
    changes = self_report_changes(tags=resident.tags, returned_on=resident.returned_on,
                                  arrived_on=data["arrived_on"],
                                  from_region=data["from_region"],
                                  returnee=data["returnee"])
    residents.update(uow, resident, changes, cause)


def on_test_result(outbox: Outbox):
    def handle(session: Session, env: Envelope, data: dict) -> None:
        resident = residents.find_by_id_number(session, data["id_number"],
                                               config.id_hash_key(), lock=True)
        if resident is None:
            raise Rejected("data.id_number: no registered resident has this ID number",
                           {"data.id_number": ["no registered resident has this ID number"]})
        state = newer_test(TestState(resident.latest_test_date, resident.latest_test_result),
                           data["tested_on"], data["result"])
        if state is not None:
            with UnitOfWork.within(session, outbox) as uow:
                residents.update(uow, resident, {
                    "latest_test_date": state.tested_on, "latest_test_result": state.result,
                }, f"event:{env.id}")

    return handle


def integration_handlers(outbox: Outbox) -> dict:
    return {
        "integration.resident_self_reported": on_self_reported(outbox),
        "integration.test_result_recorded": on_test_result(outbox),
    }
