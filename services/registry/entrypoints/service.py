"""The registry service: thin nameko entrypoints over the registry's modules.

Every HTTP entrypoint but /health and /metrics names its action and where its resource
sits in the area tree (`@allow`, docs/access-control.md).
"""

from __future__ import annotations

from services.common import inbox_retention
from services.common.access import Access
from services.common.auth import READ, WRITE
from services.common.consumer import event_consumer
from services.common.guard import allow
from services.common.metrics import metrics_response
from services.common.routes import served_by
from services.common.store import Store
from services.common.timers import periodic, tick
from services.common.web import json_api
from services.registry.adapters.models import MESSAGING, SERVICE
from services.registry.entrypoints import api, scopes
from services.registry.entrypoints.api_routes import ROUTES
from services.registry.entrypoints.handlers import integration_handlers
from services.registry.use_cases.corrections import visits_handlers

# each HTTP entrypoint is served at the route of its name in api_routes.ROUTES
route = served_by(ROUTES)


class RegistryService:
    name = SERVICE
    store = Store(SERVICE, MESSAGING)
    access = Access()

    # each consumer is bound to the event types of the handler table it hands its inbox
    @event_consumer("integration", integration_handlers)
    def consume_integration(self, batch):
        backbone = self.store
        return backbone.inbox("integration", integration_handlers(backbone.outbox)) \
            .process_batch(backbone.db, batch)

    @event_consumer("visits", visits_handlers)
    def consume_visits(self, batch):
        backbone = self.store
        return backbone.inbox("visits", visits_handlers(backbone.outbox)) \
            .process_batch(backbone.db, batch)

    # inbox rows past their retention window (services/common/inbox_retention.py)
    @periodic(inbox_retention.PRUNE_EVERY)
    def prune_inbox(self):
        tick("inbox rows pruned", inbox_retention.prune, self.store.db, self.store.tables)

    @route
    @json_api
    def health(self, request):
        return api.health(self.store)

    @route
    def metrics(self, request):
        return metrics_response(self.store)

    # areas: city → district → street → community → grid
    @route
    @json_api
    @allow(WRITE, area=scopes.new_area)
    def create_area(self, request):
        return api.create_area(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.area)
    def get_area(self, request, code):
        return api.get_area(self.store, request, code)

    @route
    @json_api
    @allow(WRITE, area=scopes.area)
    def update_area(self, request, code):
        return api.update_area(self.store, request, code)

    @route
    @json_api
    @allow(READ, area=scopes.area)
    def area_children(self, request, code):
        return api.area_children(self.store, request, code)

    # buildings
    @route
    @json_api
    @allow(WRITE, area=scopes.body_grid)
    def create_building(self, request):
        return api.create_building(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.building)
    def get_building(self, request, code):
        return api.get_building(self.store, request, code)

    @route
    @json_api
    @allow(WRITE, area=scopes.building)
    def update_building(self, request, code):
        return api.update_building(self.store, request, code)

    @route
    @json_api
    @allow(READ, area=scopes.grid)
    def grid_buildings(self, request, code):
        return api.grid_buildings(self.store, request, code)

    # households
    @route
    @json_api
    @allow(WRITE, area=scopes.body_building)
    def create_household(self, request):
        return api.create_household(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.household)
    def get_household(self, request, code):
        return api.get_household(self.store, request, code)

    @route
    @json_api
    @allow(WRITE, area=scopes.household)
    def update_household(self, request, code):
        return api.update_household(self.store, request, code)

    @route
    @json_api
    @allow(READ, area=scopes.grid)
    def grid_households(self, request, code):
        return api.grid_households(self.store, request, code)

    # residents
    @route
    @json_api
    @allow(WRITE, area=scopes.body_household)
    def create_resident(self, request):
        return api.create_resident(self.store, request)

    @route
    @json_api
    @allow(READ)
    def search_residents(self, request):
        return api.search_residents(self.store, request)

    @route
    @json_api
    @allow(READ)
    def lookup_resident(self, request):
        return api.lookup_resident(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.resident)
    def get_resident(self, request, resident_id):
        return api.get_resident(self.store, request, resident_id)

    @route
    @json_api
    @allow(WRITE, area=scopes.resident)
    def update_resident(self, request, resident_id):
        return api.update_resident(self.store, request, resident_id)

    @route
    @json_api
    @allow(WRITE, area=scopes.resident)
    def move_resident(self, request, resident_id):
        return api.move_resident(self.store, request, resident_id)

    @route
    @json_api
    @allow(READ, area=scopes.resident)
    def resident_history(self, request, resident_id):
        return api.resident_history(self.store, request, resident_id)
