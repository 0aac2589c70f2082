"""How visits refuses work, the same way over HTTP and for inbound events."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from marshmallow import ValidationError

from services.common.inbox import Rejected
from services.common.web import Conflict, NotFound

# what a NotFound names → the payload field that named it
KEY_FIELDS = {"campaign": "campaign_id", "household": "household_code", "shift": "shift_key",
              "visit": "visit_id", "request": "request_id", "grid": "grid_code",
              "volunteer": "volunteer_id"}


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


def rejecting(handler: Callable) -> Callable:
    """Turn visits' refusals into `Rejected` for the inbox: the message is kept with the
    reason, `visits.event_rejected` answers it, and the savepoint undoes whatever the
    handler had written."""

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
