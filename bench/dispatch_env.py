"""What the dispatch bench runs against: a private vhost, a fresh database seeded through
dispatch's own functions, and the real service as a subprocess (`python -m services.dispatch`).

Everything is the bench's own (database wangge_bench_dispatch, vhost
wangge_bench_dispatch), so a running `make run` neither disturbs nor is disturbed by it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from services.common.config import DEFAULT_PG
from services.common.db import Database
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters.areas import apply_area
from services.dispatch.adapters.models import MESSAGING, SERVICE
from services.dispatch.entrypoints import schemas
from services.dispatch.use_cases.people import create_unit, enrol_volunteer

from .broker import private_vhost as _private_vhost

VHOST = os.environ.get("BENCH_VHOST", "wangge_bench_dispatch")
COMMUNITY, UNIT = "BENCH", "BENCH-U"


def database_url() -> str:
    return os.environ.get("BENCH_DISPATCH_DATABASE_URL",
                          f"{DEFAULT_PG}/wangge_bench_dispatch")


def grid(n: int) -> str:
    return f"{COMMUNITY}-G{n:02d}"


def seed(url: str, *, grids: int, volunteers: int) -> None:
    """A community with its grids (as registry events would leave them) and a unit whose
    volunteers are all available: every weekday, both halves, up to 14 shifts a week."""
    db = Database(url, pool_size=2)
    outbox = Outbox(SERVICE, MESSAGING)
    try:
        with UnitOfWork.begin(db, outbox) as uow:
            session = uow.session
            apply_area(session, {"level": "community", "code": COMMUNITY, "area_id": 1,
                                 "name": "基准社区", "parent_code": "BENCH-S", "version": 1,
                                 "path": ["BENCH-S", COMMUNITY]})
            for n in range(1, grids + 1):
                apply_area(session, {"level": "grid", "code": grid(n), "area_id": 100 + n,
                                     "name": f"第{n}网格", "parent_code": COMMUNITY,
                                     "version": 1, "path": ["BENCH-S", COMMUNITY, grid(n)]})
            create_unit(uow, schemas.UnitCreate().load({
                "unit_id": UNIT, "name": "基准单位", "area_code": "BENCH-S",
                "coordinator_name": "王协调",
                "coordinator_phone": "13900000000"}))
            for n in range(volunteers):
                data = schemas.VolunteerCreate().load({
                    "volunteer_id": f"{UNIT}-v{n:04d}", "unit_id": UNIT,
                    "name": f"志愿者{n:04d}", "weekly_limit": 14})
                enrol_volunteer(uow, data, "bench", update=False)
    finally:
        db.dispose()


def wait_outbox_drained(url: str, timeout: float = 60.0) -> None:
    """Let the relay publish the seeding's events first: the orders start from an idle
    relay, as they would in a running service."""
    db = Database(url, pool_size=1)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with db.transaction() as session:
                pending = session.execute(text(
                    "select count(*) from outbox where published_at is null")).scalar_one()
            if not pending:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{pending} seeding event(s) still unpublished")
            time.sleep(0.1)
    finally:
        db.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/health", timeout=2) as resp:
            return json.loads(resp.read()).get("status") == "ok"
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class Running:
    base_url: str
    pid: int


@contextmanager
def service_process(service: str, env: dict[str, str], log_path: Path,
                    timeout: float = 60.0):
    """`python -m services.<service>` as deployed, configured by `env` (on top of this
    process's; WEB_SERVER_ADDRESS is chosen here); yields it (Running: its base URL and
    pid) once /health answers ok. Stopped with SIGTERM (its graceful stop)."""
    address = f"127.0.0.1:{_free_port()}"
    env = {**os.environ, **env, "WEB_SERVER_ADDRESS": address}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", f"services.{service}"], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            base_url = f"http://{address}"
            deadline = time.monotonic() + timeout
            while not _healthy(base_url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{service} did not come up; see {log_path}")
                time.sleep(0.2)
            yield Running(base_url, proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def dispatch_service(amqp_uri: str, url: str, log_path: Path, timeout: float = 60.0,
                     auth: dict[str, str] | None = None):
    """Dispatch as a subprocess on the bench's database and vhost (service_process);
    yields its base URL. auth: the token settings (WANGGE_AUTH, AUTH_JWKS_URL); by
    default AUTH is off."""
    env = {"AMQP_URI": amqp_uri, "DISPATCH_DATABASE_URL": url, "DISPATCH_SKIP_MIGRATE": "1",
           # the dispatch section measures fan-out, not token checks (tested in
           # test_dispatch_access; the accounts section times them)
           **(auth or {"WANGGE_AUTH": "off"})}
    with service_process("dispatch", env, log_path, timeout) as running:
        yield running.base_url


def private_vhost():
    return _private_vhost(VHOST, "dispatch")
