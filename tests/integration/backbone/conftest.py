"""The backbone's tests (services/common's outbox, relay, inbox, broker and HTTP machinery)
run the registry, and dispatch for consumers under load, as stand-in services: their
fixtures, as their own directories define them."""

from tests.integration.dispatch.conftest import (  # noqa: F401 - dispatch's fixtures
    at_local,
    clean_dispatch_db,
    dispatch,
    dispatch_config,
    dispatch_db,
    dispatch_db_url,
    dispatch_sql,
    mid_morning,
    purge_dispatch_queues,
)
from tests.integration.registry.conftest import (  # noqa: F401 - the registry's fixtures
    backbone,
    clean_registry_db,
    household,
    purge_registry_queues,
    register_resident,
    registry,
    registry_config,
    registry_db,
    registry_db_url,
    sql,
)
