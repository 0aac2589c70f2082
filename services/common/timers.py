"""What every service's timers share: a tick that fails (the database is away) is logged
in one line and tried again at the next tick, never raised into nameko's timer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def tick(what: str, fn: Callable, *args: Any, describe: Callable[[Any], str] | None = None,
         **kwargs: Any) -> Any:
    """Run one tick; log what it did (when `describe` says something, or the result is
    truthy) or why it failed. Returns the result, None on failure."""
    try:
        result = fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - next tick tries again
        log.warning("%s failed: %s", what, type(exc).__name__)
        return None
    message = describe(result) if describe is not None else (str(result) if result else "")
    if message:
        log.info("%s: %s", what, message)
    return result
