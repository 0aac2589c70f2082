"""Real RabbitMQ and PostgreSQL, never mocks. A missing server fails the run loudly.

The services' fixtures are in tests/support/fixtures/ (registered for the whole suite by
tests/conftest.py), the plain functions behind them in tests/support/servers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

# autouse, so only here: every event the integration tests publish is checked
from tests.support.event_conformance import published_events_match_the_contract  # noqa: F401

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    """Every test under tests/integration/ needs the real servers: marked so, `-m "not
    integration"` runs the rest without them."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.integration)
