"""How visits refuses work (services/common/refusals.py), with the payload field each
kind of missing thing is named by."""

from __future__ import annotations

from services.common.errors import Refused, refuse_if
from services.common.refusals import rejecting_with

__all__ = ["KEY_FIELDS", "Refused", "refuse_if", "rejecting"]

# what a NotFound names → the payload field that named it
KEY_FIELDS = {"campaign": "campaign_id", "household": "household_code", "shift": "shift_key",
              "visit": "visit_id", "request": "request_id", "grid": "grid_code",
              "volunteer": "volunteer_id"}
rejecting = rejecting_with(KEY_FIELDS)
