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
from services.common.http import http
from services.common.metrics import metrics_response
from services.common.store import Store
from services.common.timers import periodic, tick
from services.common.topology import INTEGRATION_EXCHANGE, exchange_for
from services.common.web import json_api
from services.registry.adapters.models import MESSAGING, SERVICE
from services.registry.entrypoints import api, scopes
from services.registry.entrypoints.handlers import integration_handlers
from services.registry.use_cases.corrections import visits_handlers

RESIDENT = "/residents/<int:resident_id>"
INBOUND = [(INTEGRATION_EXCHANGE, "resident_self_reported"),
           (INTEGRATION_EXCHANGE, "test_result_recorded")]
VISITS = [(exchange_for("visits"), "correction_proposed")]


class RegistryService:
    name = SERVICE
    store = Store(SERVICE, MESSAGING)
    access = Access()

    @event_consumer("integration", INBOUND)
    def consume_integration(self, batch):
        backbone = self.store
        return backbone.inbox("integration", integration_handlers(backbone.outbox)) \
            .process_batch(backbone.db, batch)

    @event_consumer("visits", VISITS)
    def consume_visits(self, batch):
        backbone = self.store
        return backbone.inbox("visits", visits_handlers(backbone.outbox)) \
            .process_batch(backbone.db, batch)

    # inbox rows past their retention window (services/common/inbox_retention.py)
    @periodic(inbox_retention.PRUNE_EVERY)
    def prune_inbox(self):
        tick("inbox rows pruned", inbox_retention.prune, self.store.db, self.store.tables)

    @http("GET", "/health")
    @json_api
    def health(self, request):
        return api.health(self.store)

    @http("GET", "/metrics")
    def metrics(self, request):
        return metrics_response(self.store)

    # areas: city → district → street → community → grid
    @http("POST", "/areas")
    @json_api
    @allow(WRITE, area=scopes.new_area)
    def create_area(self, request):
        return api.create_area(self.store, request)

    @http("GET", "/areas/<string:code>")
    @json_api
    @allow(READ, area=scopes.area)
    def get_area(self, request, code):
        return api.get_area(self.store, request, code)

    @http("PATCH", "/areas/<string:code>")
    @json_api
    @allow(WRITE, area=scopes.area)
    def update_area(self, request, code):
        return api.update_area(self.store, request, code)

    @http("GET", "/areas/<string:code>/children")
    @json_api
    @allow(READ, area=scopes.area)
    def area_children(self, request, code):
        return api.area_children(self.store, request, code)

    # buildings
    @http("POST", "/buildings")
    @json_api
    @allow(WRITE, area=scopes.body_grid)
    def create_building(self, request):
        return api.create_building(self.store, request)

    @http("GET", "/buildings/<string:code>")
    @json_api
    @allow(READ, area=scopes.building)
    def get_building(self, request, code):
        return api.get_building(self.store, request, code)

    @http("PATCH", "/buildings/<string:code>")
    @json_api
    @allow(WRITE, area=scopes.building)
    def update_building(self, request, code):
        return api.update_building(self.store, request, code)

    @http("GET", "/grids/<string:code>/buildings")
    @json_api
    @allow(READ, area=scopes.grid)
    def grid_buildings(self, request, code):
        return api.grid_buildings(self.store, request, code)

    # households
    @http("POST", "/households")
    @json_api
    @allow(WRITE, area=scopes.body_building)
    def create_household(self, request):
        return api.create_household(self.store, request)

    @http("GET", "/households/<string:code>")
    @json_api
    @allow(READ, area=scopes.household)
    def get_household(self, request, code):
        return api.get_household(self.store, request, code)

    @http("PATCH", "/households/<string:code>")
    @json_api
    @allow(WRITE, area=scopes.household)
    def update_household(self, request, code):
        return api.update_household(self.store, request, code)

    @http("GET", "/grids/<string:code>/households")
    @json_api
    @allow(READ, area=scopes.grid)
    def grid_households(self, request, code):
        return api.grid_households(self.store, request, code)

    # residents
    @http("POST", "/residents")
    @json_api
    @allow(WRITE, area=scopes.body_household)
    def create_resident(self, request):
        return api.create_resident(self.store, request)

    @http("GET", "/residents")
    @json_api
    @allow(READ)
    def search_residents(self, request):
        return api.search_residents(self.store, request)

    @http("POST", "/residents/lookup")
    @json_api
    @allow(READ)
    def lookup_resident(self, request):
        return api.lookup_resident(self.store, request)

    @http("GET", RESIDENT)
    @json_api
    @allow(READ, area=scopes.resident)
    def get_resident(self, request, resident_id):
        return api.get_resident(self.store, request, resident_id)

    @http("PATCH", RESIDENT)
    @json_api
    @allow(WRITE, area=scopes.resident)
    def update_resident(self, request, resident_id):
        return api.update_resident(self.store, request, resident_id)

    @http("POST", RESIDENT + "/move")
    @json_api
    @allow(WRITE, area=scopes.resident)
    def move_resident(self, request, resident_id):
        return api.move_resident(self.store, request, resident_id)

    @http("GET", RESIDENT + "/history")
    @json_api
    @allow(READ, area=scopes.resident)
    def resident_history(self, request, resident_id):
        return api.resident_history(self.store, request, resident_id)
