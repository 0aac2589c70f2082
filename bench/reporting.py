"""The reporting section of `python -m bench`: freshness under load, and a rebuild.

(a) Freshness, at BENCH_VISITS_PER_S (default 1,000 visits/s) for BENCH_SECONDS (default
    20 s); BENCH_FRESHNESS (default `chain,direct`) chooses the modes. In both,
    `python -m services.reporting` runs as deployed and a poller reads each grid's visit
    figure every 20 ms: a visit's latency is from its publish to the first poll that
    shows it.
    chain (the issue's measure): `integration.visit_captured` is published (with
    confirms, by services/common/publisher.py: pika's per-message CPU came out of the 2
    cores the measured stack shares);
    `python -m services.visits` (seeded through bench/visits.py: households, yesterday's
    door_to_door shifts with volunteers, a campaign) captures each visit and its relay
    publishes visits.events, which reporting projects. When a stage does not keep up
    (a step took < 95% of what it was given), the next runs just under the bounding
    step's rate, up to BENCH_CHAIN_STAGES (default 3), within BENCH_CHAIN_HOUSEHOLDS
    (default 2 × rate × seconds, at most 45,000: one first visit per household).
    direct (for comparison): visits' events (visit_recorded + household_state_changed)
    published straight to visits.events, so reporting alone is measured.
(b) Freeze (每日一报 at the cut-off): BENCH_FREEZE_GRIDS (default 20,000) more grids
    with their communities, streets and districts and two days of counters are loaded
    with COPY, then the running service's own timer freezes the day's reports of every
    area while live visits arrive at BENCH_FREEZE_RATE (default 200 visits/s). Prints
    the freeze's time and areas/s, the live latency before, during and after it (the
    consumption stall), and the old per-area path's cost measured on a sample of the
    same areas (written and rolled back, nothing else running).
(c) Rebuild: BENCH_REBUILD_VISITS (default 1,000,000) visit_recorded events are written
    straight into the history stream, then the read models are rebuilt from the whole
    stream; prints the time and events/s.

Everything is the bench's own: vhost BENCH_REPORTING_VHOST (default
wangge_bench_reporting), databases BENCH_REPORTING_DATABASE_URL and
BENCH_REPORTING_VISITS_DATABASE_URL (default wangge_bench_reporting[_visits]).
"""

from __future__ import annotations

import io
import json
import os
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
from services.common.publisher import ConfirmingPublisher, Outgoing, connection_params

from . import database
from .broker import private_vhost
from .cpu import CpuMeter
from .cpu import describe as describe_cpu
from .dispatch_env import _free_port, _healthy

VHOST = os.environ.get("BENCH_REPORTING_VHOST", "wangge_bench_reporting")
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
def service_process(service: str, env: dict, log_path: Path):
    """`python -m services.<service>` as deployed, configured by environment, logging to
    log_path (a file, not a pipe: a pipe nobody reads would block the service once full);
    → the process, once /health says ok."""
    address = f"127.0.0.1:{_free_port()}"
    env = {**os.environ, **env, "WEB_SERVER_ADDRESS": address}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", f"services.{service}"], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while not _healthy(f"http://{address}"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{service} did not come up; see {log_path}")
                time.sleep(0.2)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def reporting_service(amqp_uri: str, log_path: Path):
    return service_process("reporting", {
        "AMQP_URI": amqp_uri, "REPORTING_DATABASE_URL": URL, "REPORTING_SKIP_MIGRATE": "1",
        "HISTORY_STREAM": STREAM, "EVENT_PREFETCH": "512"}, log_path)


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
    achieved = total / publisher.elapsed
    print(f"  freshness, published straight to visits.events (not through the visits "
          f"service, for comparison): {total:,} visits ({2 * total:,} events) at "
          f"{achieved:,.0f} visits/s over {GRIDS} grids")
    if not latencies:
        print("    no visit was seen in the figures")
        return
    print(f"    publish → grid figure: p50 {_pct(latencies, 0.5):.0f} ms, p90 "
          f"{_pct(latencies, 0.9):.0f} ms, p99 {_pct(latencies, 0.99):.0f} ms, max "
          f"{latencies[-1] * 1000:.0f} ms ({len(latencies):,} of {total:,} seen)")
    print("    distribution: " + _distribution(latencies))


# -- (a) freshness through the visits service (the default) --------------------------------
VISITS_URL = os.environ.get("BENCH_REPORTING_VISITS_DATABASE_URL",
                            f"{DEFAULT_PG}/wangge_bench_reporting_visits")
# visits' bench bodies (bench/visits.py) are dated yesterday within its day shift's hours
# (four a second from 08:30, wrapping before 17:30), however many there are
MAX_CHAIN_VISITS = 45_000
KEPT_UP = 0.95      # a stage keeps up when both services took ≥ 95% of the input rate


def chain_registry_events(plan: list[tuple[str, str, str]]) -> list[tuple[str, str, bytes]]:
    """The registry events that would have told reporting about visits' bench areas and
    households (visits' own copy is seeded by bench/visits.py): community B, its grids."""
    from .visits import GRIDS as VISIT_GRIDS

    out = [("registry.events", "area_registered", envelope("registry.area_registered", {
        "area_id": 900_000, "code": "B", "level": "community", "name": "B",
        "parent_code": None, "path": ["B"], "version": 1}))]
    by_grid: dict[str, list[dict]] = {f"B-G{g}": [] for g in range(VISIT_GRIDS)}
    for n, (code, grid_code, _key) in enumerate(plan):
        by_grid[grid_code].append({"household_id": 1_000_000 + n, "code": code,
                                   "kind": "residence", "building_code": f"{grid_code}-b{n // 20}"})
    for i, (grid_code, households) in enumerate(by_grid.items()):
        out.append(("registry.events", "grid_registered", envelope("registry.grid_registered", {
            "area_id": 900_001 + i, "code": grid_code, "level": "grid", "name": grid_code,
            "parent_code": "B", "path": ["B", grid_code], "version": 1})))
        for first in range(0, len(households), 1000):
            out.append(("registry.events", "households_imported", envelope(
                "registry.households_imported", {
                    "import_id": "bench-chain", "grid_code": grid_code,
                    "households": households[first:first + 1000]})))
    return out


def seed_chain(amqp_uri: str, households: int) -> list[tuple[str, bytes]]:
    """Visits' database seeded by bench/visits.py (areas, households, yesterday's
    door_to_door shifts with volunteers, campaign `bench`); reporting told the same by
    the registry events and by the events visits' seeding left in its outbox (already
    marked published, so visits' relay does not send them).
    → [(grid, visit id, visit_captured body)]."""
    from . import visits as visits_bench

    database.fresh(VISITS_URL, "visits")
    campaign, plan = visits_bench._seed(VISITS_URL, households)
    bodies = visits_bench._bodies(campaign, plan)
    engine, visits_engine = create_engine(URL), create_engine(VISITS_URL)
    try:
        conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        channel = conn.channel()
        channel.confirm_delivery()
        props = pika.BasicProperties(delivery_mode=2, content_type="application/json")
        for exchange, key, body in chain_registry_events(plan):
            channel.basic_publish(exchange, key, body, props)
        # households first, so that the campaign's target counts them all
        wait_for(engine, "select count(*) from registry_households where grid_code like "
                 "'B-G%'", lambda v: v == len(plan))
        with visits_engine.connect() as vconn:
            rows = vconn.execute(text("select exchange, routing_key, body from outbox "
                                      "order by seq")).all()
        for exchange, key, body in rows:
            channel.basic_publish(exchange, key, body.encode(), props)
        conn.close()
        wait_for(engine, f"select count(*) from campaigns where campaign_id = '{campaign}'",
                 lambda v: v == 1)
    finally:
        engine.dispose()
        visits_engine.dispose()
    return [(grid_code, json.loads(body)["data"]["visit_id"], body)
            for (_code, grid_code, _key), body in zip(plan, bodies, strict=True)]


def visits_service(amqp_uri: str, log_path: Path):
    return service_process("visits", {
        "AMQP_URI": amqp_uri, "VISITS_DATABASE_URL": VISITS_URL, "VISITS_SKIP_MIGRATE": "1",
        "HISTORY_STREAM": STREAM, "WANGGE_AUTH": "off",
        "OUTBOX_RELAY": os.environ.get("BENCH_VISITS_RELAY", "process")}, log_path)


def chain_stage(amqp_uri: str, proc, items: list[tuple[str, str, bytes]], rate: int,
                meter: CpuMeter) -> dict:
    """Publish `items` (grid, visit id, visit_captured body) at `rate` to integration.events and
    poll the grids' visit figures every 20 ms until every visit shows (or 120 s after the
    last publish). A visit's latency is from its publish to the first poll showing it:
    the k-th visit published for a grid is taken as reflected when the figure has grown by
    k (visits of a grid are captured and projected in order, from one queue each)."""
    engine, visits_engine = create_engine(URL), create_engine(VISITS_URL)
    names = sorted({g for g, _, _ in items})
    sql = text("select area_code, sum(value) from counters where metric = 'visits' "
               "and dim = '' and campaign = 'bench' and area_code = any(:g) "
               "group by area_code")
    with engine.connect() as conn:
        base = {g: 0 for g in names} | {a: int(v) for a, v in conn.execute(sql, {"g": names})}
    sent: dict[str, list[float]] = {g: [] for g in names}
    published: dict[str, float] = {}     # visit id → publish time
    window: dict[str, float] = {}

    def publish() -> None:
        # the relay's own publisher (confirms, persistent): at 1,000 messages/s pika's
        # per-message cost took a tenth of a core from the 2 the measured stack shares,
        # where a real deployment's phones and gateways publish from other machines
        publisher = ConfirmingPublisher(amqp_uri)
        per_tick = max(1, rate // 100)
        start = time.monotonic()
        window["start"] = time.time()
        previous = None
        for first in range(0, len(items), per_tick):
            delay = start + first / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            tick = items[first:first + per_tick]
            at = time.time()  # before the write: latencies are not understated
            batch = publisher.send([Outgoing(visit_id, "integration.events", "visit_captured",
                                             body) for _grid, visit_id, body in tick])
            for grid_code, visit_id, _body in tick:
                published[visit_id] = at
                sent[grid_code].append(at)
            if previous is not None:  # the tick before: its confirms are in by now
                publisher.wait(previous)
            previous = batch
        publisher.wait(previous)
        window["end"] = time.time()
        publisher.close()

    thread = threading.Thread(target=publish, daemon=True)
    cpu_before = meter.sample()
    thread.start()
    got = {g: 0 for g in names}
    samples: list[tuple[float, float]] = []     # (reflected at, latency s)
    deadline = None
    with engine.connect() as conn:
        while sum(got.values()) < len(items):
            now = time.time()
            for area, value in conn.execute(sql, {"g": names}):
                count = min(int(value) - base[area], len(sent[area]))
                if count > got[area]:
                    samples.extend((now, now - s) for s in sent[area][got[area]:count])
                    got[area] = count
            conn.rollback()
            if proc.poll() is not None:
                raise RuntimeError(f"the visits service exited ({proc.returncode})")
            if not thread.is_alive():
                deadline = deadline or now + 120
                if now > deadline:
                    break
            time.sleep(0.02)
    thread.join()
    cpu = CpuMeter.spent(cpu_before, meter.sample())
    start, end = window["start"], window["end"]
    # rates are taken once the pipeline is full: a step that keeps up takes as many visits
    # per second as arrive; one that does not takes what it can, its backlog growing
    lo = start + min(5.0, (end - start) / 4)
    # per visit, from visits' database: when its capture transaction started (received_at,
    # the transaction's now()) and when its visit_recorded was confirmed by the broker and
    # marked sent by visits' outbox relay
    with visits_engine.connect() as conn:
        # materialized first: with statistics taken while the tables were small, the
        # planner would otherwise parse every outbox body once per visit (a nested loop)
        steps = conn.execute(text(
            "with o as materialized (select body::json->'data'->>'visit_id' as visit_id, "
            "published_at from outbox where type = 'visits.visit_recorded') "
            "select v.visit_id, extract(epoch from v.received_at), "
            "extract(epoch from o.published_at) from visits v join o using (visit_id) "
            "where v.visit_id = any(:ids)"), {"ids": list(published)}).all()
        rejected = conn.execute(text("select count(*), min(reason) from rejected_events")).one()
    engine.dispose()
    visits_engine.dispose()
    if rejected[0]:
        raise RuntimeError(f"visits rejected {rejected[0]} bench visits, e.g. {rejected[1]}")
    taken = [float(t) for _, t, _ in steps]
    relayed = [float(r) for _, _, r in steps if r is not None]
    span = end - lo

    def rate_in_window(stamps) -> float:
        return sum(1 for at in stamps if lo <= at <= end) / span

    result = {"rate": rate, "visits": len(items), "achieved": len(items) / (end - start),
              "visits_rate": rate_in_window(taken), "relay_rate": rate_in_window(relayed),
              "reflected_rate": rate_in_window(at for at, _ in samples),
              "latencies": sorted(lat for _, lat in samples),
              "to_taken": sorted(float(t) - published[v] for v, t, _ in steps),
              "to_relayed": sorted(float(r) - float(t) for _, t, r in steps if r is not None),
              "cpu": cpu}
    result["kept_up"] = len(samples) == len(items) and min(
        result["visits_rate"], result["relay_rate"], result["reflected_rate"]
    ) >= KEPT_UP * result["achieved"]
    return result


def freshness_chain(amqp_uri: str, rate: int, seconds: int, log_path: Path,
                    reporting_pid: int) -> None:
    stages = int(os.environ.get("BENCH_CHAIN_STAGES", "3"))
    households = min(MAX_CHAIN_VISITS,
                     int(os.environ.get("BENCH_CHAIN_HOUSEHOLDS", str(2 * rate * seconds))))
    t0 = time.monotonic()
    items = seed_chain(amqp_uri, households)
    engine = create_engine(URL)
    # as in the direct mode: the fresh database's once-a-day freeze is not measured
    wait_for(engine, "select count(*) from report_days where frozen", lambda v: v >= 1)
    engine.dispose()
    database.analyze(URL)
    print(f"  freshness through the visits service (integration.visit_captured → visits → "
          f"visits.events → reporting; both as `python -m services.…`), {len(items):,} "
          f"households in {len({g for g, _, _ in items})} grids seeded in "
          f"{time.monotonic() - t0:.0f}s:")
    results, used = [], 0
    with visits_service(amqp_uri, log_path) as proc:
        while len(results) < stages:
            count = min(rate * seconds, len(items) - used)
            if count < rate * min(seconds, 5):
                print(f"    (no households left for a stage at {rate:,} visits/s: "
                      f"BENCH_CHAIN_HOUSEHOLDS)")
                break
            meter = CpuMeter({"visits (with its relay process)": proc.pid,
                              "reporting": reporting_pid})
            result = chain_stage(amqp_uri, proc, items[used:used + count], rate, meter)
            used += count
            results.append(result)
            _print_stage(result)
            if result["kept_up"]:
                break
            # the next stage just under what the bounding step managed, in steps of 50
            rate = int(0.9 * _bound(result)[1]) // 50 * 50
            if rate < 50:
                break
    if not results:
        return
    first, last = results[0], results[-1]
    if first["kept_up"]:
        print(f"    → the chain sustained {first['rate']:,} visits/s")
    elif last["kept_up"]:
        print(f"    → {first['rate']:,} visits/s is not sustained on this machine: the "
              f"highest rate found sustained is {last['rate']:,} visits/s (p99 "
              f"{_pct(last['latencies'], 0.99):.0f} ms); the bound is "
              f"{_bound(first)[0]}")
    else:
        print(f"    → no stage kept up; the bound is {_bound(last)[0]}")


def _bound(result: dict) -> tuple[str, float]:
    """The first step, going downstream, that took clearly less than it was given (a step
    after it can only pass on what it gets): → (its name, its rate)."""
    given = result["achieved"]
    for key, name in (("visits_rate", "the visits service's capture"),
                      ("relay_rate", "visits' outbox relay (publishing with confirms)"),
                      ("reflected_rate", "reporting's projection")):
        if result[key] < KEPT_UP * given:
            return f"{name}, ~{result[key]:,.0f} visits/s here", result[key]
        given = result[key]
    return "none of the steps", result["reflected_rate"]


def _print_stage(r: dict) -> None:
    lat = r["latencies"]
    verdict = "kept up" if r["kept_up"] else "did NOT keep up (its backlog grew)"
    print(f"    target {r['rate']:,} visits/s: {r['visits']:,} published at "
          f"{r['achieved']:,.0f}/s; visits captured {r['visits_rate']:,.0f}/s, its relay "
          f"published {r['relay_rate']:,.0f}/s, reporting reflected "
          f"{r['reflected_rate']:,.0f}/s: {verdict}")
    if not lat:
        print("      no visit was seen in the figures")
        return
    print(f"      publish → grid figure: p50 {_pct(lat, 0.5):.0f} ms, p90 "
          f"{_pct(lat, 0.9):.0f} ms, p99 {_pct(lat, 0.99):.0f} ms, max {lat[-1] * 1000:.0f} ms "
          f"({len(lat):,} of {r['visits']:,} seen; target p99 ≤ 2000 ms)")
    print("      distribution: " + _distribution(lat))
    taken, relayed = r["to_taken"], r["to_relayed"]
    if taken and relayed:
        print(f"      of which: publish → visits' capture began p50 {_pct(taken, 0.5):.0f} "
              f"ms, p99 {_pct(taken, 0.99):.0f} ms; capture began → its visit_recorded "
              f"marked sent by the relay (after the broker's confirm) p50 "
              f"{_pct(relayed, 0.5):.0f} ms, p99 {_pct(relayed, 0.99):.0f} ms")
    print("      " + describe_cpu(r["cpu"], r["visits"]))


def _pct(latencies: list[float], p: float) -> float:
    """Milliseconds at quantile p of sorted latencies in seconds."""
    return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000


def _distribution(latencies: list[float]) -> str:
    return ", ".join(f"p{round(p * 100, 1):g} {_pct(latencies, p):.0f}"
                     for p in (0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999)) + " ms"


# -- (b) the daily freeze at city scale ----------------------------------------------------
def city_areas(grids: int) -> list[tuple[str, str, str, str]]:
    """(code, level, parent, path) of `grids` more grids under the bench city: 1,000 per
    district, 100 per street, 10 per community."""
    out = []
    for n in range(grids):
        d, s, c = n // 1000, n // 100, n // 10
        district, street = f"BF-D{d:03d}", f"BF-S{s:04d}"
        community, grid_ = f"BF-C{c:05d}", f"BF-G{n:06d}"
        chain = [(district, "district", CITY), (street, "street", district),
                 (community, "community", street), (grid_, "grid", community)]
        path = CITY
        for code, level, parent in chain:
            path = f"{path}/{code}"
            if level == "grid" or n % {"district": 1000, "street": 100,
                                       "community": 10}[level] == 0:
                out.append((code, level, parent, path))
    return out


def _grid_rows(grid_code: str, n: int, day: date):
    """About 40 counter rows a grid a day: registry, coverage, effort by unit, pairing and
    task kind, requests by category (what a campaign day leaves)."""
    v = 1 + n % 7
    yield from ((grid_code, "", "", m, day, x) for m, x in (
        ("households", 400), ("households.residence", 380), ("residents", 1000),
        ("residents.elderly_alone", 12)))
    for m in ("hh.target", "hh.assigned", "hh.reached", "hh.not_home", "hh.first_reached",
              "people.found", "people.registered", "visits", "visits.reached",
              "visits.not_home", "hazards"):
        yield grid_code, CAMPAIGN, "", m, day, v
    for dim in ("", f"unit:u{n % 13}", f"order:o{n % 29}", "task:door_to_door"):
        for m in ("pt.promised", "pt.scheduled", "pt.delivered", "shifts.scheduled"):
            yield grid_code, "", dim, m, day, v
    for dim in ("", "category:medical"):
        for m, x in (("requests.raised", 2), ("requests.open", 1), ("requests.resolved", 1),
                     ("requests.resolve_seconds", 7200 * v)):
            yield grid_code, CAMPAIGN, dim, m, day, x


def _copy(engine, table: str, columns: str, rows) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if x is None else str(x) for x in row) + "\n")
    buf.seek(0)
    raw = engine.raw_connection()
    try:
        raw.cursor().copy_expert(f"copy {table} ({columns}) from stdin", buf)
        raw.commit()
    finally:
        raw.close()


def load_city(engine, grids: int, day: date) -> int:
    """COPY the areas and the grids' counters of `day` and the day before, then add them
    to every ancestor in one INSERT … SELECT, as the projector would have."""
    areas = city_areas(grids)
    _copy(engine, "areas", "code, level, name, parent_code, path, version",
          ((c, lvl, c, p, path, 1) for c, lvl, p, path in areas))
    cells = [(c, n) for n, (c, lvl, _p, _path) in enumerate(areas) if lvl == "grid"]
    _copy(engine, "counters", "area_code, campaign, dim, metric, day, value",
          (row for d in (day - timedelta(days=1), day) for c, n in cells
           for row in _grid_rows(c, n, d)))
    with engine.begin() as conn:
        conn.execute(text(
            "insert into counters select anc, c.campaign, c.dim, c.metric, c.day, "
            "sum(c.value) from counters c join areas a on a.code = c.area_code cross join "
            "lateral unnest(string_to_array(a.path, '/')) as anc where a.level = 'grid' "
            "and a.code like 'BF-G%' and anc <> a.code group by 1, 2, 3, 4, 5 "
            "on conflict (area_code, campaign, dim, metric, day) do update "
            "set value = counters.value + excluded.value"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("analyze areas"))
        conn.execute(text("analyze counters"))
    return len(areas)


class LiveLoad:
    """Visits published at `rate` to the bench's first grids until stopped; each one's
    latency to its grid figure, with its wall-clock publish time."""

    def __init__(self, amqp_uri: str, rate: int, first_visit: int) -> None:
        self.amqp_uri, self.rate, self.first = amqp_uri, rate, first_visit
        self.stop = threading.Event()
        self.sent: dict[str, list[float]] = {grid(n): [] for n in range(GRIDS)}
        self.samples: list[tuple[float, float]] = []   # (published at, latency s)
        self.count = 0

    def _publish(self) -> None:
        conn = pika.BlockingConnection(pika.URLParameters(self.amqp_uri))
        channel = conn.channel()
        props = pika.BasicProperties(delivery_mode=2, content_type="application/json")
        visit_body, state_body = visit_template(), state_template()
        start, n = time.monotonic(), 0
        while not self.stop.is_set():
            delay = start + n / self.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            v = self.first + n
            channel.basic_publish("visits.events", "visit_recorded",
                                  fill(visit_body, v, v), props)
            channel.basic_publish("visits.events", "household_state_changed",
                                  fill(state_body, v, v), props)
            self.sent[grid(v % GRIDS)].append(time.time())
            n += 1
        self.count = n
        conn.close()

    def run(self, engine) -> threading.Thread:
        sql = text("select area_code, sum(value) from counters where metric = 'visits' "
                   "and dim = '' and campaign = :c and area_code = any(:g) "
                   "and day = :d group by area_code")
        names = list(self.sent)
        with engine.connect() as conn:
            seen = {a: int(v) for a, v in conn.execute(sql, {"c": CAMPAIGN, "g": names,
                                                             "d": DAY})}
        base = {g: seen.get(g, 0) for g in names}

        def poll() -> None:
            got = {g: 0 for g in names}
            deadline = None
            with engine.connect() as conn:
                while True:
                    now = time.time()
                    for area, value in conn.execute(sql, {"c": CAMPAIGN, "g": names,
                                                          "d": DAY}):
                        count = int(value) - base[area]
                        if count > got[area]:
                            self.samples.extend((s, now - s) for s in
                                                self.sent[area][got[area]:count])
                            got[area] = count
                    conn.rollback()
                    if self.stop.is_set() and not publisher.is_alive():
                        deadline = deadline or now + 120
                        if sum(got.values()) >= self.count or now > deadline:
                            return
                    time.sleep(0.02)

        publisher = threading.Thread(target=self._publish, daemon=True)
        publisher.start()
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        return poller


def _latency(samples: list[float]) -> str:
    if not samples:
        return "none seen"
    samples = sorted(samples)

    def pct(p: float) -> float:
        return samples[min(len(samples) - 1, int(p * len(samples)))] * 1000

    return (f"p50 {pct(0.5):.0f} ms, p90 {pct(0.9):.0f} ms, p99 {pct(0.99):.0f} ms, "
            f"max {samples[-1] * 1000:.0f} ms ({len(samples):,} visits)")


def old_path_per_area(day: date, sample: int) -> float:
    """Seconds per area of the former per-area freeze (figures read and shaped in
    Python, contract dump, one event and one report row an area), on `sample` areas of
    the same data; written and rolled back."""
    from sqlalchemy import select

    from services.common.outbox import Outbox
    from services.reporting.adapters.models import MESSAGING, Area, DailyReport
    from services.reporting.use_cases.figures import area_figures

    db = Database(URL, pool_size=2)
    outbox = Outbox("reporting", MESSAGING)
    try:
        with db.sessionmaker() as session:
            areas = list(session.execute(select(Area).where(Area.code.like("BF-%"))
                                         .order_by(Area.code).limit(sample)).scalars())
            start = time.monotonic()
            for area in areas:
                figures = area_figures(session, area, day)
                env = outbox.add(session, "daily_report_published", {
                    "area_code": area.code, "level": area.level, "name": area.name,
                    "day": day, "revision": 9, "figures": figures}, subject=area.code)
                session.add(DailyReport(area_code=area.code, day=day, revision=9,
                                        figures=figures, event_id=env.id))
                session.flush()
            seconds = time.monotonic() - start
            session.rollback()
    finally:
        db.dispose()
    return seconds / max(1, len(areas))


def freeze_bench(amqp_uri: str, grids: int, rate: int) -> None:
    engine = create_engine(URL)
    day = wait_for(engine, "select max(day) from report_days where frozen",
                   lambda v: v is not None)
    t0 = time.monotonic()
    areas = load_city(engine, grids, day)
    with engine.connect() as conn:
        total = conn.execute(text("select count(*) from areas")).scalar()
        rows = conn.execute(text("select count(*) from counters")).scalar()
    print(f"  freeze: {areas:,} areas ({grids:,} grids + parents) and their counters "
          f"loaded with COPY in {time.monotonic() - t0:.1f}s; {total:,} areas, "
          f"{rows:,} counter rows in all")
    load = LiveLoad(amqp_uri, rate, first_visit=50_000_000)
    poller = load.run(engine)
    time.sleep(5)
    with engine.begin() as conn:        # the service's next tick freezes `day` again
        conn.execute(text("delete from daily_reports where day = :d"), {"d": day})
        conn.execute(text("delete from report_days where day = :d"), {"d": day})
    closed_at, frozen_at = wait_for(
        engine, "select array[extract(epoch from closed_at), extract(epoch from frozen_at)]"
        f" from report_days where frozen and day = '{day}'", lambda v: v is not None,
        timeout=3600)
    closed_at, frozen_at = float(closed_at), float(frozen_at)
    drained = wait_for(engine, "select case when count(*) = 0 then extract(epoch from "
                       "now()) end from outbox where published_at is null",
                       lambda v: v is not None, timeout=3600)
    time.sleep(5)
    load.stop.set()
    poller.join()
    with engine.connect() as conn:
        reports = conn.execute(text("select count(*) from daily_reports where day = :d"),
                               {"d": day}).scalar()
    engine.dispose()
    seconds = frozen_at - closed_at
    print(f"  freeze of {day}: {reports:,} reports written and their events in the outbox "
          f"in {seconds:.1f}s ({reports / max(seconds, 1e-9):,.0f} areas/s) by the "
          f"service's own timer; relay done {float(drained) - frozen_at:.1f}s later")

    def window(lo: float, hi: float) -> list[float]:
        return [lat for at, lat in load.samples if lo <= at < hi]

    print(f"  live visits at {rate}/s, publish → grid figure: before the freeze "
          f"{_latency(window(0, closed_at))}")
    print(f"    during the freeze {_latency(window(closed_at, frozen_at))}")
    print(f"    while the relay publishes the reports "
          f"{_latency(window(frozen_at, float(drained)))}")
    print(f"    after {_latency(window(float(drained), float('inf')))}")
    sample = int(os.environ.get("BENCH_FREEZE_OLD_SAMPLE", "300"))
    if sample:
        per_area = old_path_per_area(day, sample)
        print(f"  old per-area path, {sample} areas of the same data, nothing else running: "
              f"{per_area * 1000:.1f} ms/area in the service process → "
              f"{reports:,} areas ≈ {per_area * reports:,.0f}s of consumption stalled "
              f"(new: {seconds / max(reports, 1) * 1000:.2f} ms/area, in PostgreSQL)")


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
    from services.reporting.use_cases.rebuild import rebuild

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
    freeze_grids = int(os.environ.get("BENCH_FREEZE_GRIDS", "20000"))
    freeze_rate = int(os.environ.get("BENCH_FREEZE_RATE", "200"))
    modes = {m.strip() for m in os.environ.get("BENCH_FRESHNESS", "chain,direct").split(",")}
    logs = Path(os.environ.get("BENCH_DIR", "var/bench"))
    print(f"bench reporting: {GRIDS} grids × {HOUSEHOLDS_PER_GRID} households, "
          f"database {URL.rsplit('/', 1)[-1]}")
    database.fresh(URL, "reporting")
    with private_vhost(VHOST, "reporting") as amqp_uri:
        History.from_config({"AMQP_URI": amqp_uri, "HISTORY_STREAM": STREAM}).declare()
        with reporting_service(amqp_uri, logs / "reporting-service.log") as reporting:
            publish_setup(amqp_uri)
            if "chain" in modes:
                try:
                    freshness_chain(amqp_uri, rate, seconds, logs / "visits-service.log",
                                    reporting.pid)
                except (RuntimeError, TimeoutError, OSError) as exc:
                    # the direct mode below still measures reporting alone
                    print(f"  freshness through the visits service could not run: {exc}")
            if "direct" in modes:
                freshness(amqp_uri, rate, seconds)
            if freeze_grids:
                freeze_bench(amqp_uri, freeze_grids, freeze_rate)
        if visits:
            rebuild_bench(amqp_uri, visits)


if __name__ == "__main__":
    main()
