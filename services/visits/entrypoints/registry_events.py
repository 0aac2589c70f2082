"""The registry's events in visits: each applied to visits' copy (adapters/areas.py), then
the rule the change triggers: a household that is new or re-drawn joins its grid's
campaigns, a resident change may settle a discrepancy, a correction's outcome is applied.

`REGISTRY_EVENTS.bind(outbox=…, now=…)` is the registry consumer's table (service.py).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.common.envelope import Envelope
from services.common.handlers import Handlers
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.visits.adapters import areas
from services.visits.use_cases.campaigns import join_campaigns
from services.visits.use_cases.corrections import apply_outcome, settle_on_resident_change

REGISTRY_EVENTS = Handlers()


def take_household(session: Session, outbox: Outbox, data: dict, now) -> None:
    if areas.apply_household(session, data):
        join_campaigns(session, outbox, [(data["code"], data["grid_code"],
                                          data["building_code"])], now)


def take_households_imported(session: Session, outbox: Outbox, data: dict, now) -> None:
    joining = areas.apply_households_imported(session, data)
    if joining:
        join_campaigns(session, outbox, joining, now)


@REGISTRY_EVENTS.on("registry.area_registered", "registry.area_updated",
                    "registry.grid_registered", "registry.grid_updated")
def area(run, session: Session, env: Envelope, data: dict) -> None:
    areas.apply_area(session, data)


@REGISTRY_EVENTS.on("registry.building_registered", "registry.building_updated")
def building(run, session: Session, env: Envelope, data: dict) -> None:
    areas.apply_building(session, data)


@REGISTRY_EVENTS.on("registry.household_registered", "registry.household_updated")
def household(run, session: Session, env: Envelope, data: dict) -> None:
    take_household(session, run.outbox, data, run.now())


@REGISTRY_EVENTS.on("registry.households_imported")
def households(run, session: Session, env: Envelope, data: dict) -> None:
    take_households_imported(session, run.outbox, data, run.now())


@REGISTRY_EVENTS.on("registry.resident_registered", "registry.resident_updated")
def resident(run, session: Session, env: Envelope, data: dict) -> None:
    areas.apply_resident(session, data)
    settle_on_resident_change(session, run.outbox, data, run.now())


@REGISTRY_EVENTS.on("registry.resident_moved")
def moved(run, session: Session, env: Envelope, data: dict) -> None:
    areas.apply_resident_moved(session, data)
    settle_on_resident_change(session, run.outbox, data, run.now())


@REGISTRY_EVENTS.on("registry.residents_imported")
def residents(run, session: Session, env: Envelope, data: dict) -> None:
    areas.apply_residents_imported(session, data)


@REGISTRY_EVENTS.on("registry.correction_applied")
def correction_applied(run, session: Session, env: Envelope, data: dict) -> None:
    with UnitOfWork.within(session, run.outbox) as uow:
        apply_outcome(uow, data, True, run.now())


@REGISTRY_EVENTS.on("registry.correction_rejected")
def correction_rejected(run, session: Session, env: Envelope, data: dict) -> None:
    with UnitOfWork.within(session, run.outbox) as uow:
        apply_outcome(uow, data, False, run.now())
