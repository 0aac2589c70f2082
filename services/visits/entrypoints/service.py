"""The visits service: thin nameko entrypoints over visits' modules.

Every HTTP entrypoint but /health and /metrics names its action and where its resource
sits (`@allow`, scopes.py; the table is in docs/access-control.md).
"""

from __future__ import annotations

from services.common import inbox_retention
from services.common.access import Access
from services.common.auth import CAPTURE, INTEGRATE, READ, REPORT, WRITE
from services.common.consumer import event_consumer
from services.common.guard import allow, allow_any
from services.common.metrics import metrics_response
from services.common.routes import served_by
from services.common.store import Store
from services.common.timers import periodic, tick
from services.common.web import json_api
from services.visits import clock
from services.visits.adapters.areas import registry_handlers as area_handlers
from services.visits.adapters.areas import registry_inbox
from services.visits.adapters.models import MESSAGING, SERVICE
from services.visits.adapters.shifts import consume_dispatch, dispatch_handlers
from services.visits.entrypoints import api_campaigns, api_requests, api_visits, scopes
from services.visits.entrypoints.api_common import health
from services.visits.entrypoints.api_routes import ROUTES
from services.visits.entrypoints.handlers import consume_integration, integration_handlers
from services.visits.settings import Settings
from services.visits.use_cases.corrections import correction_handlers, settle_on_resident_change
from services.visits.use_cases.planning import sweep
from services.visits.use_cases.resident_requests import sweep_overdue


def registry_handlers(outbox) -> dict:
    return {**settle_on_resident_change(area_handlers(outbox, clock.now), outbox, clock.now),
            **correction_handlers(outbox, clock.now)}


# each HTTP entrypoint is served at the route of its name in api_routes.ROUTES
route = served_by(ROUTES)


class VisitsService:
    name = SERVICE
    store = Store(SERVICE, MESSAGING)
    policy = Settings()
    access = Access()

    # -- events ------------------------------------------------------------------------
    # each consumer is bound to the event types of the handler table it hands its inbox
    @event_consumer("registry", registry_handlers)
    def consume_registry(self, batch):
        return registry_inbox(self.store, registry_handlers(self.store.outbox)) \
            .process_batch(self.store.db, batch)

    # one batch at a time per instance, so dispatch's events apply in the order it
    # published them; the instances' batches run side by side, and each takes its grids'
    # planning locks in one order before its first message (shifts.GridLocks)
    @event_consumer("dispatch", dispatch_handlers, in_flight=1)
    def consume_dispatch(self, batch):
        handlers = dispatch_handlers(self.store.outbox, clock.now, clock.tz, self.policy)
        return consume_dispatch(self.store, batch, handlers)

    @event_consumer("integration", integration_handlers, batch_size=500, in_flight=1)
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

    # inbox rows past their retention window (services/common/inbox_retention.py)
    @periodic(inbox_retention.PRUNE_EVERY)
    def prune_inbox(self):
        tick("inbox rows pruned", inbox_retention.prune, self.store.db, self.store.tables)

    @route
    @json_api
    def health(self, request):
        return health(self.store)

    @route
    def metrics(self, request):
        return metrics_response(self.store)

    # -- campaigns ---------------------------------------------------------------------
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

    @route
    @json_api
    @allow_any(READ, REPORT)
    def list_campaigns(self, request):
        return api_campaigns.list_all(self.store, request)

    @route
    @json_api
    @allow_any(READ, REPORT, area=scopes.campaign)
    def get_campaign(self, request, campaign_id):
        return api_campaigns.get(self.store, request, campaign_id)

    @route
    @json_api
    @allow(WRITE, area=scopes.whole_campaign)
    def end_campaign(self, request, campaign_id):
        return api_campaigns.end(self.store, request, campaign_id)

    @route
    @json_api
    @allow_any(READ, REPORT, area=scopes.campaign)
    def campaign_coverage(self, request, campaign_id):
        return api_campaigns.coverage(self.store, request, campaign_id)

    @route
    @json_api
    @allow(READ, area=scopes.campaign_grid)
    def grid_households(self, request, campaign_id, grid_code):
        return api_campaigns.grid_households(self.store, request, campaign_id, grid_code)

    @route
    @json_api
    @allow(READ, area=scopes.campaign)
    def follow_up(self, request, campaign_id):
        return api_campaigns.follow_up(self.store, request, campaign_id)

    # -- visits and what they found ----------------------------------------------------------
    @route
    @json_api
    @allow_any(CAPTURE, INTEGRATE, area=scopes.visited_household)
    def capture_visit(self, request):
        return api_visits.capture(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.visit)
    def get_visit(self, request, visit_id):
        return api_visits.get(self.store, request, visit_id)

    @route
    @json_api
    @allow(READ, area=scopes.household)
    def household_visits(self, request, code):
        return api_visits.household_visits(self.store, request, code)

    @route
    @json_api
    @allow(READ, area=scopes.shift, unit=scopes.shift_unit)
    def shift_tasks(self, request, key):
        return api_visits.shift_tasks(self.store, request, key)

    @route
    @json_api
    @allow(READ)
    def discrepancies(self, request):
        return api_visits.discrepancies(self.store, request)

    @route
    @json_api
    @allow(READ)
    def hazards(self, request):
        return api_visits.hazards(self.store, request)

    # -- residents' requests ---------------------------------------------------------------
    @route
    @json_api
    @allow_any(CAPTURE, INTEGRATE, area=scopes.new_request)
    def raise_request(self, request):
        return api_requests.create(self.store, request)

    @route
    @json_api
    @allow(READ)
    def list_requests(self, request):
        return api_requests.list_all(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.resident_request)
    def get_request(self, request, request_id):
        return api_requests.get(self.store, request, request_id)

    @route
    @json_api
    @allow(WRITE, area=scopes.resident_request)
    def assign_request(self, request, request_id):
        return api_requests.change(self.store, request, request_id, "assign")

    @route
    @json_api
    @allow_any(WRITE, CAPTURE, area=scopes.resident_request)
    def resolve_request(self, request, request_id):
        return api_requests.change(self.store, request, request_id, "resolve")

    @route
    @json_api
    @allow_any(WRITE, CAPTURE, area=scopes.resident_request)
    def close_request(self, request, request_id):
        return api_requests.change(self.store, request, request_id, "close")

    @route
    @json_api
    @allow_any(WRITE, CAPTURE, area=scopes.resident_request)
    def reopen_request(self, request, request_id):
        return api_requests.change(self.store, request, request_id, "reopen")
