"""The visits service: consumers, the task and overdue sweeps, and HTTP entrypoints
generated from api_routes.ROUTES (action, scope and adapter per route), except those
written below because they need more than the store."""

from __future__ import annotations

from services.common.access import Access
from services.common.auth import WRITE
from services.common.consumer import event_consumer
from services.common.guard import allow
from services.common.routes import served_by
from services.common.service_base import BackboneService
from services.common.store import Store
from services.common.timers import periodic, tick
from services.common.web import json_api
from services.visits import clock
from services.visits.adapters.areas import registry_inbox
from services.visits.adapters.models import MESSAGING, SERVICE
from services.visits.entrypoints import api_campaigns, scopes
from services.visits.entrypoints.api_routes import ROUTES
from services.visits.entrypoints.dispatch_events import DISPATCH_EVENTS, consume_dispatch
from services.visits.entrypoints.handlers import INTEGRATION_EVENTS, consume_integration
from services.visits.entrypoints.registry_events import REGISTRY_EVENTS
from services.visits.settings import Settings
from services.visits.use_cases.planning import sweep
from services.visits.use_cases.resident_requests import sweep_overdue

# each HTTP entrypoint is served at the route of its name in api_routes.ROUTES; those
# that only delegate to an api_* adapter are generated from their route (`serve`)
route = served_by(ROUTES)


@route.generated
class VisitsService(BackboneService):
    name = SERVICE
    store = Store(SERVICE, MESSAGING)
    policy = Settings()
    access = Access()

    # -- events ------------------------------------------------------------------------
    # each consumer is bound to the event types of the handler table it hands its inbox
    @event_consumer("registry", REGISTRY_EVENTS)
    def consume_registry(self, batch):
        handlers = REGISTRY_EVENTS.bind(outbox=self.store.outbox, now=clock.now)
        return registry_inbox(self.store, handlers).process_batch(self.store.db, batch)

    # one batch at a time per instance, so dispatch's events apply in the order it
    # published them; the instances' batches run side by side, and each takes its grids'
    # planning locks in one order before its first message (dispatch_events.GridLocks)
    @event_consumer("dispatch", DISPATCH_EVENTS, in_flight=1)
    def consume_dispatch(self, batch):
        handlers = DISPATCH_EVENTS.bind(outbox=self.store.outbox, now=clock.now, tz=clock.tz,
                                        policy=self.policy)
        return consume_dispatch(self.store, batch, handlers)

    # the table is bound per batch to the batch's VisitBatch (handlers.consume_integration)
    @event_consumer("integration", INTEGRATION_EVENTS, batch_size=500, in_flight=1)
    def consume_integration(self, batch):
        return consume_integration(self.store, batch, now=clock.now(), tz=clock.tz())

    @periodic(60)
    def sweep_tasks(self):
        tick("task sweep", sweep, self.store.db, self.store.outbox, now=clock.now(),
             tz=clock.tz(), policy=self.policy,
             describe=lambda r: (f"{r[0]} shift(s) wound up, {r[1]} household(s) assigned"
                                 if any(r) else ""))

    @periodic(60)
    def sweep_overdue(self):
        tick("overdue sweep", sweep_overdue, self.store.db, self.store.outbox,
             now=clock.now(),
             describe=lambda n: f"{n} escalation(s) published" if n else "")

    # a campaign is planned with the task policy, not only the store: written here
    @route
    @json_api
    @allow(WRITE, area=scopes.new_campaign)
    def create_campaign(self, request):
        return api_campaigns.create(self.store, self.policy, request)

    @route
    @json_api
    @allow(WRITE, area=scopes.imported_campaign)
    def import_campaign(self, request):
        return api_campaigns.import_file(self.store, self.policy, request)
