"""What an inbox takes and gives: the incoming message, a handler's signature, `Rejected`
(an event that cannot be applied) and the result of each message."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from services.common.envelope import Envelope
from services.common.free_text import mask_identifiers

Handler = Callable[[Session, Envelope, dict], None]


@dataclass(frozen=True)
class Incoming:
    body: bytes
    routing_key: str = ""
    exchange: str = ""
    headers: dict = field(default_factory=dict)


class Outcome(enum.Enum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


class Rejected(Exception):
    """Raised by a handler when the event is well-formed but cannot be applied."""

    def __init__(self, reason: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.errors = errors or {}


@dataclass(frozen=True)
class Failed:
    """A message whose handler raised: it goes to retry, then to the dead-letter queue."""

    error: BaseException

    def describe(self) -> str:
        # goes to logs and to the dead letter's headers: never an ID number or phone
        return mask_identifiers(f"{type(self.error).__name__}: {self.error}"[:2000])


Result = Outcome | Failed
# the outcome label of wangge_events_total (services/common/metrics.py)
METRIC_OUTCOME = {Outcome.APPLIED: "handled", Outcome.DUPLICATE: "duplicate",
                  Outcome.REJECTED: "rejected"}


def metric_outcome(result: Result) -> str:
    return METRIC_OUTCOME.get(result, "failed") if isinstance(result, Outcome) else "failed"
