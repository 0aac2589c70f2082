"""The dispatch service: thin nameko entrypoints over dispatch's modules.

Every HTTP entrypoint but /health and /metrics names its action and where its resource
sits (`@allow`, scopes.py; the table is in docs/access-control.md).
"""

from __future__ import annotations

from services.common import inbox_retention
from services.common.access import Access
from services.common.auth import ADMIN, CAPTURE, INTEGRATE, READ, REPORT, WRITE
from services.common.consumer import event_consumer
from services.common.guard import allow, allow_any
from services.common.metrics import metrics_response
from services.common.routes import served_by
from services.common.store import Store
from services.common.timers import periodic, tick
from services.common.web import json_api
from services.dispatch import clock
from services.dispatch.adapters.areas import registry_handlers
from services.dispatch.adapters.models import MESSAGING, SERVICE
from services.dispatch.entrypoints import (
    api_areas,
    api_orders,
    api_people,
    api_roster,
    api_shifts,
    scopes,
)
from services.dispatch.entrypoints.api_common import health
from services.dispatch.entrypoints.api_routes import ROUTES
from services.dispatch.entrypoints.handlers import integration_handlers
from services.dispatch.use_cases.attendance import sweep_no_shows
from services.dispatch.use_cases.visit_evidence import VisitPresence, consume_visits

# each HTTP entrypoint is served at the route of its name in api_routes.ROUTES
route = served_by(ROUTES)


class DispatchService:
    name = SERVICE
    store = Store(SERVICE, MESSAGING)
    access = Access()

    # -- events ------------------------------------------------------------------------
    # each consumer is bound to the event types of the handler table it hands its inbox
    @event_consumer("registry", registry_handlers)
    def consume_registry(self, batch):
        return self.store.inbox("registry", registry_handlers()) \
            .process_batch(self.store.db, batch)

    @event_consumer("integration", integration_handlers)
    def consume_integration(self, batch):
        return self.store.inbox("integration", integration_handlers(self.store.outbox)) \
            .process_batch(self.store.db, batch)

    @event_consumer("visits", VisitPresence.handlers)
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

    # -- communities (dispatch's copy, from registry events) and their sites --------------
    @route
    @json_api
    @allow(READ)
    def list_communities(self, request):
        return api_areas.list_communities(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.community)
    def get_community(self, request, code):
        return api_areas.get_community(self.store, request, code)

    @route
    @json_api
    @allow(WRITE, area=scopes.community)
    def create_site(self, request, code):
        return api_areas.create_site(self.store, request, code)

    @route
    @json_api
    @allow(READ, area=scopes.community)
    def list_sites(self, request, code):
        return api_areas.list_sites(self.store, request, code)

    @route
    @json_api
    @allow(REPORT, area=scopes.community)
    def community_person_times(self, request, code):
        return api_areas.community_person_times(self.store, request, code)

    # -- units and volunteers ------------------------------------------------------------
    @route
    @json_api
    @allow(ADMIN, area=scopes.body_unit_area)
    def create_unit(self, request):
        return api_people.create_unit(self.store, request)

    @route
    @json_api
    @allow(READ)
    def list_units(self, request):
        return api_people.list_units(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.unit_read)
    def get_unit(self, request, unit_id):
        return api_people.get_unit(self.store, request, unit_id)

    @route
    @json_api
    @allow(WRITE, area=scopes.unit_write)
    def update_unit(self, request, unit_id):
        return api_people.update_unit(self.store, request, unit_id)

    @route
    @json_api
    @allow(READ, area=scopes.unit_read)
    def unit_understaffed(self, request, unit_id):
        return api_orders.unit_understaffed(self.store, request, unit_id)

    @route
    @json_api
    @allow(READ, area=scopes.unit_read)
    def unit_person_times(self, request, unit_id):
        return api_orders.unit_person_times(self.store, request, unit_id)

    @route
    @json_api
    @allow_any(WRITE, INTEGRATE, area=scopes.body_unit_write)
    def create_volunteer(self, request):
        return api_people.create_volunteer(self.store, request)

    @route
    @json_api
    @allow(READ)
    def list_volunteers(self, request):
        return api_people.list_volunteers(self.store, request)

    @route
    @json_api
    @allow_any(WRITE, INTEGRATE)
    def import_volunteers(self, request):
        return api_roster.import_volunteers(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.volunteer_read)
    def get_volunteer(self, request, volunteer_id):
        return api_people.get_volunteer(self.store, request, volunteer_id)

    @route
    @json_api
    @allow(WRITE, area=scopes.volunteer_write)
    def update_volunteer(self, request, volunteer_id):
        return api_people.update_volunteer(self.store, request, volunteer_id)

    # -- pairing orders ------------------------------------------------------------------
    @route
    @json_api
    @allow_any(WRITE, INTEGRATE, area=scopes.body_community)
    def create_order(self, request):
        return api_orders.create_order(self.store, request)

    @route
    @json_api
    @allow(READ, area=scopes.order, unit=scopes.order_unit)
    def get_order(self, request, order_id):
        return api_orders.get_order(self.store, request, order_id)

    @route
    @json_api
    @allow(WRITE, area=scopes.order)
    def amend_order(self, request, order_id):
        return api_orders.amend_order(self.store, request, order_id)

    @route
    @json_api
    @allow(WRITE, area=scopes.order)
    def cancel_order(self, request, order_id):
        return api_orders.cancel_order(self.store, request, order_id)

    @route
    @json_api
    @allow(READ, area=scopes.order, unit=scopes.order_unit)
    def order_shifts(self, request, order_id):
        return api_orders.shifts_of_order(self.store, request, order_id)

    @route
    @json_api
    @allow(READ, area=scopes.order, unit=scopes.order_unit)
    def order_person_times(self, request, order_id):
        return api_orders.order_person_times(self.store, request, order_id)

    # -- shifts --------------------------------------------------------------------------
    @route
    @json_api
    @allow(READ, area=scopes.shift, unit=scopes.shift_unit)
    def get_shift(self, request, key):
        return api_shifts.get_shift(self.store, request, key)

    @route
    @json_api
    @allow(WRITE, area=scopes.shift, unit=scopes.shift_unit)
    def decline_shift(self, request, key):
        return api_shifts.decline_shift(self.store, request, key)

    @route
    @json_api
    @allow(WRITE, area=scopes.shift, unit=scopes.shift_unit)
    def replace_volunteer(self, request, key):
        return api_shifts.replace_volunteer(self.store, request, key)

    @route
    @json_api
    @allow(WRITE, area=scopes.shift, unit=scopes.shift_unit)
    def swap_volunteers(self, request, key):
        return api_shifts.swap_volunteers(self.store, request, key)

    @route
    @json_api
    @allow_any(CAPTURE, WRITE, INTEGRATE, area=scopes.shift, unit=scopes.shift_unit)
    def checkin(self, request, key):
        return api_shifts.checkin(self.store, request, key)

    @route
    @json_api
    @allow(WRITE, area=scopes.shift, unit=scopes.shift_unit)
    def correct_attendance(self, request, key):
        return api_shifts.correct_attendance(self.store, request, key)
