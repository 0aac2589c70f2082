"""The registry service: its event consumers, inbox pruning, and the HTTP entrypoints
of api_routes.ROUTES (generated from each route's adapter and access rule; /health and
/metrics are written here)."""

from __future__ import annotations

from services.common.access import Access
from services.common.consumer import event_consumer
from services.common.routes import served_by
from services.common.service_base import BackboneService
from services.common.store import Store
from services.registry.adapters.models import MESSAGING, SERVICE
from services.registry.entrypoints.api_routes import ROUTES
from services.registry.entrypoints.handlers import INTEGRATION_EVENTS, VISITS_EVENTS

# each HTTP entrypoint is served at the route of its name in api_routes.ROUTES; those
# that only delegate to an api_* adapter are generated from their route (`serve`)
route = served_by(ROUTES)


@route.generated
class RegistryService(BackboneService):
    name = SERVICE
    store = Store(SERVICE, MESSAGING)
    access = Access()

    # each consumer is bound to the event types of the handler table it hands its inbox
    @event_consumer("integration", INTEGRATION_EVENTS)
    def consume_integration(self, batch):
        backbone = self.store
        return backbone.inbox("integration", INTEGRATION_EVENTS.bind(outbox=backbone.outbox)) \
            .process_batch(backbone.db, batch)

    @event_consumer("visits", VISITS_EVENTS)
    def consume_visits(self, batch):
        backbone = self.store
        return backbone.inbox("visits", VISITS_EVENTS.bind(outbox=backbone.outbox)) \
            .process_batch(backbone.db, batch)
