"""Visits taking in a city import (part of `python -m bench visits`; alone:
`python -c "from bench.visits_catchup import main; main()"`).

The registry announces an import per grid: `households_imported` and `residents_imported`,
up to 1,000 items each. A city is 950 grids of about 381 households and 693 residents
(361,876 households, 658,787 residents); BENCH_CATCHUP_GRIDS sets how many grids (95 by
default, a tenth of a city, so the section stays short). Every event is queued before the
real visits service (a subprocess, `python -m services.visits`, its outbox relay in a
process of its own as compose runs it) starts, with a campaign over the whole area
running, so each household also joins the campaign (announced per grid, households_joined).
Measured: from the service's start until its inbox holds every event, and the longest
"idle in transaction" seen in pg_stat_activity meanwhile (sampled every 0.5 s); the
baseline, in the same run: the registry's own import of as many residents from a CSV (as
`wangge registry import` does it), the import the catch-up follows. Figures only, never
asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pika
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from services.common.config import DEFAULT_PG
from services.common.db import Database
from services.common.outbox import Outbox

from .broker import private_vhost
from .database import checkpoint, create_grids, fresh
from .generate import ensure_csv, grid_count

VHOST = "wangge_bench_visits_catchup"
DB_NAME = "wangge_bench_visits_catchup"
HOUSEHOLDS, RESIDENTS = 381, 693          # per grid


def _envelope(name: str, data: dict) -> bytes:
    return json.dumps({"specversion": "1.0", "id": str(uuid.uuid4()),
                       "source": "wangge/registry", "type": f"registry.{name}",
                       # now: an envelope older than INBOX_RETENTION_HOURS is refused
                       "time": datetime.now(UTC).isoformat(),
                       "datacontenttype": "application/json", "subject": data["grid_code"],
                       "data": data}).encode()


def _events(grids: int) -> list[tuple[str, bytes]]:
    events, household = [], 0
    for g in range(grids):
        grid = f"G{g:04d}"
        first = household + 1
        households = [{"household_id": first + h, "code": f"{grid}-H{h:04d}",
                       "kind": "residence", "building_code": f"{grid}-B{h // 20}"}
                      for h in range(HOUSEHOLDS)]
        household += HOUSEHOLDS
        residents = [{"resident_id": g * RESIDENTS + r + 1,
                      "household_id": first + r % HOUSEHOLDS, "tags": []}
                     for r in range(RESIDENTS)]
        events.append(("households_imported", _envelope("households_imported", {
            "import_id": "bench", "grid_code": grid, "households": households})))
        events.append(("residents_imported", _envelope("residents_imported", {
            "import_id": "bench", "grid_code": grid, "residents": residents})))
    return events


def _seed(url: str, grids: int) -> None:
    from services.common.unit_of_work import UnitOfWork
    from services.visits import clock
    from services.visits.adapters.models import MESSAGING, SERVICE
    from services.visits.use_cases.campaigns import create_campaign

    fresh(url, "visits")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("insert into areas values ('C', 1, 'city', '市', null, "
                          "array['C'], 1)"))
        conn.execute(text(
            "insert into areas select 'G' || lpad(g::text, 4, '0'), 1000 + g, 'grid', "
            "'网格', 'C', array['C', 'G' || lpad(g::text, 4, '0')], 1 "
            "from generate_series(0, :n - 1) g"), {"n": grids})
    engine.dispose()
    db = Database(url, pool_size=1)
    with UnitOfWork.begin(db, Outbox(SERVICE, MESSAGING)) as uow:
        create_campaign(uow, {
            "campaign_id": "city", "name": "city", "start": clock.today(),
            "end": clock.today() + timedelta(days=6), "area_codes": ["C"],
            "questionnaire": None, "max_attempts": 3, "per_volunteer": None},
            now=clock.now(), today=clock.today())
    db.dispose()


def _start(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "services.visits"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


def _queues_bound(proc: subprocess.Popen) -> None:
    """Until visits.registry is bound to both import events: stopped earlier (right after
    the queue's declaration), the events published next would be routed nowhere and the
    bench would wait for ever."""
    wanted = {("registry.events", "households_imported"),
              ("registry.events", "residents_imported")}
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"visits service exited ({proc.returncode})")
        out = subprocess.run(["rabbitmqctl", "list_bindings", "-q", "--no-table-headers",
                              "-p", VHOST, "source_name", "routing_key", "destination_name"],
                             capture_output=True, text=True).stdout
        bound = {tuple(line.split("\t")[:2]) for line in out.splitlines()
                 if line.endswith("\tvisits.registry")}
        if wanted <= bound:
            return
        if time.monotonic() > deadline:
            raise TimeoutError("visits service did not bind its registry queue")
        time.sleep(0.2)


def _import_seconds(residents: int) -> float:
    """The registry's CSV import of as many residents, into a database of its own."""
    from services.common import config
    from services.common.green import quiet_eventlet_notice

    quiet_eventlet_notice()
    from services.registry.adapters.models import MESSAGING, SERVICE
    from services.registry.use_cases.importer import import_file

    url = str(make_url(f"{DEFAULT_PG}/{DB_NAME}").set(database=f"{DB_NAME}_registry"))
    directory = Path(os.environ.get("BENCH_DIR", "var/bench"))
    path = ensure_csv(directory, residents)
    fresh(url, "registry")
    create_grids(url, grid_count(residents))
    checkpoint(url)
    db = Database(url, pool_size=2)
    try:
        report = import_file(db, Outbox(SERVICE, MESSAGING), path, key=config.id_hash_key(),
                             error_report=directory / "catchup.errors.csv")
    finally:
        db.dispose()
    return report.seconds


def main() -> None:
    grids = int(os.environ.get("BENCH_CATCHUP_GRIDS", "95"))
    url = os.environ.get("BENCH_VISITS_CATCHUP_DATABASE_URL", f"{DEFAULT_PG}/{DB_NAME}")
    with private_vhost(VHOST, "visits") as amqp_uri:
        _seed(url, grids)
        env = {**os.environ, "AMQP_URI": amqp_uri, "VISITS_DATABASE_URL": url,
               "VISITS_SKIP_MIGRATE": "1", "WEB_SERVER_ADDRESS": "127.0.0.1:0",
               "OUTBOX_RELAY": "process", "HISTORY_STREAM": ""}
        proc = _start(env)                 # once, so that its queue and bindings exist
        try:
            _queues_bound(proc)
        finally:
            _stop(proc)
        events = _events(grids)
        conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        channel = conn.channel()
        # confirmed and routed, each: a lost publish fails here instead of hanging below
        channel.confirm_delivery()
        for name, body in events:
            channel.basic_publish("registry.events", name, body, pika.BasicProperties(
                content_type="application/json", delivery_mode=2), mandatory=True)
        conn.close()
        engine = create_engine(url)
        proc = _start(env)
        started, idle = time.monotonic(), 0.0
        try:
            with engine.connect() as db:
                while True:
                    db.rollback()
                    done = db.execute(text("select count(*) from inbox "
                                           "where consumer = 'registry'")).scalar()
                    idle = max(idle, float(db.execute(text(
                        "select coalesce(max(extract(epoch from now() - state_change)), 0) "
                        "from pg_stat_activity where datname = :d "
                        "and state = 'idle in transaction'"), {"d": DB_NAME}).scalar()))
                    if done >= len(events):
                        break
                    if proc.poll() is not None or time.monotonic() - started > 3600:
                        raise RuntimeError(f"bench visits catch-up: {done} of "
                                           f"{len(events)} events taken in")
                    time.sleep(0.5)
                took = time.monotonic() - started
                joined = db.execute(text("select count(*) from campaign_households")).scalar()
        finally:
            _stop(proc)
            engine.dispose()
    print(f"visits: taking in an import of {grids} grids ({grids * HOUSEHOLDS:,} households, "
          f"{grids * RESIDENTS:,} residents; a city is 950) with a campaign running")
    print(f"  {'from the start of the service to the last event applied:':62s} {took:6.2f}s "
          f"({joined:,} households joined the campaign)")
    print(f"  {'longest idle in transaction seen meanwhile:':62s} {idle:6.2f}s")
    imported = _import_seconds(grids * RESIDENTS)
    print(f"  {'baseline: the registry importing as many residents (CSV):':62s} "
          f"{imported:6.2f}s")
    print(f"  {'ratio, catch-up (service start included) to import:':62s} "
          f"{took / imported:6.2f}x")


if __name__ == "__main__":
    main()
