"""How a rule says no, in plain Python: no web framework, no broker, no schema library.

Use cases and domain functions raise these; the edges translate them. Over HTTP
`web.json_api` answers 404 (`NotFound`), 409 (`Conflict`) and 400 naming each field
(`Refused`); for inbound events `refusals.rejecting_with` turns each into the inbox's
`Rejected`, kept with its reason. So a rule can be tested without a server and reads the
same wherever it is called from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class DomainError(Exception):
    """Something the rules refuse; never a crash."""


class NotFound(DomainError):
    """The thing a request names does not exist (or is outside what the caller may see)."""

    def __init__(self, what: str, key: Any) -> None:
        super().__init__(f"{what} {key} not found")
        self.what, self.key = what, key


class Conflict(DomainError):
    """The request is well formed but clashes with what is recorded (a version, a state)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


class Refused(DomainError):
    """The rules refuse a request: every (field, reason) at once."""

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__(self.reason)

    @classmethod
    def from_errors(cls, errors: dict[str, list[str]], prefix: str = "") -> Refused:
        return cls((f"{prefix}{field}", reason) for field, reasons in errors.items()
                   for reason in reasons)

    @property
    def messages_dict(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for field, reason in self.problems:
            errors.setdefault(field, []).append(reason)
        return errors

    # marshmallow's name for the same thing: callers that handle both read one attribute
    messages = messages_dict

    @property
    def reason(self) -> str:
        return "; ".join(f"{field}: {reason}" for field, reason in self.problems)


def refuse_if(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise Refused(problems)
