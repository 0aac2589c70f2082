"""The registry service: thin nameko entrypoints over the registry's modules."""

from __future__ import annotations

from nameko.web.handlers import http

from services.common.consumer import event_consumer
from services.common.store import Store
from services.common.topology import INTEGRATION_EXCHANGE
from services.common.web import json_api

from . import api
from .handlers import integration_handlers
from .models import MESSAGING, SERVICE, Base

INBOUND = [(INTEGRATION_EXCHANGE, "resident_self_reported"),
           (INTEGRATION_EXCHANGE, "test_result_recorded")]


class RegistryService:
    name = SERVICE
    store = Store(SERVICE, Base.metadata, MESSAGING)

    @event_consumer("integration", INBOUND)
    def consume_integration(self, batch):
        backbone = self.store
        return backbone.inbox("integration", integration_handlers(backbone.outbox)) \
            .process_batch(backbone.db, batch)

    @http("GET", "/health")
    @json_api
    def health(self, request):
        return api.health(self.store)

    @http("POST", "/areas")
    @json_api
    def create_area(self, request):
        return api.create_area(self.store, request)

    @http("GET", "/areas/<string:code>")
    @json_api
    def get_area(self, request, code):
        return api.get_area(self.store, code)

    @http("PATCH", "/areas/<string:code>")
    @json_api
    def update_area(self, request, code):
        return api.update_area(self.store, request, code)
