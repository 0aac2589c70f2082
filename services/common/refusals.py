"""How a service refuses work, the same way over HTTP and for inbound events.

`Refused` is a marshmallow ValidationError carrying every (field, reason) at once, so
`json_api` answers 400 naming each field; `rejecting_with` turns refusals into the
inbox's `Rejected` (the message kept with its reason, `<service>.event_rejected`
answering it, the savepoint undoing whatever the handler wrote).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from marshmallow import ValidationError

from services.common.inbox import Rejected
from services.common.web import Conflict, NotFound


class Refused(ValidationError):
    """The rules refuse a request: every (field, reason) at once."""

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = list(problems)
        errors: dict[str, list[str]] = {}
        for field, reason in self.problems:
            errors.setdefault(field, []).append(reason)
        super().__init__(errors)

    @classmethod
    def from_errors(cls, errors: dict[str, list[str]], prefix: str = "") -> Refused:
        return cls((f"{prefix}{field}", reason) for field, reasons in errors.items()
                   for reason in reasons)

    @property
    def reason(self) -> str:
        return "; ".join(f"{field}: {reason}" for field, reason in self.problems)


def refuse_if(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise Refused(problems)


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
