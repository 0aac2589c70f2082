"""The dispatch service: consumers of registry, integration, visit and accounts events, the
no-show sweep, and HTTP entrypoints made from api_routes.ROUTES, where each route names
its action, scope (scopes.py) and adapter; only /health and /metrics are written here."""

from __future__ import annotations

from services.common.access import Access
from services.common.consumer import event_consumer
from services.common.routes import served_by
from services.common.service_base import BackboneService
from services.common.store import Store
from services.common.timers import periodic, tick
from services.dispatch import clock
from services.dispatch.adapters.models import MESSAGING, SERVICE
from services.dispatch.entrypoints.api_routes import ROUTES
from services.dispatch.entrypoints.handlers import (
    ACCOUNTS_EVENTS,
    INTEGRATION_EVENTS,
    REGISTRY_EVENTS,
    VISITS_EVENTS,
    consume_visits,
)
from services.dispatch.use_cases.attendance import sweep_no_shows

# each HTTP entrypoint is served at the route of its name in api_routes.ROUTES; those
# that only delegate to an api_* adapter are generated from their route (`serve`)
route = served_by(ROUTES)


@route.generated
class DispatchService(BackboneService):
    name = SERVICE
    store = Store(SERVICE, MESSAGING)
    access = Access()

    # -- events ------------------------------------------------------------------------
    # each consumer is bound to the event types of the handler table it hands its inbox
    @event_consumer("registry", REGISTRY_EVENTS)
    def consume_registry(self, batch):
        return self.store.inbox("registry", REGISTRY_EVENTS.bind()) \
            .process_batch(self.store.db, batch)

    @event_consumer("integration", INTEGRATION_EVENTS)
    def consume_integration(self, batch):
        handlers = INTEGRATION_EVENTS.bind(outbox=self.store.outbox)
        return self.store.inbox("integration", handlers).process_batch(self.store.db, batch)

    @event_consumer("accounts", ACCOUNTS_EVENTS)
    def consume_accounts(self, batch):
        # volunteers approved in accounts become volunteers here (use_cases/approvals.py);
        # grid workers' grants name who leads a grid's shifts (adapters/leads.py)
        handlers = ACCOUNTS_EVENTS.bind(outbox=self.store.outbox)
        return self.store.inbox("accounts", handlers).process_batch(self.store.db, batch)

    @event_consumer("visits", VISITS_EVENTS)
    def consume_visits(self, batch):
        # a visit on a shift is evidence its visitor was there (docs/shifts.md)
        return consume_visits(self.store, batch, clock.tz())

    # Fired at start too, or a service restarted more often than every minute records no
    # no-show at all. A sweep never judges a shift before its end, and presence that
    # arrives after it still counts as docs/shifts.md says: a visit on the shift revokes
    # the no-show, a scan kept in the queue meanwhile (as one from an offline device)
    # takes a correction.
    @periodic(60)
    def sweep_no_shows(self):
        tick("no-show sweep", sweep_no_shows, self.store.db, self.store.outbox,
             now=clock.now(), tz=clock.tz(),
             describe=lambda n: f"{n} no-show(s) published" if n else "")
