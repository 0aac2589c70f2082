"""The CloudEvents 1.0 envelope (structured JSON mode) every message carries."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from services.common import untrusted

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"


class EnvelopeSchema(Schema):
    specversion = fields.String(required=True, validate=validate.Equal(SPECVERSION))
    id = fields.String(required=True, validate=validate.Length(min=1, max=200))
    source = fields.String(required=True, validate=validate.Length(min=1, max=500))
    type = fields.String(required=True, validate=validate.Length(min=3, max=200))
    time = fields.AwareDateTime(required=True)
    datacontenttype = fields.String(
        load_default=CONTENT_TYPE, validate=validate.Equal(CONTENT_TYPE)
    )
    subject = fields.String(load_default=None, allow_none=True)
    data = fields.Dict(required=True)


_ENVELOPE = EnvelopeSchema()


@dataclass(frozen=True)
class Envelope:
    id: str
    source: str
    type: str
    time: datetime
    data: dict[str, Any]
    subject: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def service(self) -> str:
        return self.type.split(".", 1)[0]

    @property
    def name(self) -> str:
        """The event type without its service prefix: the AMQP routing key."""
        return self.type.split(".", 1)[-1]

    def to_dict(self) -> dict[str, Any]:
        body = {
            "specversion": SPECVERSION,
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "time": self.time.astimezone(UTC).isoformat(),
            "datacontenttype": CONTENT_TYPE,
            "data": self.data,
        }
        if self.subject is not None:
            body["subject"] = self.subject
        return body

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()


def new_envelope(type_: str, data: dict[str, Any], *, source: str, subject: str | None = None,
                 time: datetime | None = None, id_: str | None = None) -> Envelope:
    return Envelope(
        id=id_ or str(uuid.uuid4()),
        source=source,
        type=type_,
        time=time or datetime.now(UTC),
        data=data,
        subject=subject,
    )


def parse_envelope(body: bytes | str | dict) -> Envelope:
    """Decode and validate an envelope; raises ValidationError naming the field."""
    if isinstance(body, bytes | str):
        try:
            body = untrusted.loads(body)
        except untrusted.UntrustedInput as exc:
            raise ValidationError(exc.errors()) from None
    if not isinstance(body, dict):
        raise ValidationError({"_body": ["the message body must be a JSON object"]})
    known = set(_ENVELOPE.fields)
    loaded = _ENVELOPE.load({k: v for k, v in body.items() if k in known})
    return Envelope(
        id=loaded["id"],
        source=loaded["source"],
        type=loaded["type"],
        time=loaded["time"],
        data=loaded["data"],
        subject=loaded["subject"],
        extras={k: v for k, v in body.items() if k not in known},
    )


def _clean(value: Any) -> str | None:
    # kept in text columns and sent on: NUL or a lone surrogate would break both
    if not isinstance(value, str) or untrusted.text_problem(value):
        return None
    return value


def peek_id(body: bytes | str | dict) -> tuple[str | None, str | None]:
    """Best-effort id and type of a message that may not parse, for rejection notices."""
    if isinstance(body, bytes | str):
        # NUL elsewhere in the body does not hide its id; a body that does not parse
        # names none: recording an id read from a broken body as rejected would turn
        # the sender's corrected resend into a silent duplicate
        try:
            body = untrusted.loads(body, check_text=False)
        except untrusted.UntrustedInput:
            return None, None
    if isinstance(body, dict):
        return _clean(body.get("id")), _clean(body.get("type"))
    return None, None
