"""Visit capture throughput (`python -m bench visits`).

Phones publish `integration.visit_captured`; the real visits service (a subprocess,
`python -m services.visits`) validates each against its campaign, shift and
questionnaire and writes the visit, the household's state and its events
(household_state_changed, household_reached, visit_recorded) in one transaction per
batch of messages.

Baselines, in the same run on the same broker and database: a raw pika loop that takes
the same bodies from the same kind of queue (quorum, same prefetch), inserts them into a
table shaped like visits, idempotent like the service (`on conflict (visit_id) do
nothing`), commits, then acks: once one message at a time (the issue's loop), once with
the batching freedom the service's consumer has (up to 100 messages, 5 ms linger), which
is the fair comparison and the one the goal (≥ 0.5×) is judged by.

Every queue is filled before its consumer starts, so publishing is not measured.
Measured: visits/s from the first message taken until the last visit is committed (for
the service: with its events, which commit in the same transaction), and CPU per visit of
the consuming process, which depends far less on what else the machine runs. The relay
publishing the events is reported on its own line (until the outbox is drained). Figures
only, never asserted. BENCH_VISITS sets the number of visits.

Then a campaign over a street: its request and the split that follows it
(visits_campaign.py); and visits taking in a city import's events (visits_catchup.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

import pika
from psycopg2.extras import execute_values
from sqlalchemy import create_engine, insert, text

from services.common.config import DEFAULT_PG
from services.common.db import Database
from services.common.outbox import Outbox

from .broker import private_vhost
from .database import analyze, fresh

VHOST = os.environ.get("BENCH_VISITS_VHOST", "wangge_bench_visits")
DB_NAME = "wangge_bench_visits"
GRIDS, VOLUNTEERS = 4, 10
RAW_QUEUE = "bench.raw_visits"
SERVICE_QUEUE = "visits.integration"
# the service consumer's defaults (services/common/consumer.py), given to both sides
PREFETCH = int(os.environ.get("EVENT_PREFETCH", "256"))
BATCH, LINGER = 100, 0.005


def _url() -> str:
    return os.environ.get("BENCH_VISITS_DATABASE_URL", f"{DEFAULT_PG}/{DB_NAME}")


def _fresh_database() -> str:
    url = _url()
    fresh(url, "visits")
    return url


def _seed(url: str, households: int) -> tuple[str, list[tuple[str, str, str]]]:
    """Areas, households (2 residents each), yesterday's door_to_door shift per grid with
    its volunteers, and a campaign. → (campaign id, [(household, grid, shift key)])."""
    from services.common.unit_of_work import UnitOfWork
    from services.visits import clock
    from services.visits.adapters.areas import apply_area
    from services.visits.adapters.models import (
        MESSAGING,
        SERVICE,
        Household,
        Resident,
        Shift,
        ShiftVolunteer,
    )
    from services.visits.use_cases.campaigns import create_campaign

    db, outbox = Database(url, pool_size=2), Outbox(SERVICE, MESSAGING)
    day = clock.today() - timedelta(days=1)
    now = clock.now()
    plan, households_rows, residents_rows = [], [], []
    with db.transaction() as session:
        path = ["B"]
        apply_area(session, {"area_id": 1, "code": "B", "level": "community", "name": "bench",
                             "parent_code": None, "path": path, "version": 1})
        for g in range(GRIDS):
            grid = f"B-G{g}"
            apply_area(session, {"area_id": 10 + g, "code": grid, "level": "grid",
                                 "name": grid, "parent_code": "B", "path": [*path, grid],
                                 "version": 1})
            key = f"bench:{day}:day:{grid}"
            session.add(Shift(key=key, order_id="bench", unit_id="U", community_code="B",
                              day=day, half="day", place_code=grid,
                              task_kinds=["door_to_door"], head_count=VOLUNTEERS,
                              status="scheduled", version=1))
            for v in range(VOLUNTEERS):
                session.add(ShiftVolunteer(shift_key=key, volunteer_id=f"V{g}-{v}",
                                           status="assigned", assigned_at=now))
        # The rows household_registered / resident_registered would leave, inserted in
        # bulk: one at a time through apply_household costs ~4 ms each (its campaign join
        # finds nothing before the campaign exists), too slow for the reporting bench's
        # tens of thousands.
        for n in range(households):
            grid = f"B-G{n % GRIDS}"
            code = f"{grid}-H{n:06d}"
            households_rows.append({
                "household_id": n + 1, "code": code, "kind": "residence",
                "address": f"{n // 20}栋{n % 20}号", "building_code": f"{grid}-b{n // 20}",
                "grid_code": grid, "version": 1})
            residents_rows.extend({"resident_id": (n + 1) * 10 + r, "household_id": n + 1,
                                   "version": 1} for r in range(2))
            plan.append((code, grid, f"bench:{day}:day:{grid}"))
        if households:
            session.execute(insert(Household.__table__), households_rows)
            session.execute(insert(Resident.__table__), residents_rows)
        with UnitOfWork.within(session, outbox) as uow:
            create_campaign(uow, {
                "campaign_id": "bench", "name": "bench", "start": day,
                "end": day + timedelta(7), "area_codes": ["B"], "questionnaire": None,
                "max_attempts": 3, "per_volunteer": None}, now=now, today=clock.today())
        # seeding events are not what is measured
        session.execute(text("update outbox set published_at = now(), routed = true"))
    db.dispose()
    analyze(url)
    return "bench", plan


def _bodies(campaign: str, plan: list[tuple[str, str, str]]) -> list[bytes]:
    from services.visits import clock

    day = clock.today() - timedelta(days=1)
    # inside the day shift's hours whatever the count (visits refuses a visit outside a
    # shift's hours): four a second from 08:30, wrapping before 17:30
    at = datetime.combine(day, dtime(8, 30), tzinfo=clock.tz())
    answers = {"people_present": 2, "arrived_recently": False, "test_status": "all_negative",
               "water_hazard": False, "electricity_hazard": False, "gas_hazard": False,
               "fire_hazard": False, "has_difficulty": False, "registry_correct": True}
    out = []
    for n, (code, grid, key) in enumerate(plan):
        data = {"visit_id": f"bench-{n:08d}", "campaign_id": campaign,
                "household_code": code, "visitor_id": f"V{grid[-1]}-{n % VOLUNTEERS}",
                "shift_key": key,
                "visited_at": (at + timedelta(seconds=n / 4 % 32_400)).isoformat(),
                "method": "in_person", "outcome": "reached", "answers": answers,
                "people_found": 2}
        out.append(json.dumps({
            "specversion": "1.0", "id": str(uuid.uuid4()), "source": "bench/phone",
            "type": "integration.visit_captured", "time": datetime.now(UTC).isoformat(),
            "datacontenttype": "application/json", "data": data}).encode())
    return out


def _publish(amqp_uri: str, bodies: list[bytes], exchange: str, routing_key: str) -> None:
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    channel.confirm_delivery()
    props = pika.BasicProperties(content_type="application/json", delivery_mode=2)
    for body in bodies:
        channel.basic_publish(exchange, routing_key, body, props)
    conn.close()


def _count(db: Database, statement: str) -> int:
    with db.transaction() as session:
        return session.execute(text(statement)).scalar_one()


def _wait(db: Database, statement: str, target: int, proc=None, timeout: float = 900) -> float:
    """Poll until the count reaches target; → time.time() when it was seen."""
    deadline = time.monotonic() + timeout
    while _count(db, statement) < target:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"visits service exited ({proc.returncode}): "
                               + proc.stderr.read().decode()[-2000:])
        if time.monotonic() > deadline:
            raise TimeoutError(f"bench visits: {statement} did not reach {target}")
        time.sleep(0.01)
    return time.time()


@contextmanager
def _service(amqp_uri: str, url: str):
    env = {**os.environ, "AMQP_URI": amqp_uri, "VISITS_DATABASE_URL": url,
           "VISITS_SKIP_MIGRATE": "1", "WEB_SERVER_ADDRESS": "127.0.0.1:0",
           "EVENT_PREFETCH": str(PREFETCH)}
    proc = subprocess.Popen([sys.executable, "-m", "services.visits"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _declare_service_queue(amqp_uri: str, url: str) -> None:
    """Start the service once so that it declares its queue and bindings, and stop it:
    the visits then wait in its queue until it starts again."""
    with _service(amqp_uri, url) as proc:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"visits service exited ({proc.returncode}): "
                                   + proc.stderr.read().decode()[-2000:])
            conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
            try:
                conn.channel().queue_declare(SERVICE_QUEUE, passive=True)
                return
            except pika.exceptions.ChannelClosedByBroker:
                pass
            finally:
                conn.close()
            if time.monotonic() > deadline:
                raise TimeoutError("visits service did not start")
            time.sleep(0.2)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process used so far (Linux /proc; nan elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _service_run(amqp_uri: str, url: str, bodies: list[bytes]) -> tuple[float, float, float]:
    """→ (seconds until every visit was committed, seconds until the outbox was drained,
    both from the first visit taken; the service's CPU seconds per visit meanwhile)."""
    db = Database(url, pool_size=2)
    try:
        _declare_service_queue(amqp_uri, url)
        _publish(amqp_uri, bodies, "integration.events", "visit_captured")
        with _service(amqp_uri, url) as proc:
            _wait(db, "select count(*) from visits", 1, proc)
            cpu, taken = _cpu_seconds(proc.pid), _count(db, "select count(*) from visits")
            committed = _wait(db, "select count(*) from visits", len(bodies), proc)
            cpu = (_cpu_seconds(proc.pid) - cpu) / (len(bodies) - taken) if taken < len(
                bodies) else float("nan")
            drained = _wait(db, "select -count(*) from outbox where published_at is null", 0,
                            proc)
        if _count(db, "select count(*) from rejected_events"):
            raise RuntimeError("bench visits: the service rejected visits: "
                               "select reason from rejected_events")
        events = _count(db, "select count(*) from outbox where type = 'visits.visit_recorded'")
        if events != len(bodies):
            raise RuntimeError(f"bench visits: {events} visit_recorded events, not "
                               f"{len(bodies)}")
        # the batch's clock: when its first message had been taken
        first = float(_count(db, "select extract(epoch from min(received_at)) from visits"))
        return committed - first, drained - first, cpu
    finally:
        db.dispose()


def _baseline_run(amqp_uri: str, url: str, bodies: list[bytes],
                  batch_size: int) -> tuple[float, float]:
    """consume a batch → insert its rows → commit → ack, into a table shaped like visits.
    → (seconds from the first message taken to the last commit, CPU seconds per visit)"""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("drop table if exists raw_visits"))
        conn.execute(text("create table raw_visits (like visits including defaults "
                          "including indexes)"))
    raw = engine.raw_connection()
    cur = raw.cursor()
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    channel.queue_declare(RAW_QUEUE, durable=True, arguments={"x-queue-type": "quorum"})
    _publish(amqp_uri, bodies, "", RAW_QUEUE)
    channel.basic_qos(prefetch_count=PREFETCH)

    def insert(batch: list[bytes]) -> None:
        rows = []
        for body in batch:
            data = json.loads(body)["data"]
            rows.append((data["visit_id"], data["campaign_id"], data["household_code"],
                         data["household_code"].rsplit("-", 1)[0], data["visitor_id"],
                         data["shift_key"], data["visited_at"], data["visited_at"][:10],
                         data["method"], data["outcome"], json.dumps(data["answers"]),
                         data["people_found"]))
        execute_values(
            cur, "insert into raw_visits (visit_id, campaign_id, household_code, grid_code, "
            "visitor_id, shift_key, visited_at, day, method, outcome, attempt, "
            "questionnaire_version, answers, people_found, people_registered, fingerprint, "
            "source) values %s on conflict (visit_id) do nothing", rows,
            template="(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1, 1, %s, %s, 2, '', 'raw')",
            page_size=len(rows))
        raw.commit()

    done, batch, last_tag, started, cpu = 0, [], None, None, 0.0
    for method, _props, body in channel.consume(RAW_QUEUE, inactivity_timeout=LINGER):
        if method is not None:
            if started is None:
                started, cpu = time.perf_counter(), time.process_time()
            batch.append(body)
            last_tag = method.delivery_tag
            if len(batch) < batch_size:
                continue
        if batch:
            insert(batch)
            channel.basic_ack(last_tag, multiple=True)
            done += len(batch)
            batch = []
        if done == len(bodies):
            break
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    channel.cancel()
    conn.close()
    cur.close()
    raw.close()
    engine.dispose()
    return elapsed, cpu / len(bodies)


def main() -> None:
    count = int(os.environ.get("BENCH_VISITS", "4000"))
    with private_vhost(VHOST, "visits") as amqp_uri:
        url = _fresh_database()
        campaign, plan = _seed(url, count)
        bodies = _bodies(campaign, plan)
        single, single_cpu = _baseline_run(amqp_uri, url, bodies, 1)
        baseline, base_cpu = _baseline_run(amqp_uri, url, bodies, BATCH)
        service, drained, cpu = _service_run(amqp_uri, url, bodies)
    rate = count / service
    print(f"visits: {count:,} visits captured via integration.visit_captured "
          f"(prefetch {PREFETCH})")
    for label, seconds, per_visit in (
            ("raw pika consume → insert → commit → ack, one at a time", single, single_cpu),
            (f"raw, batches of up to {BATCH} like the service's", baseline, base_cpu),
            ("visits service (validated, state, 3 events each, committed)", service, cpu)):
        print(f"  {label + ':':62s} {seconds:6.2f}s {count / seconds:7,.0f} visits/s "
              f"{per_visit * 1000:5.2f} ms CPU/visit")
    print(f"  ratio {rate * baseline / count:.2f}× the batched raw loop (goal ≥ 0.5×), "
          f"{rate * single / count:.2f}× the one-at-a-time loop")
    print(f"  … and their {3 * count:,} events published by the relay: {drained:6.2f}s "
          f"{count / drained:7,.0f} visits/s")
    # CPU per visit hardly depends on what else the machine runs; the rates do
    print("  (CPU: the consuming process only, not PostgreSQL or the broker; the service's "
          "includes its outbox relay)")
    from . import visits_campaign, visits_catchup

    visits_campaign.main()    # a campaign over a street: its request and its split
    visits_catchup.main()     # taking in a city import's events


if __name__ == "__main__":
    main()
