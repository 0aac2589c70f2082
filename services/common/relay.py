"""A service's outbox relay in a process of its own: `python -m services.common.relay <service>`.

By default (`OUTBOX_RELAY=thread`) each service relays its outbox from a green thread of
its own eventlet hub. Under a heavy stream of commands (the visits service capturing a
thousand visits a second) that thread and the CPU-bound command batches take turns on one
hub, so an event waits for the next batch to finish before it is published, and every
relay batch delays the next command batch. With `OUTBOX_RELAY=process` the service starts
this module as a child process (and restarts it if it dies); with `OUTBOX_RELAY=off` the
service relays nothing and the operator runs this module as a process of its own (one
compose service per relay, for instance).

It needs no eventlet: plain blocking psycopg2 and py-amqp. The service wakes it at commit
with PostgreSQL's NOTIFY on channel `outbox_<service>` (sent inside the committing
transaction, so it arrives only once the rows are visible); it also polls every
`poll_interval`, for rows committed by anything that did not notify. Several relays of one
service may run side by side: rows are claimed with FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import sys
import threading
from importlib import import_module

import psycopg2
from sqlalchemy.engine import make_url

from services.common.backbone import Backbone
from services.common.history import History

log = logging.getLogger(__name__)

MODES = ("thread", "process", "off")


def mode(configured: str | None = None) -> str:
    """`configured` (a service's nameko config) or else the environment's OUTBOX_RELAY."""
    if configured is None:
        configured = os.environ.get("OUTBOX_RELAY", "thread")
    value = configured.strip().lower() or "thread"
    if value not in MODES:
        raise ValueError(f"OUTBOX_RELAY must be one of {', '.join(MODES)}, not {value!r}")
    return value


def channel(service: str) -> str:
    return f"outbox_{service}"


def notify_sql(service: str) -> str:
    # a constant channel name of our own: no identifier from outside reaches the SQL
    return f"notify {channel(service)}"


def listen(url: str, service: str, wake, stopping: threading.Event) -> None:
    """Call `wake` on every NOTIFY of the service's outbox channel until `stopping`; a lost
    database connection is re-opened (meanwhile the relay's own poll keeps it going)."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    while not stopping.is_set():
        conn = None
        try:
            conn = psycopg2.connect(dsn)
            conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
            with conn.cursor() as cur:
                cur.execute(f"listen {channel(service)}")
            wake()  # rows may have been committed while nobody listened
            while not stopping.is_set():
                if select.select([conn], [], [], 1.0)[0]:
                    conn.poll()
                    if conn.notifies:
                        conn.notifies.clear()
                        wake()
        except psycopg2.Error as exc:
            log.warning("outbox relay: listening for %s failed (%s); retrying", service, exc)
            stopping.wait(1.0)
        finally:
            if conn is not None:
                try:
                    conn.close()
                except psycopg2.Error:  # closing a broken connection
                    pass


def _orphaned(parent: int) -> bool:
    # started by a service (OUTBOX_RELAY=process): stop when it is gone, whatever killed it
    return parent > 1 and os.getppid() != parent


def run(service: str, *, parent: int = 0) -> None:
    models = import_module(f"services.{service}.adapters.models")
    backbone = Backbone.create(service, models.MESSAGING, pool_size=3)
    relay = backbone.relay
    relay.poll_interval = float(os.environ.get("OUTBOX_POLL_SECONDS", "0.5"))
    stopping = threading.Event()

    def stop(*_args) -> None:
        stopping.set()
        relay.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=listen, args=(backbone.db.url, service, relay.wake, stopping),
                     name="outbox-listen", daemon=True).start()
    if parent:
        def watch_parent() -> None:
            while not stopping.wait(1.0):
                if _orphaned(parent):
                    log.warning("outbox relay: service %s (pid %d) is gone; stopping",
                                service, parent)
                    stop()

        threading.Thread(target=watch_parent, name="outbox-parent", daemon=True).start()
    history = History.from_config({"AMQP_URI": relay.publisher.uri})
    log.info("outbox relay for %s running", service)
    try:
        history.before(relay.run_forever, stopped=stopping.is_set)()
    finally:
        backbone.close()
        log.info("outbox relay for %s stopped (%d published)", service, relay.published)


def main(argv: list[str] | None = None) -> None:
    from services.common.logs import configure

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in ("registry", "dispatch", "visits", "reporting",
                                             "accounts"):
        print("usage: python -m services.common.relay "
              "registry|dispatch|visits|reporting|accounts", file=sys.stderr)
        sys.exit(2)
    configure()
    run(args[0], parent=int(os.environ.get("OUTBOX_RELAY_PARENT", "0")))


if __name__ == "__main__":
    main()
