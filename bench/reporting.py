"""The reporting section of `python -m bench`: freshness under load, and a rebuild.

(a) Freshness: visits events are published at a sustained rate (BENCH_VISITS_PER_S,
    default 1,000 visits/s for BENCH_SECONDS, default 20 s) to visits.events, with pika,
    as the visits service would publish them (visit_recorded + household_state_changed
    per visit). `python -m services.reporting` runs as deployed; a poller reads each
    grid's visit figure every 20 ms. A visit's latency is from its publish to the first
    poll that shows it. The path measured is visits.events → reporting, not through the
    visits service (integration.visit_captured → visits → visits.events): the output
    says so.
(b) Rebuild: BENCH_REBUILD_VISITS (default 1,000,000) visit_recorded events are written
    straight into the history stream, then the read models are rebuilt from the whole
    stream; prints the time and events/s.

Everything is the bench's own (vhost and database wangge_bench_reporting).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import amqp
import pika
from sqlalchemy import create_engine, text

from services.common.config import DEFAULT_PG, local_tz
from services.common.contracts import dump_payload
from services.common.db import Database
from services.common.envelope import new_envelope
from services.common.history import History
from services.common.publisher import connection_params

from . import database
from .dispatch_env import _free_port, _healthy

AMQP_BASE = os.environ.get("BENCH_AMQP_BASE", "amqp://guest:guest@127.0.0.1:5672")
VHOST = "wangge_bench_reporting"
URL = os.environ.get("BENCH_REPORTING_DATABASE_URL", f"{DEFAULT_PG}/wangge_bench_reporting")
STREAM = "wangge.history"
GRIDS, HOUSEHOLDS_PER_GRID = 100, 100
CITY, DISTRICT, STREET = "BC", "BC-D", "BC-D-S"
CAMPAIGN, DAY = "bench-campaign", date(2031, 1, 6)
AT = datetime(2031, 1, 6, 2, tzinfo=UTC)


def community(n: int) -> str:
    return f"BC-C{n // 10:02d}"


def grid(n: int) -> str:
    return f"{community(n)}-G{n:03d}"


@contextmanager
def private_vhost():
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        sys.exit("bench reporting: rabbitmqctl is needed to create the bench's own vhost")

    def run(*args: str, check: bool = True) -> None:
        subprocess.run([ctl, *args], check=check, capture_output=True)

    run("delete_vhost", VHOST, check=False)
    run("add_vhost", VHOST)
    try:
        run("set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*")
        yield f"{AMQP_BASE}/{VHOST}"
    finally:
        run("delete_vhost", VHOST, check=False)


@contextmanager
def reporting_service(amqp_uri: str, log_path: Path):
    address = f"127.0.0.1:{_free_port()}"
    env = {**os.environ, "AMQP_URI": amqp_uri, "REPORTING_DATABASE_URL": URL,
           "WEB_SERVER_ADDRESS": address, "REPORTING_SKIP_MIGRATE": "1",
           "HISTORY_STREAM": STREAM, "EVENT_PREFETCH": "512"}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "services.reporting"], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            base_url = f"http://{address}"
            deadline = time.monotonic() + 60
            while not _healthy(base_url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"reporting did not come up; see {log_path}")
                time.sleep(0.2)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def envelope(type_: str, data: dict) -> bytes:
    env = new_envelope(type_, dump_payload(type_, data), source="bench/visits")
    return env.to_json()


def setup_events() -> list[tuple[str, bytes]]:
    """Areas, households (imported per grid) and the campaign, as routing key + body."""
    out = []
    chain = [("city", CITY, None, [CITY]), ("district", DISTRICT, CITY, [CITY, DISTRICT]),
             ("street", STREET, DISTRICT, [CITY, DISTRICT, STREET])]
    for c in sorted({community(n) for n in range(GRIDS)}):
        chain.append(("community", c, STREET, [CITY, DISTRICT, STREET, c]))
    for n in range(GRIDS):
        g = grid(n)
        chain.append(("grid", g, community(n), [CITY, DISTRICT, STREET, community(n), g]))
    for i, (level, code, parent, path) in enumerate(chain):
        name = "grid_registered" if level == "grid" else "area_registered"
        out.append(("registry.events", name, envelope(f"registry.{name}", {
            "area_id": i, "code": code, "level": level, "name": code, "parent_code": parent,
            "path": path, "version": 1})))
    for n in range(GRIDS):
        out.append(("registry.events", "households_imported", envelope(
            "registry.households_imported", {
                "import_id": "bench", "grid_code": grid(n), "households": [
                    {"household_id": n * HOUSEHOLDS_PER_GRID + h, "code": f"{grid(n)}-{h}",
                     "kind": "residence", "building_code": "B"}
                    for h in range(HOUSEHOLDS_PER_GRID)]})))
    out.append(("visits.events", "campaign_started", envelope("visits.campaign_started", {
        "campaign_id": CAMPAIGN, "name": "bench", "start": DAY, "end": DAY + timedelta(30),
        "area_codes": [CITY], "grid_codes": [grid(n) for n in range(GRIDS)],
        "households": GRIDS * HOUSEHOLDS_PER_GRID, "questionnaire_id": "q",
        "questionnaire_version": 1, "max_attempts": 3})))
    return out


def visit_template() -> str:
    """One visit_recorded body with placeholders, validated once against the contract:
    formatting strings is what lets the bench publish a million quickly."""
    data = {"campaign_id": CAMPAIGN, "household_code": "@H@", "grid_code": "@G@",
            "visit_id": "@V@", "visitor_id": "p1", "shift_key": None, "visited_at": AT,
            "day": DAY, "method": "in_person", "outcome": "reached", "attempt": 1,
            "people_found": 2, "people_registered": 2, "hazards": 0, "requests": 0,
            "corrections": 0}
    body = new_envelope("visits.visit_recorded", dump_payload("visits.visit_recorded", data),
                        source="bench/visits", id_="@ID@").to_json().decode()
    return body


def state_template() -> str:
    data = {"campaign_id": CAMPAIGN, "household_code": "@H@", "grid_code": "@G@",
            "state": "reached", "previous_state": "assigned", "attempts": 1,
            "follow_up": False, "version": 1, "at": AT, "day": DAY, "visit_id": "@V@"}
    body = new_envelope("visits.household_state_changed",
                        dump_payload("visits.household_state_changed", data),
                        source="bench/visits", id_="@ID@").to_json().decode()
    return body.replace('"version":1', '"version":@VER@')


def fill(template: str, n: int, visit: int) -> bytes:
    g = grid(n % GRIDS)
    return (template.replace("@ID@", uuid.uuid4().hex).replace("@G@", g)
            .replace("@H@", f"{g}-{(visit // GRIDS) % HOUSEHOLDS_PER_GRID}")
            .replace("@V@", f"v{visit}").replace("@VER@", str(visit + 2))).encode()


def publish_setup(amqp_uri: str) -> None:
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    channel.confirm_delivery()
    for exchange, key, body in setup_events():
        channel.basic_publish(exchange, key, body, pika.BasicProperties(delivery_mode=2))
    conn.close()


def wait_for(engine, sql: str, predicate, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while True:
        with engine.connect() as conn:
            value = conn.execute(text(sql)).scalar()
        if predicate(value):
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"bench reporting: waited too long for {sql}")
        time.sleep(0.2)


def freshness(amqp_uri: str, rate: int, seconds: int) -> None:
    engine = create_engine(URL)
    wait_for(engine, "select coalesce(sum(value), 0) from counters where area_code = "
             f"'{CITY}' and metric = 'hh.target'",
             lambda v: v == GRIDS * HOUSEHOLDS_PER_GRID)
    # A fresh database has yesterday's daily reports to freeze (the real clock's cut-off
    # passed): done by the first 10 s tick, in the same process. That once-a-day freeze
    # is not what this measures, so it happens first (it does stall consumption: see
    # docs/reporting.md).
    wait_for(engine, "select count(*) from report_days where frozen", lambda v: v >= 1)
    visit_body, state_body = visit_template(), state_template()
    total = rate * seconds
    sent_at: dict[str, list[float]] = {grid(n): [] for n in range(GRIDS)}
    done = threading.Event()

    def publisher() -> None:
        conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        channel = conn.channel()
        props = pika.BasicProperties(delivery_mode=2, content_type="application/json")
        start = time.monotonic()
        tick = 0.01
        per_tick = max(1, int(rate * tick))
        for first in range(0, total, per_tick):
            target = start + (first / rate)
            delay = target - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            for v in range(first, min(first + per_tick, total)):
                channel.basic_publish("visits.events", "visit_recorded",
                                      fill(visit_body, v, v), props)
                channel.basic_publish("visits.events", "household_state_changed",
                                      fill(state_body, v, v), props)
                sent_at[grid(v % GRIDS)].append(time.monotonic())
        publisher.elapsed = time.monotonic() - start
        conn.close()
        done.set()

    thread = threading.Thread(target=publisher, daemon=True)
    thread.start()
    seen = {g: 0 for g in sent_at}
    latencies: list[float] = []
    grids_sql = text("select area_code, sum(value) from counters where metric = 'visits' "
                     "and dim = '' and campaign = :c and area_code = any(:g) "
                     "group by area_code")
    names = list(sent_at)
    deadline = None
    with engine.connect() as conn:
        while sum(seen.values()) < total:
            now = time.monotonic()
            for area, count in conn.execute(grids_sql, {"c": CAMPAIGN, "g": names}):
                count = int(count)
                if count > seen[area]:
                    stamps = sent_at[area][seen[area]:count]
                    latencies.extend(now - s for s in stamps)
                    seen[area] = count
            conn.rollback()
            if done.is_set():
                deadline = deadline or now + 120
                if now > deadline:
                    break
            time.sleep(0.02)
    thread.join()
    engine.dispose()
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    achieved = total / publisher.elapsed
    print(f"  freshness (published straight to visits.events, not through the visits "
          f"service): {total:,} visits ({2 * total:,} events) at {achieved:,.0f} visits/s "
          f"over {GRIDS} grids")
    if not latencies:
        print("  no visit was seen in the figures")
        return
    print(f"  publish → grid figure: p50 {pct(0.5):.0f} ms, p90 {pct(0.9):.0f} ms, "
          f"p99 {pct(0.99):.0f} ms, max {latencies[-1] * 1000:.0f} ms "
          f"({len(latencies):,} of {total:,} seen; target p99 ≤ 2000 ms)")
    print("  distribution: " + ", ".join(f"p{round(p * 100, 1):g} {pct(p):.0f}"
                                         for p in (0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99,
                                                   0.999)) + " ms")


def fill_stream(amqp_uri: str, visits: int) -> float:
    template = visit_template()
    conn = amqp.Connection(**connection_params(amqp_uri))
    conn.connect()
    channel = conn.channel()
    start = time.monotonic()
    for v in range(visits):
        channel.basic_publish(amqp.Message(fill(template, v, 10_000_000 + v), delivery_mode=2),
                              exchange="", routing_key=STREAM)
        if v % 50_000 == 49_999:
            # a round trip now and then, so the broker's flow control can pace us
            channel.queue_declare(STREAM, passive=True)
    channel.queue_declare(STREAM, passive=True)
    conn.close()
    return time.monotonic() - start


def rebuild_bench(amqp_uri: str, visits: int) -> None:
    from services.reporting.rebuild import rebuild

    seconds = fill_stream(amqp_uri, visits)
    print(f"  history: {visits:,} visit_recorded events appended to the stream in "
          f"{seconds:.1f}s ({visits / seconds:,.0f}/s)")
    db = Database(URL, pool_size=2)
    history = History.from_config({"AMQP_URI": amqp_uri, "HISTORY_STREAM": STREAM})
    try:
        result = rebuild(db, history, tz=local_tz())
    finally:
        db.dispose()
    print(f"  rebuild of the whole stream: {result['events']:,} events "
          f"({result['skipped']:,} skipped) in {result['seconds']:.1f}s "
          f"({result['events'] / result['seconds']:,.0f} events/s)")


def main() -> None:
    rate = int(os.environ.get("BENCH_VISITS_PER_S", "1000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "20"))
    visits = int(os.environ.get("BENCH_REBUILD_VISITS", "1000000"))
    log_path = Path(os.environ.get("BENCH_DIR", "var/bench")) / "reporting-service.log"
    print(f"bench reporting: {GRIDS} grids × {HOUSEHOLDS_PER_GRID} households, "
          f"database {URL.rsplit('/', 1)[-1]}")
    database.fresh(URL, "reporting")
    with private_vhost() as amqp_uri:
        History.from_config({"AMQP_URI": amqp_uri, "HISTORY_STREAM": STREAM}).declare()
        with reporting_service(amqp_uri, log_path):
            publish_setup(amqp_uri)
            freshness(amqp_uri, rate, seconds)
        rebuild_bench(amqp_uri, visits)


if __name__ == "__main__":
    main()
