"""Real RabbitMQ and PostgreSQL, never mocks. A missing server fails the run loudly.

Fixtures every directory uses; each service's own are in its directory's conftest.py, and
the plain functions behind them in tests/support/servers.py."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pika
import pytest

from tests.support.amqp import OutsideClient
from tests.support.event_conformance import published_events_match_the_contract  # noqa: F401
from tests.support.servers import BROKER, VHOST, unreachable

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    """Every test under tests/integration/ needs the real servers: marked so, `-m "not
    integration"` runs the rest without them."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def amqp_uri():
    """A vhost of the tests' own, so a running `make run` cannot steal their messages."""
    try:
        pika.BlockingConnection(pika.URLParameters(BROKER + "/")).close()
    except Exception as exc:  # noqa: BLE001
        unreachable("RabbitMQ at 127.0.0.1:5672", "rabbitmq-server -detached", exc)
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.exit("rabbitmqctl is needed to create the test vhost", returncode=3)
    subprocess.run([ctl, "delete_vhost", VHOST], capture_output=True)
    subprocess.run([ctl, "add_vhost", VHOST], check=True, capture_output=True)
    subprocess.run([ctl, "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*"],
                   check=True, capture_output=True)
    yield f"{BROKER}/{VHOST}"
    subprocess.run([ctl, "delete_vhost", VHOST], capture_output=True)


@pytest.fixture
def outside(amqp_uri):
    client = OutsideClient(amqp_uri)
    yield client
    client.close()
