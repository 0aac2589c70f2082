"""Generate the AsyncAPI document of every event from `CONTRACTS`.

`python -m services.common.contracts.asyncapi` writes docs/contracts/asyncapi.json; a
test fails when the committed file differs from what the code generates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from services.common.contracts import CONTRACTS
from services.common.contracts.jsonschema import schema_to_json
from services.common.envelope import EnvelopeSchema

DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "contracts" / "asyncapi.json"


def _message(contract) -> dict:
    envelope = schema_to_json(EnvelopeSchema)
    envelope["properties"]["type"] = {"type": "string", "const": contract.type}
    envelope["properties"]["data"] = schema_to_json(contract.schema)
    return {
        "name": contract.type,
        "title": contract.type,
        "summary": contract.description,
        "contentType": "application/cloudevents+json",
        # false: a notification derived from state its producer keeps and serves; unheard
        # (no queue bound) it is not lost, and its outbox row is pruned all the same
        "x-wangge-retained": contract.retained,
        "payload": envelope,
    }


def document() -> dict:
    channels: dict = {}
    for type_ in sorted(CONTRACTS):
        contract = CONTRACTS[type_]
        service = type_.split(".", 1)[0]
        inbound = service == "integration"
        channels[f"{contract.exchange}/{contract.routing_key}"] = {
            "description": contract.description,
            ("publish" if inbound else "subscribe"): {
                "operationId": type_.replace(".", "_"),
                "summary": ("Other systems publish this; Wangge consumes it." if inbound
                            else f"Published by the {service} service."),
                "message": _message(contract),
            },
            "bindings": {"amqp": {
                "is": "routingKey",
                "exchange": {"name": contract.exchange, "type": "topic", "durable": True,
                             "autoDelete": False, "vhost": "/"},
                "bindingVersion": "0.2.0",
            }},
        }
    return {
        "asyncapi": "2.6.0",
        "info": {
            "title": "Wangge events",
            "version": "1",
            "description": (
                "Every message is a CloudEvents 1.0 envelope in structured JSON mode, "
                "persistent, on the durable topic exchange `<service>.events`, routing key "
                "= the event name. Other systems publish into `integration.events`. "
                "Delivery is at least once: deduplicate on `id`. Consumers bind their own "
                "durable queue. Payload changes are additive; a breaking change gets a new "
                "event type."),
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {"local": {"url": "amqp://127.0.0.1:5672/", "protocol": "amqp",
                              "protocolVersion": "0-9-1"}},
        "channels": channels,
    }


def render() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def main() -> None:
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOC_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC_PATH}", file=sys.stderr)


if __name__ == "__main__":
    main()
