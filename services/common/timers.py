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


def periodic(interval: float):
    """nameko's @timer, firing once as the service starts and then every `interval`
    seconds. A timer that first fires one interval after the start never fires at all in
    a service restarted more often than that, and what it owes (shifts to wind up and
    split, requests to escalate) waits for ever."""
    from nameko.timer import timer

    return timer(interval=interval, eager=True)


def in_background(what: str, fn: Callable, *args: Any, **kwargs: Any) -> None:
    """Run `fn` once as a tick (logged, never raised) in a green thread of its own: work a
    request starts but need not hold its answer for. `fn` opens its own transactions;
    whatever it leaves undone when the service stops, a timer must be able to pick up."""
    import eventlet

    eventlet.spawn_n(tick, what, fn, *args, **kwargs)
