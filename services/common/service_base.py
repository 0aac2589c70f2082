"""What every Wangge service serves the same way, written once: its open probes
(/health, /metrics: container healthchecks and Prometheus call them without a token) and
the pruning of its inbox past the retention window (services/common/inbox_retention.py).

A service class derives from `BackboneService` and names its `store` (services/common/
store.py); a service whose health says more (reporting: a rebuild running) overrides
`health` at the same route."""

from __future__ import annotations

from services.common import inbox_retention
from services.common.health import health
from services.common.http import http
from services.common.metrics import metrics_response
from services.common.routes import probes
from services.common.timers import periodic, tick
from services.common.web import json_api

HEALTH, METRICS = probes()


class BackboneService:
    @periodic(inbox_retention.PRUNE_EVERY)
    def prune_inbox(self):
        tick("inbox rows pruned", inbox_retention.prune, self.store.db, self.store.tables,
             self.store.retention)

    @http(HEALTH.method, HEALTH.path)
    @json_api
    def health(self, request):
        return health(self.store)

    @http(METRICS.method, METRICS.path)
    def metrics(self, request):
        return metrics_response(self.store)
