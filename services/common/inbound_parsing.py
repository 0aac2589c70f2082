"""What an inbox makes of an incoming body before any handler sees it: the envelope and
its payload validated against the published contract, or `Rejected` naming every field
at fault, with what the rejection keeps (ids cut to their columns, identifiers masked)."""

from __future__ import annotations

from collections.abc import Callable, Container

from marshmallow import ValidationError

from services.common.contracts import UnknownEventType, load_payload
from services.common.envelope import Envelope, parse_envelope, peek_id
from services.common.free_text import mask_identifiers
from services.common.inbound import Rejected

EnvelopeLoader = Callable[[bytes], Envelope]
PayloadLoader = Callable[[str, dict], dict]


def flatten(errors: dict, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested errors as {"data.id_number": [...]}: the shape the
    event_rejected contract documents (field → list of reasons), and the one handlers use."""
    flat: dict[str, list[str]] = {}
    for key, messages in errors.items():
        if isinstance(messages, dict):
            flat.update(flatten(messages, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = messages if isinstance(messages, list) else [messages]
    return flat


def reason(errors: dict) -> str:
    """One line naming every bad field by its full path (data.id_number: …)."""
    return "; ".join(f"{key}: {messages[0] if messages else ''}"
                     for key, messages in flatten(errors).items())


def masked_errors(errors: dict) -> dict[str, list[str]]:
    """errors with identifiers masked in field names and reasons alike: a field's path is
    made of the sender's keys (`data.440106199910132683` when an ID number is a key), and
    a reason may quote a value. Two fields whose names mask alike keep both reasons."""
    masked: dict[str, list[str]] = {}
    for key, messages in errors.items():
        name = mask_identifiers(str(key)) or str(key)
        items = messages if isinstance(messages, list) else [messages]
        masked.setdefault(name, []).extend(
            mask_identifiers(m) if isinstance(m, str) else m for m in items)
    return masked


def fit(value: str | None, size: int) -> str | None:
    return value[:size] if value is not None else None


def peek(body: bytes) -> tuple[str | None, str | None]:
    """The id and type a body names, as they can be kept in the inbox's columns."""
    event_id, event_type = peek_id(body)
    # An id or type too long for its column (the envelope refuses them) must still be
    # kept, not turn the rejection itself into a database error and a dead letter.
    if event_id is not None and len(event_id) > 200:
        event_id = None
    return event_id, fit(event_type, 200)


def parse_message(body: bytes, handled: Container[str], consumer: str,
                  load_envelope: EnvelopeLoader = parse_envelope,
                  load_payload: PayloadLoader = load_payload) -> tuple[Envelope, dict]:
    """The envelope and its validated payload, or Rejected naming the fields at fault:
    one set of rejection reasons for every consumer, inbox or projection."""
    try:
        env = load_envelope(body)
    except ValidationError as exc:
        raise Rejected("invalid envelope: " + reason(exc.messages_dict),
                       flatten(exc.messages_dict)) from None
    if env.type not in handled:
        raise Rejected(f"type: {env.type} is not handled here",
                       {"type": [f"{env.type} is not handled by {consumer}"]})
    try:
        payload = load_payload(env.type, env.data)
    except UnknownEventType:
        raise Rejected(f"type: {env.type} has no contract",
                       {"type": ["no published contract"]}) from None
    except ValidationError as exc:
        errors = flatten(exc.messages_dict, "data.")
        raise Rejected(reason(errors), errors) from None
    return env, payload
