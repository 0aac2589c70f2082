"""The accounts consumers' handler tables: the registry's areas and dispatch's units and
volunteers, copied (adapters/places.py) for the grant rules."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.accounts.adapters.places import apply_area, apply_unit, apply_volunteer
from services.common.envelope import Envelope
from services.common.handlers import Handlers

# `REGISTRY_EVENTS.bind()`
REGISTRY_EVENTS = Handlers()


@REGISTRY_EVENTS.on("registry.area_registered", "registry.area_updated",
                    "registry.grid_registered", "registry.grid_updated")
def on_area(run, session: Session, env: Envelope, data: dict) -> None:
    apply_area(session, data)


# `DISPATCH_EVENTS.bind()`
DISPATCH_EVENTS = Handlers()


@DISPATCH_EVENTS.on("dispatch.unit_registered", "dispatch.unit_updated")
def on_unit(run, session: Session, env: Envelope, data: dict) -> None:
    apply_unit(session, data)


@DISPATCH_EVENTS.on("dispatch.volunteer_registered", "dispatch.volunteer_updated")
def on_volunteer(run, session: Session, env: Envelope, data: dict) -> None:
    apply_volunteer(session, data)
