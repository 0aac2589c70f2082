"""The reporting service: read models fed only by events, thin nameko entrypoints (the
HTTP ones that only call an adapter are generated from api_routes.ROUTES)."""

from __future__ import annotations

from nameko.extensions import DependencyProvider
from nameko.timer import timer

from services.common.access import Access
from services.common.auth import ADMIN
from services.common.consumer import event_consumer
from services.common.guard import allow
from services.common.history import History
from services.common.routes import served_by
from services.common.service_base import BackboneService
from services.common.store import Store
from services.common.timers import periodic, tick
from services.common.web import json_api
from services.reporting import clock
from services.reporting.adapters.consuming import ProjectingInbox
from services.reporting.adapters.models import MESSAGING, SERVICE
from services.reporting.adapters.projector import handled
from services.reporting.entrypoints import api
from services.reporting.entrypoints.api_routes import ROUTES
from services.reporting.use_cases import daily, notices
from services.reporting.use_cases.freeze_probes import CONSUMERS
from services.reporting.use_cases.rebuild import Rebuilder

VISITS_BATCH = 500


# each HTTP entrypoint is served at the route of its name in api_routes.ROUTES; those
# that only delegate to an api_* adapter are generated from their route (`serve`)
route = served_by(ROUTES)


class Settings(DependencyProvider):
    """Reporting's own settings from the nameko config (else the environment)."""

    def setup(self) -> None:
        cfg = self.container.config
        self.history = History.from_config(cfg)
        self.cutoff = clock.cutoff(cfg.get("REPORT_CUTOFF"))
        self.rebuilder = Rebuilder()

    def get_dependency(self, worker_ctx):
        return self


@route.generated
class ReportingService(BackboneService):
    name = SERVICE
    store = Store(SERVICE, MESSAGING)
    settings = Settings()
    access = Access()

    # -- events ------------------------------------------------------------------------
    def _inbox(self, consumer: str, batch):
        return ProjectingInbox(consumer, MESSAGING, self.store.outbox, self.store.retention) \
            .process_batch(self.store.db, batch)

    # each consumer is bound to the event types the projector registers for its source
    @event_consumer("registry", handled("registry"))
    def consume_registry(self, batch):
        return self._inbox("registry", batch)

    @event_consumer("dispatch", handled("dispatch"))
    def consume_dispatch(self, batch):
        return self._inbox("dispatch", batch)

    # volunteer applications (issue 13): counted per unit, not part of the daily report,
    # so the freeze does not wait for this queue (use_cases/freeze_probes.py)
    @event_consumer("accounts", handled("accounts"))
    def consume_accounts(self, batch):
        return self._inbox("accounts", batch)

    # Visits carry the volume (thousands a second in a campaign). One batch at a time,
    # up to VISITS_BATCH: what arrives meanwhile goes as the next batch, so under load each
    # batch's fixed cost (one upsert per figure row, not per event) is shared by hundreds
    # of events, and batches never wait on each other's counter rows.
    @event_consumer("visits", handled("visits"),
                    batch_size=VISITS_BATCH, in_flight=1)
    def consume_visits(self, batch):
        return self._inbox("visits", batch)

    # -- timers --------------------------------------------------------------------------
    @periodic(1)
    def coverage_updates(self):
        tick("coverage updates", notices.publish_coverage, self.store.db, self.store.outbox,
              clock.now())

    # The one timer not fired at start: it judges "still open" from the read model, which
    # at start has not yet taken in what its queues kept meanwhile, and an overdue mark
    # (and its request_overdue) is never taken back when an on-time resolution arrives
    # later. Nothing waits on it: visits, which owns requests, escalates them at its own
    # start, and its request_overdue marks them overdue here too.
    @timer(interval=30)
    def overdue_requests(self):
        tick("overdue requests", notices.detect_overdue, self.store.db, self.store.outbox,
              clock.now())

    # A worker (green thread) of its own, which nameko's timer waits for before the next
    # tick. A city's freeze runs for minutes, but as chunked set-based statements
    # (daily.close_day): this green thread waits on PostgreSQL's socket, not the CPU, and
    # holds no lock a live batch takes, so the consumers keep the process meanwhile.
    # Fired at start too: close_day freezes only a day whose cut-off has passed, and only
    # once the consumers have handled their probes (what the queues kept meanwhile).
    @periodic(10)
    def daily_reports(self):
        tick("daily reports frozen", daily.close_day, self.store.db, self.store.outbox,
              clock.now(), self.settings.cutoff, clock.tz(), wait_for=CONSUMERS)
        tick("daily reports re-issued", daily.reissue, self.store.db, self.store.outbox)

    # -- HTTP ----------------------------------------------------------------------------
    @route
    @json_api
    def health(self, request):
        return api.health(self.store, self.settings.rebuilder)

    # the rebuild needs its settings, not only the store: written here, admin only
    @route
    @json_api
    @allow(ADMIN)
    def start_rebuild(self, request):
        return api.start_rebuild(self.store, self.settings.rebuilder, self.settings.history,
                                 request)

    @route
    @json_api
    @allow(ADMIN)
    def rebuild_status(self, request):
        return api.rebuild_status(self.store, self.settings.rebuilder, request)
