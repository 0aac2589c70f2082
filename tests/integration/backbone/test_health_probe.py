"""/health probes the broker on a connection of its own (services/common/health.py): the
relay holds its publisher while it waits for a batch's confirms (up to 30 s), and a probe
that queued behind it answered 503 although the broker was fine."""

from __future__ import annotations

from tests.support.http import Client


def health(base_url: str) -> tuple[int, dict]:
    return Client(base_url).get("/health")


def test_health_stays_200_while_the_relay_holds_its_publisher(registry):
    store = list(registry.containers)[0].dependencies
    backbone = next(d for d in store if hasattr(d, "backbone")).backbone
    publisher = backbone.relay.publisher
    # what the relay holds while it waits for confirms (publisher.wait)
    with publisher._lock:
        status, body = health(registry.base_url)
    assert (status, body["broker"]) == (200, "ok"), body


def test_health_names_an_unreachable_broker(registry_config, purge_registry_queues):
    from services.registry.entrypoints.service import RegistryService
    from tests.support.servers import free_port, running

    service = running(RegistryService, registry_config)
    runner = next(service)
    try:
        store = list(runner.containers)[0].dependencies
        backbone = next(d for d in store if hasattr(d, "backbone")).backbone
        # the probe connects to where the publisher would: a port nobody listens on
        backbone.relay.publisher.uri = f"amqp://guest:guest@127.0.0.1:{free_port()}/"
        status, body = health(runner.base_url)
    finally:
        next(service, None)
    assert status == 503 and body["broker"].startswith("unreachable"), body
