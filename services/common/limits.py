"""The largest HTTP request body the gateway and the services take (HTTP_MAX_BODY_BYTES).

A body past it is answered 413 before it is read, so one client cannot make a process hold
a body of any size in memory (a 50 MB body was read whole and parsed). The default fits a
city roster import (CSV/XLSX) with room to spare.
"""

from __future__ import annotations

import os

DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024


def max_body_bytes() -> int:
    raw = os.environ.get("HTTP_MAX_BODY_BYTES", "")
    if not raw:
        return DEFAULT_MAX_BODY_BYTES
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"HTTP_MAX_BODY_BYTES: {raw!r} is not a whole number of bytes") \
            from None
    if value < 1:
        raise ValueError(f"HTTP_MAX_BODY_BYTES: {value} must be at least 1")
    return value


def too_large_message(length: int, limit: int) -> str:
    return f"request body of {length} bytes is longer than the {limit} allowed"
