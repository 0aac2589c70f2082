"""Faults during a load of visits, on a broker and a database of the test's own.

A three-node RabbitMQ cluster (tests/support/rabbit_cluster.py) and a PostgreSQL server
(tests/support/private_postgres.py) are started here; the machine's servers are neither
used nor touched. Two instances of visits and two of reporting run as deployed
(`python -m services.<name>`), given every node in AMQP_URI. While visits are captured:

1. the node they are all connected to is killed (-9) with a message parked in
   `visits.integration.retry`: they fail over to the other nodes, keep answering
   /health, and the parked message (its queue's leader was on that node) comes back;
2. a visits instance is SIGKILLed three times (and started again each time);
3. PostgreSQL is stopped as by a crash and started again.

Then every visit is recorded exactly once in visits and counted exactly once by
reporting, nothing is dead-lettered or rejected, and every queue the services declared
is replicated on all three nodes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from services.common.migrate import upgrade
from services.common.publisher import ConfirmingPublisher, Outgoing
from tests.support.amqp import wait_until
from tests.support.http import Client
from tests.support.private_postgres import PrivatePostgres
from tests.support.rabbit_cluster import RabbitCluster, pick_port
from tests.support.servers import NAMESPACE, free_port

VHOST = f"{NAMESPACE}_cluster"
PG_PORT = 31532
HOUSEHOLDS = 1500  # one visit each, the last one parked before the node is killed
RATE = 100  # visits/s published: the faults fall inside the load
SERVICE_ENV = {"WANGGE_AUTH": "off", "EVENT_PREFETCH": "64", "EVENT_RETRY_DELAY_MS": "1000",
               "REPORT_CUTOFF": "23:59", "OUTBOX_RELAY": "thread",
               "VISITS_SKIP_MIGRATE": "1", "REPORTING_SKIP_MIGRATE": "1"}


@pytest.fixture(scope="module")
def cluster():
    nodes = RabbitCluster(3, prefix=f"{NAMESPACE}_c").start()  # two runs: two clusters
    try:
        nodes.add_vhost(VHOST)
        yield nodes
    finally:
        nodes.stop()


@pytest.fixture(scope="module")
def postgres():
    server = PrivatePostgres(pick_port(PG_PORT)).start()
    try:
        yield server
    finally:
        server.stop()


class Instance:
    """One service process; `up` while it is known to be serving (the health watch
    polls only those)."""

    def __init__(self, service: str, env: dict, log_dir: Path, number: int) -> None:
        self.service, self.env, self.number = service, env, number
        self.log_path = log_dir / f"{service}-{number}.log"
        self.address = f"127.0.0.1:{free_port()}"
        self.proc: subprocess.Popen | None = None
        self.up = False

    @property
    def name(self) -> str:
        return f"{self.service}-{self.number}"

    @property
    def base_url(self) -> str:
        return f"http://{self.address}"

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", f"services.{self.service}"],
                env={**os.environ, **self.env, "WEB_SERVER_ADDRESS": self.address},
                stdout=log, stderr=subprocess.STDOUT)

    def health(self, timeout: float = 15.0) -> int:
        return Client(self.base_url, timeout=timeout).status("GET", "/health")

    def wait_healthy(self, timeout: float = 90.0) -> None:
        def healthy() -> bool:
            assert self.proc.poll() is None, \
                f"{self.name} exited: {self.log_path.read_text()[-3000:]}"
            try:
                return self.health(timeout=5) == 200
            except OSError:
                return False

        wait_until(healthy, timeout=timeout, interval=0.2, what=f"{self.name} healthy")
        self.up = True

    def sigkill(self) -> None:
        self.up = False
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        self.up = False
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)


class HealthWatch:
    """Polls /health of every instance that is up, twice a second: an instance that
    does not answer (a timeout, a refused connection) is a failure, whatever it
    answers (503 is an answer: the truth about a broker or database being away)."""

    def __init__(self, instances: list[Instance]) -> None:
        self.instances = instances
        self.answers: list[tuple[str, int]] = []
        self.failures: list[tuple[str, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for instance in list(self.instances):
                if not instance.up:
                    continue
                try:
                    self.answers.append((instance.name, instance.health()))
                except OSError as exc:
                    if instance.up:  # not killed by the test meanwhile
                        self.failures.append((instance.name, repr(exc)))
            time.sleep(0.5)

    def __enter__(self) -> HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


class Load:
    """Publishes visit_captured bodies at RATE through the confirming publisher given
    every node, as phones' gateway would: a batch whose confirms were lost with its
    node is published again (the inbox makes the repeat a duplicate)."""

    def __init__(self, amqp_uri: str, bodies: list[bytes]) -> None:
        self.publisher = ConfirmingPublisher(amqp_uri, confirm_timeout=20)
        self.bodies = bodies
        self.sent = 0
        self.republished = 0
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            step = RATE // 10
            for first in range(0, len(self.bodies), step):
                batch = [Outgoing(message_id=json.loads(b)["id"],
                                  exchange="integration.events",
                                  routing_key="visit_captured", body=b)
                         for b in self.bodies[first:first + step]]
                self._publish(batch)
                self.sent += len(batch)
                time.sleep(0.1)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc
        finally:
            self.publisher.close()

    def _publish(self, batch: list[Outgoing]) -> None:
        deadline = time.monotonic() + 120
        while True:
            try:
                result = self.publisher.publish_batch(batch)
                if len(result.confirmed) == len(batch):
                    return
            except Exception:  # noqa: BLE001 - the node went: again, on another
                if time.monotonic() > deadline:
                    raise
                self.publisher.close()
            self.republished += 1
            time.sleep(0.2)

    def start(self) -> Load:
        self._thread.start()
        return self

    def wait_sent(self, count: int) -> None:
        wait_until(lambda: self.error or self.sent >= count, timeout=120, interval=0.1,
                   what=f"{count} visits published")
        assert self.error is None, self.error

    def join(self) -> None:
        self._thread.join(timeout=300)
        assert self.error is None, self.error


def _queues(cluster: RabbitCluster) -> list[list[str]]:
    node = cluster.running()[0]
    out = node.ctl("list_queues", "-p", VHOST, "-q", "--no-table-headers", "name", "type",
                   "members", "messages")
    return [line.split("\t") for line in out.splitlines() if line.strip()]


def _connections(cluster: RabbitCluster, node) -> int:
    """Connections of the test's vhost on `node` (the listing covers the cluster: the
    server port tells the node)."""
    out = cluster.running()[0].ctl("list_connections", "-q", "--no-table-headers",
                                   "vhost", "port")
    return sum(1 for line in out.splitlines() if line.split("\t") == [VHOST, str(node.port)])


def _seed(amqp_uri: str, visits_url: str):
    """Visits' database as the visits bench seeds it (areas, households, yesterday's
    door_to_door shifts with volunteers, campaign `bench`), and reporting told the same
    through the broker. → (visit_captured bodies, grids)."""
    from bench.reporting import chain_registry_events
    from bench.visits import _bodies
    from bench.visits import _seed as seed_visits

    campaign, plan = seed_visits(visits_url, HOUSEHOLDS)
    bodies = _bodies(campaign, plan)
    publisher = ConfirmingPublisher(amqp_uri)
    visits_engine = create_engine(visits_url)
    try:
        with visits_engine.connect() as conn:
            outbox = conn.execute(text("select exchange, routing_key, body from outbox "
                                       "order by seq")).all()
        setup = [Outgoing(message_id=f"seed-{n}", exchange=exchange, routing_key=key,
                          body=body if isinstance(body, bytes) else body.encode())
                 for n, (exchange, key, body) in enumerate(
                     [*chain_registry_events(plan), *outbox])]
        result = publisher.publish_batch(setup)
        assert len(result.confirmed) == len(setup), result
    finally:
        publisher.close()
        visits_engine.dispose()
    return bodies, sorted({grid for _code, grid, _key in plan})


def _count(engine, statement: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(statement)).scalar() or 0)


def _park(amqp_uri: str, body: bytes) -> None:
    """One visit parked as a failed message is: in visits.integration.retry, back in its
    queue after its expiration."""
    publisher = ConfirmingPublisher(amqp_uri)
    try:
        result = publisher.publish_batch([Outgoing(
            message_id=json.loads(body)["id"], exchange="visits.parking",
            routing_key="visits.integration.retry", body=body, expiration="6000",
            headers={"x-wangge-attempts": 1, "x-wangge-routing-key": "visit_captured",
                     "x-wangge-exchange": "integration.events",
                     "x-wangge-queue": "visits.integration"})])
        assert len(result.confirmed) == 1
    finally:
        publisher.close()


def test_failover_sigkills_and_a_database_restart_lose_and_double_nothing(
        cluster, postgres, tmp_path):
    amqp_uri = cluster.uri(VHOST)
    urls = {}
    for service in ("visits", "reporting"):
        urls[service] = postgres.create_database(f"wg_{service}")
        upgrade(service, urls[service])
    engines = {s: create_engine(u, pool_pre_ping=True) for s, u in urls.items()}
    env = {**SERVICE_ENV, "AMQP_URI": amqp_uri, "VISITS_DATABASE_URL": urls["visits"],
           "REPORTING_DATABASE_URL": urls["reporting"]}
    reporting = [Instance("reporting", env, tmp_path, n) for n in (1, 2)]
    visits = [Instance("visits", env, tmp_path, n) for n in (1, 2)]
    try:
        # reporting's queues first: it must hear what visits' seeding announced
        for instance in reporting:
            instance.start()
        for instance in reporting:
            instance.wait_healthy()
        bodies, grids = _seed(amqp_uri, urls["visits"])
        wait_until(lambda: _count(engines["reporting"], "select count(*) from campaigns "
                                  "where campaign_id = 'bench'") == 1,
                   timeout=60, what="the campaign in reporting")
        for instance in visits:
            instance.start()
        for instance in visits:
            instance.wait_healthy()
        first = cluster.nodes[0]
        # AMQP_URI lists it first: every connection of the four is on it (each one's
        # consumers; an outbox relay connects once it has something to publish, and
        # /health probes on short connections of its own)
        assert _connections(cluster, first) >= 4
        assert [_connections(cluster, node) for node in cluster.nodes[1:]] == [0, 0]

        loaded, parked = bodies[:-1], bodies[-1]
        with HealthWatch([*visits, *reporting]) as watch:
            load = Load(amqp_uri, loaded).start()
            load.wait_sent(len(loaded) // 5)
            _park(amqp_uri, parked)

            # 1. the node everyone is connected to dies
            first.kill()
            killed = time.monotonic()
            for instance in [*visits, *reporting]:
                instance.wait_healthy(timeout=60)  # failed over: the broker answers again
            assert not watch.failures, watch.failures
            healthy_after = time.monotonic() - killed
            # publishing and consuming go on: visits published after the kill (a second's
            # worth more than those before it and the parked one) are recorded
            target = load.sent + 1 + RATE
            wait_until(lambda: _count(engines["visits"], "select count(*) from visits")
                       >= target, timeout=90, interval=0.2,
                       what="visits published after the failover recorded")
            print(f"\n{first.name} killed: all four healthy again within "
                  f"{healthy_after:.1f}s; {target} visits recorded "
                  f"{time.monotonic() - killed:.1f}s after the kill")

            # 2. a visits instance SIGKILLed three times during the load
            for round_ in range(3):
                load.wait_sent(len(loaded) * (2 + round_) // 6)
                victim = visits[round_ % 2]
                victim.sigkill()
                victim.start()
                victim.wait_healthy()

            # 3. the database crashes and comes back
            load.wait_sent(len(loaded) * 5 // 6)
            postgres.restart(crash=True)
            for instance in [*visits, *reporting]:
                instance.wait_healthy(timeout=90)
            load.join()

            total = len(bodies)
            wait_until(lambda: _count(engines["visits"], "select count(*) from visits")
                       >= total, timeout=180, interval=0.5, what=f"{total} visits recorded")
            grid_sum = ("select sum(value) from counters where metric = 'visits' and dim = "
                        "'' and campaign = 'bench' and area_code = any(array[{}])").format(
                            ", ".join(f"'{g}'" for g in grids))
            wait_until(lambda: _count(engines["reporting"], grid_sum) >= total,
                       timeout=180, interval=0.5, what=f"{total} visits in reporting")
        print(f"batches published again after a lost confirm: {load.republished}; "
              f"/health answers: {len(watch.answers)}, not 200: "
              f"{sum(1 for _, status in watch.answers if status != 200)}")
        # nobody stopped answering, also while the database was away (a 503 is fine)
        assert not watch.failures, watch.failures
        assert {name for name, _ in watch.answers} >= {i.name for i in [*visits, *reporting]}

        visits_db, reporting_db = engines["visits"], engines["reporting"]
        assert _count(visits_db, "select count(*) from visits") == total
        assert _count(visits_db, "select count(distinct visit_id) from visits") == total
        assert _count(visits_db, "select count(*) from rejected_events") == 0
        wait_until(lambda: _count(visits_db, "select count(*) from outbox where "
                                  "published_at is null") == 0, timeout=60,
                   what="visits' outbox published")
        assert _count(visits_db, "select count(*) from outbox where type = "
                      "'visits.visit_recorded'") == total
        time.sleep(2)  # anything doubled would still be on its way: let it land first
        assert _count(reporting_db, grid_sum) == total
        assert _count(reporting_db, "select count(*) from seen_visits") == total
        assert _count(reporting_db, "select count(*) from rejected_events") == 0

        queues = _queues(cluster)
        names = {q[0] for q in queues}
        assert {"visits.integration.retry", "reporting.visits.retry", "wangge.history"} \
            <= names
        for name, kind, members, messages in queues:
            if name.endswith(".dead"):
                assert messages == "0", f"{name} holds {messages} message(s)"
            if name.startswith(("visits.", "reporting.")) or name == "wangge.history":
                # replicated: a node's loss loses nothing parked, waiting or retained
                assert kind in ("quorum", "stream"), (name, kind)
                assert all(n.name in members for n in cluster.nodes), (name, members)
    finally:
        for instance in [*visits, *reporting]:
            instance.stop()
        for engine in engines.values():
            engine.dispose()
