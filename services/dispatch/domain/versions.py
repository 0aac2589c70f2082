"""Optimistic concurrency: a client changes what it read, or is told to read again."""

from __future__ import annotations

from services.common.errors import Conflict


def check_version(expected: int | None, current: int) -> None:
    """A client that read version N sends it back; a stale one gets a conflict (409)."""
    if expected is not None and expected != current:
        raise Conflict("version", f"you read version {expected} but it is now {current}; "
                                  "read it again")
