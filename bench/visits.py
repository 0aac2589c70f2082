"""Visit capture throughput (`python -m bench visits`).

Phones publish `integration.visit_captured`; the real visits service (a subprocess,
`python -m services.visits`) validates each against its campaign, shift and
questionnaire and writes the visit, the household's state, the task and their events in
one transaction per batch. Measured: visits/s from the first publish until every visit
is in the database and every event it caused has left the outbox.

Baseline, in the same run and on the same broker and database: a raw pika loop that
consumes the same bodies, inserts each into an equivalent table and acks. The ratio
(service ÷ baseline) is what validation, the inbox, state and events cost; the goal is
at least 0.5×. Figures only, never asserted. BENCH_VISITS sets the number of visits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

import pika
from sqlalchemy import create_engine, text

from services.common.config import DEFAULT_PG
from services.common.db import Database
from services.common.migrate import upgrade
from services.common.outbox import Outbox

AMQP_BASE = os.environ.get("BENCH_AMQP_BASE", "amqp://guest:guest@127.0.0.1:5672")
VHOST = os.environ.get("BENCH_VISITS_VHOST", "wangge_bench_visits")
DB_NAME = "wangge_bench_visits"
GRIDS, VOLUNTEERS = 4, 10
RAW_QUEUE = "bench.raw_visits"


def _url() -> str:
    return os.environ.get("BENCH_VISITS_DATABASE_URL", f"{DEFAULT_PG}/{DB_NAME}")


@contextmanager
def _vhost():
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        sys.exit("bench visits: rabbitmqctl is needed to create the bench's own vhost")

    def run(*args: str, check: bool = True) -> None:
        subprocess.run([ctl, *args], check=check, capture_output=True)

    run("delete_vhost", VHOST, check=False)
    run("add_vhost", VHOST)
    try:
        run("set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*")
        yield f"{AMQP_BASE}/{VHOST}"
    finally:
        run("delete_vhost", VHOST, check=False)


def _fresh_database() -> str:
    url = _url()
    admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'drop database if exists "{DB_NAME}" with (force)'))
    admin.dispose()
    upgrade("visits", url)
    return url


def _seed(url: str, households: int) -> tuple[str, list[tuple[str, str, str]]]:
    """Areas, households (2 residents each), yesterday's door_to_door shift per grid with
    its volunteers, and a campaign. → (campaign id, [(household, grid, shift key)])."""
    from services.visits import clock
    from services.visits.areas import apply_area, apply_household, apply_resident
    from services.visits.campaigns import create_campaign
    from services.visits.models import MESSAGING, SERVICE, Shift, ShiftVolunteer

    db, outbox = Database(url, pool_size=2), Outbox(SERVICE, MESSAGING)
    day = clock.today() - timedelta(days=1)
    now = clock.now()
    status = {"registration_code_applied": False, "vaccination": "none",
              "latest_test_date": None, "latest_test_result": None, "recent_travel": None,
              "returned_on": None}
    plan = []
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
        for n in range(households):
            grid = f"B-G{n % GRIDS}"
            code = f"{grid}-H{n:06d}"
            apply_household(session, outbox, {
                "household_id": n + 1, "code": code, "kind": "residence",
                "address": f"{n // 20}栋{n % 20}号", "building_code": f"{grid}-b{n // 20}",
                "grid_code": grid, "version": 1}, now)
            for r in range(2):
                apply_resident(session, {"resident_id": (n + 1) * 10 + r,
                                         "household_id": n + 1, "version": 1,
                                         "status": status})
            plan.append((code, grid, f"bench:{day}:day:{grid}"))
        create_campaign(session, outbox, {
            "campaign_id": "bench", "name": "bench", "start": day, "end": day + timedelta(7),
            "area_codes": ["B"], "questionnaire": None, "max_attempts": 3,
            "per_volunteer": None}, now=now, today=clock.today())
        # seeding events are not what is measured
        session.execute(text("update outbox set published_at = now(), routed = true"))
    db.dispose()
    return "bench", plan


def _bodies(campaign: str, plan: list[tuple[str, str, str]]) -> list[bytes]:
    from services.visits import clock

    day = clock.today() - timedelta(days=1)
    at = datetime.combine(day, dtime(10, 0), tzinfo=clock.tz())
    answers = {"people_present": 2, "arrived_recently": False, "test_status": "all_negative",
               "water_hazard": False, "electricity_hazard": False, "gas_hazard": False,
               "fire_hazard": False, "has_difficulty": False, "registry_correct": True}
    out = []
    for n, (code, grid, key) in enumerate(plan):
        data = {"visit_id": f"bench-{n:08d}", "campaign_id": campaign,
                "household_code": code, "visitor_id": f"V{grid[-1]}-{n % VOLUNTEERS}",
                "shift_key": key, "visited_at": (at + timedelta(seconds=n)).isoformat(),
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


def _wait(db: Database, statement: str, target: int, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with db.transaction() as session:
            if session.execute(text(statement)).scalar_one() >= target:
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"bench visits: {statement} did not reach {target}")
        time.sleep(0.05)


@contextmanager
def _service(amqp_uri: str, url: str):
    env = {**os.environ, "AMQP_URI": amqp_uri, "VISITS_DATABASE_URL": url,
           "VISITS_SKIP_MIGRATE": "1", "WEB_SERVER_ADDRESS": "127.0.0.1:0"}
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


def _service_run(amqp_uri: str, url: str, bodies: list[bytes]) -> float:
    db = Database(url, pool_size=2)
    try:
        with _service(amqp_uri, url) as proc:
            # the consumer's queue exists once the service is up: wait for it
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise RuntimeError("visits service exited: "
                                       + proc.stderr.read().decode()[-2000:])
                try:
                    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
                    conn.channel().queue_declare("visits.integration", passive=True)
                    conn.close()
                    break
                except pika.exceptions.ChannelClosedByBroker:
                    conn.close()
                if time.monotonic() > deadline:
                    raise TimeoutError("visits service did not start")
                time.sleep(0.2)
            started = time.perf_counter()
            _publish(amqp_uri, bodies, "integration.events", "visit_captured")
            _wait(db, "select count(*) from visits", len(bodies))
            _wait(db, "select -count(*) from outbox where published_at is null", 0)
            return time.perf_counter() - started
    finally:
        db.dispose()


def _baseline_run(amqp_uri: str, url: str, bodies: list[bytes]) -> float:
    """consume → insert one row → commit → ack, into a table shaped like visits."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("drop table if exists raw_visits"))
        conn.execute(text("create table raw_visits (like visits including defaults "
                          "including indexes)"))
    raw = engine.raw_connection()
    cur = raw.cursor()
    params = pika.URLParameters(amqp_uri)
    conn = pika.BlockingConnection(params)
    channel = conn.channel()
    channel.queue_declare(RAW_QUEUE, durable=True)
    channel.basic_qos(prefetch_count=256)
    done = {"n": 0}

    def on_message(ch, method, props, body):
        data = json.loads(body)["data"]
        cur.execute(
            "insert into raw_visits (visit_id, campaign_id, household_code, grid_code, "
            "visitor_id, shift_key, visited_at, day, method, outcome, attempt, "
            "questionnaire_version, answers, people_found, people_registered, fingerprint, "
            "source) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1, 1, %s, %s, 2, '', "
            "'raw')", (data["visit_id"], data["campaign_id"], data["household_code"],
                       data["household_code"].rsplit("-", 1)[0], data["visitor_id"],
                       data["shift_key"], data["visited_at"], data["visited_at"][:10],
                       data["method"], data["outcome"], json.dumps(data["answers"]),
                       data["people_found"]))
        raw.commit()
        ch.basic_ack(method.delivery_tag)
        done["n"] += 1
        if done["n"] == len(bodies):
            ch.stop_consuming()

    started = time.perf_counter()
    _publish(amqp_uri, bodies, "", RAW_QUEUE)
    channel.basic_consume(RAW_QUEUE, on_message)
    channel.start_consuming()
    elapsed = time.perf_counter() - started
    conn.close()
    cur.close()
    raw.close()
    engine.dispose()
    return elapsed


def main() -> None:
    count = int(os.environ.get("BENCH_VISITS", "4000"))
    with _vhost() as amqp_uri:
        url = _fresh_database()
        campaign, plan = _seed(url, count)
        bodies = _bodies(campaign, plan)
        baseline = _baseline_run(amqp_uri, url, bodies)
        service = _service_run(amqp_uri, url, bodies)
    base_rate, rate = count / baseline, count / service
    print(f"visits: {count:,} visits captured via integration.visit_captured")
    print(f"  raw pika consume → insert → ack: {baseline:6.2f}s  {base_rate:8,.0f} visits/s")
    print(f"  visits service (validated, state, task, 3 events each, outbox drained): "
          f"{service:6.2f}s  {rate:8,.0f} visits/s")
    print(f"  ratio {rate / base_rate:.2f}× (goal ≥ 0.5×)")


if __name__ == "__main__":
    main()
