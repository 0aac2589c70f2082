"""Eventlet set-up that must happen before anything opens a socket."""

import warnings

_patched = False


def quiet_eventlet_notice() -> None:
    """nameko 2 runs on eventlet, whose deprecation notice is known (the README says so);
    left on, it is the first thing a CLI user or a new user of `make run` reads."""
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")


def patch() -> None:
    """Monkey-patch the standard library and make psycopg2 yield to the eventlet hub.

    Without the psycopg2 patch a slow query blocks the hub, and a blocked hub misses
    broker heartbeats (docs/architecture.md, traps).
    """
    global _patched
    if _patched:
        return
    quiet_eventlet_notice()
    import eventlet

    eventlet.monkey_patch()
    from eventlet.support import psycopg2_patcher

    psycopg2_patcher.make_psycopg_green()
    _patched = True
