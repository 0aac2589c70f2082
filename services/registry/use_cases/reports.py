"""What other systems report about residents (integration.events): self-reports of
arrivals (人口报备) and test results. They change residents through residents.py, so the
trail and the events are the same as over HTTP, with the cause `event:<id>`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services.common.errors import NotFound, Refused
from services.common.unit_of_work import UnitOfWork
from services.registry.adapters.models import Household, Resident
from services.registry.domain.rules import TestState, newer_test, self_report_changes
from services.registry.use_cases import residents

NEEDED_FOR_NEW = ("household_code", "name")


class StrangerIncomplete(Refused):
    """A self-report of a person the registry does not know lacks what registering them
    needs (each field of NEEDED_FOR_NEW missing)."""


class UnknownHousehold(NotFound):
    """A self-report registers a stranger into a household the registry does not have."""

    def __init__(self, code: str) -> None:
        super().__init__("household", code)


class NotRegistered(NotFound):
    """A test result for an ID number no registered resident has."""

    def __init__(self) -> None:
        super().__init__("resident", "with this ID number")


def self_reported(uow: UnitOfWork, key: bytes, data: dict, cause: str) -> Resident:
    """A person reports where they arrived from: registered first if the registry does
    not know them (then `household_code` and `name` are needed: StrangerIncomplete naming
    those missing, UnknownHousehold for a household it does not have)."""
    session = uow.session
    resident = residents.find_by_id_number(session, data["id_number"], key, lock=True)
    if resident is None:
        missing = [(field, "required for a person not yet registered")
                   for field in NEEDED_FOR_NEW if not data.get(field)]
        if missing:
            raise StrangerIncomplete(missing)
        household_id = session.execute(
            select(Household.id).where(Household.code == data["household_code"])
        ).scalar_one_or_none()
        if household_id is None:
            raise UnknownHousehold(data["household_code"])
        resident, _ = residents.register(uow, key, data["id_number"], {
            "name": data["name"], "phone": data.get("phone")}, household_id, cause)
    changes = self_report_changes(tags=resident.tags, returned_on=resident.returned_on,
                                  arrived_on=data["arrived_on"],
                                  from_region=data["from_region"],
                                  returnee=data["returnee"])
    residents.update(uow, resident, changes, cause)
    return resident


def test_reported(uow: UnitOfWork, key: bytes, id_number: str, tested_on: date, result: str,
                  cause: str) -> Resident:
    """A test result for a registered person (NotRegistered otherwise); a result
    older than, or outranked by, the one kept changes nothing (domain.rules.newer_test)."""
    resident = residents.find_by_id_number(uow.session, id_number, key, lock=True)
    if resident is None:
        raise NotRegistered()
    state = newer_test(TestState(resident.latest_test_date, resident.latest_test_result),
                       tested_on, result)
    if state is not None:
        residents.update(uow, resident, {"latest_test_date": state.tested_on,
                                         "latest_test_result": state.result}, cause)
    return resident
