"""The dispatch consumers' handler tables. Inbound events from other systems
(integration.events) run the same use cases as HTTP; the registry's areas are copied
(adapters/areas.py); visits' visit_recorded is staged as presence (use_cases/visit_evidence.py);
accounts' volunteer_approved enrols the approved volunteer (use_cases/approvals.py), and
its grant_changed keeps who leads each grid's shifts (adapters/leads.py).

A refusal (unknown unit, past period, too many people, …) becomes `Rejected`: the message
is kept in rejected_events with the reason, dispatch.event_rejected names it, and the
savepoint rolls back whatever the handler had written: nothing is half-created.
"""

from __future__ import annotations

from datetime import tzinfo

from sqlalchemy.orm import Session

from services.common.backbone import Backbone
from services.common.envelope import Envelope
from services.common.handlers import Handlers
from services.common.inbound import Incoming, Result
from services.common.inbox_batches import deferred
from services.common.unit_of_work import UnitOfWork
from services.dispatch import clock
from services.dispatch.adapters.areas import apply_area
from services.dispatch.adapters.leads import apply_grant_change
from services.dispatch.entrypoints.approved import approved_volunteer
from services.dispatch.entrypoints.errors import rejecting
from services.dispatch.use_cases.approvals import enrol_approved
from services.dispatch.use_cases.attendance import record_scan
from services.dispatch.use_cases.orders import amend_order, place_order
from services.dispatch.use_cases.people import enrol_volunteer
from services.dispatch.use_cases.visit_evidence import VisitPresence, presence_batch


def _cause(env: Envelope) -> str:
    return f"event:{env.id}"[:120]


# `INTEGRATION_EVENTS.bind(outbox=…)` is the integration consumer's table (service.py)
INTEGRATION_EVENTS = Handlers()


@INTEGRATION_EVENTS.on("integration.volunteer_enrolled", wrap=(rejecting,))
def on_volunteer_enrolled(run, session: Session, env: Envelope, data: dict) -> None:
    with UnitOfWork.within(session, run.outbox) as uow:
        enrol_volunteer(uow, data, _cause(env))


@INTEGRATION_EVENTS.on("integration.pairing_ordered", wrap=(rejecting,))
def on_pairing_ordered(run, session: Session, env: Envelope, data: dict) -> None:
    with UnitOfWork.within(session, run.outbox) as uow:
        place_order(uow, data, _cause(env), today=clock.today())


@INTEGRATION_EVENTS.on("integration.pairing_amended", wrap=(rejecting,))
def on_pairing_amended(run, session: Session, env: Envelope, data: dict) -> None:
    changes = dict(data)
    with UnitOfWork.within(session, run.outbox) as uow:
        amend_order(uow, changes.pop("order_id"), changes, _cause(env),
                    now=clock.now(), tz=clock.tz())


@INTEGRATION_EVENTS.on("integration.checkin_recorded", wrap=(rejecting,))
def on_checkin_recorded(run, session: Session, env: Envelope, data: dict) -> None:
    source = (data.get("device") or env.source)[:200]
    with UnitOfWork.within(session, run.outbox) as uow:
        record_scan(uow, data["shift_key"], data["volunteer_id"], data["kind"],
                    data["at"], source, now=clock.now(), tz=clock.tz())


# volunteers approved in accounts (issue 13): `ACCOUNTS_EVENTS.bind(outbox=…)`
ACCOUNTS_EVENTS = Handlers()


@ACCOUNTS_EVENTS.on("accounts.volunteer_approved", wrap=(rejecting,))
def on_volunteer_approved(run, session: Session, env: Envelope, data: dict) -> None:
    # the cause names the event, `decided_by` (the approving account) the author
    with UnitOfWork.within(session, run.outbox) as uow:
        enrol_approved(uow, approved_volunteer(data), _cause(env),
                       actor=data.get("decided_by"))


# grid workers given or revoked their grid (issue 14): a shift's `leads`
@ACCOUNTS_EVENTS.on("accounts.grant_changed")
def on_grant_changed(run, session: Session, env: Envelope, data: dict) -> None:
    apply_grant_change(session, data)


# the registry's areas and grids, copied (adapters/areas.py); `REGISTRY_EVENTS.bind()`
REGISTRY_EVENTS = Handlers()


@REGISTRY_EVENTS.on("registry.area_registered", "registry.area_updated",
                    "registry.grid_registered", "registry.grid_updated")
def on_area(run, session: Session, env: Envelope, data: dict) -> None:
    apply_area(session, data)


# a visit on a shift is evidence its visitor was there (docs/shifts.md):
# `VISITS_EVENTS.bind(presence=VisitPresence(…))`, per batch (use_cases/visit_evidence.py)
VISITS_EVENTS = Handlers()


@VISITS_EVENTS.on("visits.visit_recorded", wrap=(deferred,))
def on_visit_recorded(run, session: Session, env: Envelope, data: dict) -> None:
    run.presence.stage(session, data)


def consume_visits(backbone: Backbone, messages: list[Incoming], tz: tzinfo) -> list[Result]:
    """A batch of visit_recorded in one inbox transaction; the presence it stages is
    written after its last message."""
    presence = VisitPresence(backbone.outbox, tz)
    return presence_batch(backbone, messages, presence, VISITS_EVENTS.bind(presence=presence))
