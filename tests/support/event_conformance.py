"""Every event the services really publish during the integration tests is checked against
the generated AsyncAPI document (finding 17 of issue 11: 134 real events broke their own
schema while hand-made samples passed).

The observer wraps `ConfirmingPublisher.send`, the one place every outbox relay hands its
rows to the broker, so what is checked is the bytes that go out, and `Outbox.add_envelopes`,
so events written but not yet relayed when a test ends are checked too. It only reads:
everything is written and published unchanged. A violation fails the test during which
the event was written or published.
"""

from __future__ import annotations

import json
from collections import Counter

import jsonschema
import pytest

from services.common.contracts.asyncapi import document
from services.common.outbox import Outbox
from services.common.publisher import ConfirmingPublisher

# events from other systems (integration.events) are what tests send on purpose, broken
# ones included; Wangge's own exchanges must carry only what the document promises
_OWN = ("registry.events", "dispatch.events", "visits.events", "reporting.events")
SEEN: Counter = Counter()


def _validators() -> dict[tuple[str, str], jsonschema.Draft7Validator]:
    out = {}
    for channel in document()["channels"].values():
        op = channel.get("subscribe") or channel["publish"]
        binding = channel["bindings"]["amqp"]
        schema = op["message"]["payload"]
        jsonschema.Draft7Validator.check_schema(schema)
        out[(binding["exchange"]["name"], op["message"]["name"].split(".", 1)[1])] = \
            jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return out


VALIDATORS = _validators()


def violations(exchange: str, routing_key: str, body: bytes, *,
               unknown_keys: bool = False) -> list[str]:
    """What is wrong with one published message, by the document; [] when nothing.
    `unknown_keys`: a routing key no contract names is the test's own doing."""
    validator = VALIDATORS.get((exchange, routing_key))
    if validator is None:
        return [] if unknown_keys else [
            f"{exchange}/{routing_key}: no such channel in docs/contracts/asyncapi.json"]
    event = json.loads(body)
    return [f"{exchange}/{routing_key} {'.'.join(map(str, e.absolute_path)) or '.'}: "
            f"{e.message}" for e in validator.iter_errors(event)]


@pytest.fixture(autouse=True)
def published_events_match_the_contract(monkeypatch, request):
    found: list[str] = []
    unknown_keys = request.node.get_closest_marker("off_contract_routing_keys") is not None
    original = ConfirmingPublisher.send

    def send(self, messages):
        for message in messages:
            if message.exchange in _OWN:
                SEEN[f"{message.exchange}/{message.routing_key}"] += 1
                found.extend(violations(message.exchange, message.routing_key, message.body,
                                        unknown_keys=unknown_keys))
        return original(self, messages)

    def add_envelopes(self, session, envelopes):
        # also what is written but not relayed before the test ends (a relay-less
        # import, a process relay): the outbox row is the published body
        for e in envelopes:
            exchange = f"{e.service}.events"
            if exchange in _OWN:
                SEEN[f"{exchange}/{e.name}"] += 1
                found.extend(violations(exchange, e.name, e.to_json()))
        return add_original(self, session, envelopes)

    add_original = Outbox.add_envelopes
    monkeypatch.setattr(ConfirmingPublisher, "send", send)
    monkeypatch.setattr(Outbox, "add_envelopes", add_envelopes)
    yield
    assert not found, "published events break docs/contracts/asyncapi.json:\n" + "\n".join(
        sorted(set(found))[:20])
