"""Two instances of reporting, as a deployment scales it (separate processes on one
database and one set of queues): they share the work, the figures are exact, and each
one's /metrics counts what that instance handled, so the two add up to what was sent."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.amqp import wait_until
from tests.support.http import Client
from tests.support.metrics import scrape, value
from tests.support.servers import free_port

from . import world as w
from .helpers import coverage, publish

PER_GRID = 150


class Instance:
    def __init__(self, proc: subprocess.Popen, base_url: str) -> None:
        self.proc = proc
        self.base_url = base_url


def _start(env: dict, log_path) -> Instance:
    address = f"127.0.0.1:{free_port()}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "services.reporting"],
                                env={**env, "WEB_SERVER_ADDRESS": address},
                                stdout=log, stderr=subprocess.STDOUT)
    instance = Instance(proc, f"http://{address}")

    def healthy() -> bool:
        assert proc.poll() is None, f"reporting exited: {log_path.read_text()[-3000:]}"
        try:
            return Client(instance.base_url, timeout=5).status("GET", "/health") == 200
        except OSError:
            return False

    wait_until(healthy, timeout=60, interval=0.2, what=f"reporting at {address}")
    return instance


@pytest.fixture
def two_instances(amqp_uri, clean_reporting_db, purge_reporting_queues, tmp_path):
    env = {**os.environ, "AMQP_URI": amqp_uri, "REPORTING_DATABASE_URL": clean_reporting_db,
           "REPORTING_SKIP_MIGRATE": "1", "WANGGE_AUTH": "off", "HISTORY_STREAM": "",
           "EVENT_PREFETCH": "64", "REPORT_CUTOFF": "20:00"}
    instances = []
    try:
        for n in (1, 2):
            instances.append(_start(env, tmp_path / f"reporting-{n}.log"))
        yield instances
    finally:
        for instance in instances:
            instance.proc.terminate()
        for instance in instances:
            try:
                instance.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                instance.proc.kill()


def _handled(sample: dict, consumer: str, outcome: str = "handled") -> float:
    return value(sample, "wangge_events_total", service="reporting", consumer=consumer,
                 outcome=outcome)


def _figures(instance: Instance, code: str) -> dict:
    return Client(instance.base_url).ok("GET", f"/areas/{code}/figures?day={w.DAY}")


def test_two_instances_share_the_work_and_each_counts_its_own(two_instances, producer,
                                                              outside):
    first, second = two_instances
    publish(producer, w.areas())
    wait_until(lambda: _handled(scrape(first.base_url), "registry")
               + _handled(scrape(second.base_url), "registry") == len(w.areas()),
               timeout=30, what="the areas")
    setup = w.households(w.G1, PER_GRID, 1000) + w.households(w.G2, PER_GRID, 5000) \
        + [w.campaign(2 * PER_GRID)]
    publish(producer, setup)
    visits = [e for grid in (w.G1, w.G2) for n in range(PER_GRID)
              for e in w.visit(grid, n, "reached" if n % 2 else "not_home", f"{grid}-{n}")]
    sent = publish(producer, visits)
    producer.republish(sent[0])  # a redelivery: a duplicate, counted once as such
    producer.publish_raw("visit_recorded", '{"not": "an event"}', exchange="visits.events")

    expected_visits = len([e for e in visits if e[0] == "visits.visit_recorded"])

    def settled() -> bool:
        cov = coverage(_figures(first, w.CITY), w.CAMPAIGN)
        return cov.get("visits", {}).get("to_date") == expected_visits

    wait_until(settled, timeout=60, interval=0.2, what="every visit projected")
    reached = PER_GRID  # odd n in both grids
    cov = coverage(_figures(second, w.CITY), w.CAMPAIGN)
    assert (cov["reached"], cov["not_home"], cov["target"]) == \
        (reached, 2 * PER_GRID - reached, 2 * PER_GRID)

    def totals() -> tuple[list, list]:
        samples = [scrape(i.base_url) for i in (first, second)]
        per = [{(c, o): _handled(s, c, o) for c in ("registry", "visits")
                for o in ("handled", "duplicate", "rejected")} for s in samples]
        return per, [sum(p[k] for p in per) for k in sorted(per[0])]

    wanted = {("registry", "handled"): len(w.areas()) + 2 * PER_GRID,
              ("visits", "handled"): len(visits) + 1,  # the campaign
              ("visits", "duplicate"): 1, ("visits", "rejected"): 1}
    wait_until(lambda: all(sum(p[k] for p in totals()[0]) == n for k, n in wanted.items()),
               timeout=30, what=f"metrics adding up to {wanted}: {totals()[0]}")
    per, _ = totals()
    # both took a share of the visits, and each /metrics shows only its own
    assert all(p[("visits", "handled")] > 0 for p in per), per
    for key in (("registry", "duplicate"), ("registry", "rejected")):
        assert sum(p[key] for p in per) == 0
    assert outside.queue_depth("reporting.visits.dead") == 0
