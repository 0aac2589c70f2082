"""Whole-system tests (examples, the event CLI, hostile input, the live OpenAPI documents,
migrations) run several services at once: their fixtures, as their own directories
define them."""

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
from tests.integration.visits.conftest import (  # noqa: F401 - the visits service's fixtures
    clean_visits_db,
    purge_visits_queues,
    visits,
    visits_config,
    visits_db,
    visits_db_url,
    visits_mid_morning,
    visits_outbox,
    visits_settings,
    visits_sql,
)
