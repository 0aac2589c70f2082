"""How dispatch refuses work (services/common/refusals.py), with the payload field each
kind of missing thing is named by, and version checks."""

from __future__ import annotations

from services.common.refusals import Refused, refuse_if, rejecting_with
from services.common.web import Conflict

__all__ = ["KEY_FIELDS", "Refused", "check_version", "refuse_if", "rejecting"]

# what a NotFound names → the payload field that named it
KEY_FIELDS = {"shift": "shift_key", "order": "order_id", "unit": "unit_id",
              "volunteer": "volunteer_id", "community": "community_code",
              "site": "site_code"}


def check_version(expected: int | None, current: int) -> None:
    """A client that read version N sends it back; a stale one gets 409."""
    if expected is not None and expected != current:
        raise Conflict("version", f"you read version {expected} but it is now {current}; "
                                  "read it again")


rejecting = rejecting_with(KEY_FIELDS)
