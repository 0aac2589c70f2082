"""Eventlet set-up that must happen before anything opens a socket."""

_patched = False


def patch() -> None:
    """Monkey-patch the standard library and make psycopg2 yield to the eventlet hub.

    Without the psycopg2 patch a slow query blocks the hub, and a blocked hub misses
    broker heartbeats (DESIGN.md, known traps).
    """
    global _patched
    if _patched:
        return
    import warnings

    # eventlet is what nameko 2 runs on; its deprecation notice is known (see the README).
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
    from eventlet.support import psycopg2_patcher

    psycopg2_patcher.make_psycopg_green()
    _patched = True
