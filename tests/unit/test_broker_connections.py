"""How connections to the broker's nodes are made: the module-level `brokers.connect`
starts from the node that answered last (one Brokers per AMQP_URI), and the dead-letter
tools keep the TLS settings of AMQP_URI (services/common/brokers.py, deadletters.py)."""

from __future__ import annotations

import uuid

from services.common import brokers


class _Node:
    """A connection class as brokers.connect takes one (its `connection_cls`): node 1
    refuses, the others answer; every attempt is noted."""

    tried: list[str] = []

    def __init__(self, host: str, **_kwargs) -> None:
        self.host = host

    def connect(self) -> None:
        _Node.tried.append(self.host)
        if self.host.startswith("n1:"):
            raise ConnectionRefusedError(111, "refused")

    def collect(self) -> None:
        pass


def test_connect_starts_from_the_node_that_answered_last():
    # a vhost of its own: no other test shares this URI's Brokers
    uri = f"amqp://wg:pw@n1:5672/{uuid.uuid4().hex};amqp://n2:5672;amqp://n3:5672"
    _Node.tried = []
    assert brokers.connect(uri, _Node).host == "n2:5672"
    assert brokers.connect(uri, _Node).host == "n2:5672"
    # node 1 (down, or dropping packets: a whole connect timeout) was tried once only
    assert _Node.tried == ["n1:5672", "n2:5672", "n2:5672"]
    assert brokers.shared(uri) is brokers.shared(uri)
