"""How dispatch refuses work, the same way over HTTP and for inbound events."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from marshmallow import ValidationError

from services.common.inbox import Rejected
from services.common.web import Conflict, NotFound

# what a NotFound names → the payload field that named it
KEY_FIELDS = {"shift": "shift_key", "order": "order_id", "unit": "unit_id",
              "volunteer": "volunteer_id", "community": "community_code",
              "site": "site_code"}


class Refused(ValidationError):
    """The rules refuse a request: every (field, reason) at once.

    A marshmallow ValidationError, so `json_api` answers 400 naming each field; inbound
    event handlers turn it into `Rejected` (see `rejecting`).
    """

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = list(problems)
        errors: dict[str, list[str]] = {}
        for field, reason in self.problems:
            errors.setdefault(field, []).append(reason)
        super().__init__(errors)

    @property
    def reason(self) -> str:
        return "; ".join(f"{field}: {reason}" for field, reason in self.problems)


def refuse_if(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise Refused(problems)


def check_version(expected: int | None, current: int) -> None:
    """A client that read version N sends it back; a stale one gets 409."""
    if expected is not None and expected != current:
        raise Conflict("version", f"you read version {expected} but it is now {current}; "
                                  "read it again")


def rejecting(handler: Callable) -> Callable:
    """Turn dispatch's refusals into `Rejected` for the inbox: the message is kept with
    the reason, `dispatch.event_rejected` answers it, and nothing of it is applied."""

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
            field = f"data.{KEY_FIELDS.get(exc.what, exc.what)}"
            raise Rejected(f"{field}: {exc}", {field: [str(exc)]}) from None

    return wrapper
