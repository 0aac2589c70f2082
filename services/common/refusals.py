"""How a service refuses work, the same way over HTTP and for inbound events.

`Refused` (services/common/errors.py) carries every (field, reason) at once, so
`json_api` answers 400 naming each field; `rejecting_with` turns refusals into the
inbox's `Rejected` (the message kept with its reason, `<service>.event_rejected`
answering it, the savepoint undoing whatever the handler wrote).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from services.common.errors import Conflict, NotFound, Refused
from services.common.inbound import Rejected


def rejecting_with(key_fields: dict[str, str]) -> Callable[[Callable], Callable]:
    """A decorator for inbound handlers. `key_fields` maps what a NotFound names
    ("shift") to the payload field that named it ("shift_key")."""

    def rejecting(handler: Callable) -> Callable:
        @wraps(handler)
        def wrapper(session, env, data):
            try:
                return handler(session, env, data)
            except Refused as exc:
                raise Rejected(exc.reason, {f"data.{field}": reasons
                                            for field, reasons in exc.messages_dict.items()}
                               ) from None
            except Conflict as exc:
                raise Rejected(f"data.{exc.field}: {exc.reason}",
                               {f"data.{exc.field}": [exc.reason]}) from None
            except NotFound as exc:
                field = f"data.{key_fields.get(exc.what, exc.what)}"
                raise Rejected(f"{field}: {exc}", {field: [str(exc)]}) from None

        return wrapper

    return rejecting
