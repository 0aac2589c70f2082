"""How dispatch names what an inbound event was refused for: the payload field each kind
of missing thing is named by (services/common/refusals.py turns the neutral errors of
services/common/errors.py into the inbox's rejections)."""

from __future__ import annotations

from services.common.refusals import rejecting_with

__all__ = ["KEY_FIELDS", "rejecting"]

# what a NotFound names → the payload field that named it
KEY_FIELDS = {"shift": "shift_key", "order": "order_id", "unit": "unit_id",
              "volunteer": "volunteer_id", "community": "community_code",
              "site": "site_code"}

rejecting = rejecting_with(KEY_FIELDS)
