"""The nameko dependency provider of access control: declared once per service as
`access = Access()`, it reads the AUTH switch at start, refuses development keys outside
development, and hands each worker the `Gate` that @allow (services/common/guard.py)
checks callers against. The decorators, `who` and the scope helpers need no nameko and
live in guard.py; the audit log of sensitive reads in audit.py; SQL subtree predicates in
area_paths.py (docs/access-control.md)."""

from __future__ import annotations

import logging

from nameko.extensions import DependencyProvider

from services.common import config
from services.common.guard import MODE_ENV, Gate

log = logging.getLogger(__name__)


class Access(DependencyProvider):
    """Declare once per service as `access = Access()`; `allow` finds it there. Accounts,
    which verifies the tokens it signs with its own keys rather than over HTTP, passes
    `keys_factory(container)` returning an object with `key_for(kid)`."""

    def __init__(self, keys_factory=None) -> None:
        self.keys_factory = keys_factory

    def setup(self) -> None:
        keys = self.keys_factory(self.container) if self.keys_factory else None
        self.gate = Gate(self.container.config, self.container.service_name, keys=keys)
        # every service has an Access: its start is where a deployment's keys are checked
        config.refuse_development_keys(self.gate.service, self.gate.cfg)
        if self.gate.off and config.environment() != config.DEVELOPMENT:
            raise config.DevelopmentKeyError(
                f"{self.gate.service}: {config.ENV_MODE}={config.environment()} refuses "
                f"{MODE_ENV}=off (every request would act as an all-powerful local user)")
        if self.gate.off:
            log.warning("!!! %s: AUTH is off: every HTTP request acts as an all-powerful "
                        "local user. Never run like this outside a local experiment; set "
                        "AUTH=required (the default) or unset WANGGE_AUTH. !!!",
                        self.gate.service)

    def get_dependency(self, worker_ctx) -> Gate:
        return self.gate
