"""Sign-in throughput in the accounts section of `python -m bench`.

A sign-in's cost is the argon2id verification of the password, by design (it is what a
stolen table costs an attacker per guess): measured with accounts' own Passwords as its
settings configure it (ACCOUNTS_ARGON2_* from the environment, else the defaults), on one
core and on two threads (argon2-cffi releases the GIL, as in the service, which runs it in
eventlet's thread pool). A password set (invitation, reset) costs one hash: measured too.

End to end: `python -m services.accounts` (a subprocess, its own fresh database and
vhost) answering `POST /sessions` to N clients at once (BENCH_SIGNIN_CLIENTS, default 4),
each signing in back to back as its own account: sign-ins/s, p50 and p99 latency, and
the CPU per sign-in of each process (bench/cpu.py). The baseline is the bare argon2 check
above: its share of accounts' CPU per sign-in (CPU, not wall time, so the figure holds on
a machine that other work keeps busy; the wall-time rates do not).
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from services.accounts import clock, settings
from services.accounts.adapters.models import MESSAGING, SERVICE
from services.accounts.settings import passwords
from services.accounts.use_cases.bootstrap import create_admin
from services.common.config import DEFAULT_PG
from services.common.db import Database
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork

from . import database
from .broker import private_vhost
from .cpu import CpuMeter, describe
from .dispatch_env import service_process
from .timing import Throughput, calls_per_second, per_call, percentile

VHOST = os.environ.get("BENCH_SIGNIN_VHOST", "wangge_bench_accounts")
AREA = "BENCH"

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Hashing:
    parameters: str
    verify_one: float  # verifications per CPU second of one thread
    verify_two: Throughput  # two threads calling at once (wall time, cores they got)
    hash_one: float  # hashes per CPU second of one thread


def hashing(seconds: float) -> Hashing:
    chosen = passwords()
    stored = chosen.hash(PASSWORD)
    if not chosen.verify(stored, PASSWORD):
        raise RuntimeError("accounts' Passwords did not verify its own hash")
    hasher = chosen.hasher
    parameters = (f"argon2id m={hasher.memory_cost} KiB, t={hasher.time_cost}, "
                  f"p={hasher.parallelism}")

    def verify() -> None:
        chosen.verify(stored, PASSWORD)

    return Hashing(parameters, 1 / per_call(verify, seconds, rounds=2),
                   calls_per_second(verify, seconds, 2),
                   1 / per_call(lambda: chosen.hash(PASSWORD), seconds / 2, rounds=1))


def report_hashing(h: Hashing) -> None:
    print(f"  sign-in password check ({h.parameters})")
    print(f"         verify, 1 core {h.verify_one:9.1f} /s  {1000 / h.verify_one:7.1f} ms CPU "
          "each")
    two = h.verify_two
    print(f"         verify, 2 thr. {two.rate:9.1f} /s  ({two.rate / h.verify_one:.2f}x one "
          f"core, on the {two.cores:.2f} cores the machine left this process)")
    print(f"         hash, 1 core   {h.hash_one:9.1f} /s  {1000 / h.hash_one:7.1f} ms CPU each "
          "(setting a password)")


# -- end to end: POST /sessions to the real service ----------------------------------------
def database_url() -> str:
    return os.environ.get("BENCH_SIGNIN_DATABASE_URL", f"{DEFAULT_PG}/wangge_bench_accounts")


def seed_people(url: str, count: int) -> list[str]:
    """`count` active accounts holding a password, made as an operator makes the first
    admin (use_cases/bootstrap.py); one per client, so no login is shared. → their logins."""
    db = Database(url, pool_size=1)
    try:
        tools = settings.tools({"ACCOUNTS_DATABASE_URL": url}, db)
        logins = [f"bench-signin-{n:02d}" for n in range(count)]
        with UnitOfWork.begin(db, Outbox(SERVICE, MESSAGING)) as uow:
            for login in logins:
                create_admin(uow, tools, login=login, display_name=login, area=AREA,
                             role="grid_worker", now=clock.now(), password=PASSWORD)
        return logins
    finally:
        db.dispose()


def _sign_in(conn: http.client.HTTPConnection, login: str) -> float:
    body = json.dumps({"login": login, "password": PASSWORD})
    started = time.perf_counter()
    conn.request("POST", "/sessions", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    answer = response.read()
    took = time.perf_counter() - started
    if response.status != 200 or b"access_token" not in answer:
        raise RuntimeError(f"POST /sessions answered {response.status}: {answer[:300]!r}")
    return took


@dataclass(frozen=True)
class SignIns:
    clients: int
    latencies: list[float]
    seconds: float
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per process group

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds


def sign_ins(base_url: str, logins: list[str], seconds: float,
             meter: CpuMeter | None = None) -> SignIns:
    """Each login a client on its own keep-alive connection, signing in back to back;
    `meter` samples the CPU of the processes it watches over the timed part."""
    host = base_url.removeprefix("http://")
    conns = [http.client.HTTPConnection(host, timeout=60) for _ in logins]
    latencies: list[list[float]] = [[] for _ in logins]
    failures: list[BaseException] = []
    try:
        for conn, login in zip(conns, logins, strict=True):
            _sign_in(conn, login)  # warm: connection, key ring, workers
        start = threading.Barrier(len(logins) + 1)
        deadline: list[float] = []

        def client(n: int) -> None:
            start.wait()
            try:
                while time.perf_counter() < deadline[0]:
                    latencies[n].append(_sign_in(conns[n], logins[n]))
            except BaseException as exc:  # noqa: BLE001 - re-raised by the caller
                failures.append(exc)

        threads = [threading.Thread(target=client, args=(n,), daemon=True)
                   for n in range(len(logins))]
        for thread in threads:
            thread.start()
        before = meter.sample() if meter else {}
        started = time.perf_counter()
        deadline.append(started + seconds)
        start.wait()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu = CpuMeter.spent(before, meter.sample()) if meter else {}
    finally:
        for conn in conns:
            conn.close()
    if failures:
        raise failures[0]
    return SignIns(len(logins), [t for per in latencies for t in per], elapsed, cpu)


def end_to_end(seconds: float, clients: int, log_dir: Path) -> SignIns:
    url = database_url()
    database.fresh(url, "accounts")
    logins = seed_people(url, clients)
    with private_vhost(VHOST, "accounts") as amqp_uri, service_process(
            "accounts", {"AMQP_URI": amqp_uri, "ACCOUNTS_DATABASE_URL": url,
                         "ACCOUNTS_SKIP_MIGRATE": "1"},
            log_dir / "accounts-service.log") as accounts:
        return sign_ins(accounts.base_url, logins, seconds,
                        CpuMeter({"accounts": accounts.pid}))


def report_end_to_end(s: SignIns, h: Hashing) -> None:
    print(f"  POST /sessions to accounts, {s.clients} clients at once for {s.seconds:.1f} s "
          f"({len(s.latencies)} sign-ins)")
    print(f"         sign-ins       {s.rate:9.1f} /s  p50 {percentile(s.latencies, 50) * 1e3:6.1f} "
          f"ms  p99 {percentile(s.latencies, 99) * 1e3:6.1f} ms")
    if not s.cpu:
        return
    count, argon2 = len(s.latencies), 1 / h.verify_one
    service = s.cpu.get("accounts", 0.0) / count
    # PostgreSQL's and RabbitMQ's CPU is every user's of this machine, not only the bench's
    print(f"         {describe(s.cpu, count, 'sign-in')}")
    print(f"         ratio          the bare argon2 check is {argon2 / service:.0%} of accounts' "
          f"CPU per sign-in ({argon2 * 1e3:.1f} of {service * 1e3:.1f} ms; by design most of "
          f"it): {os.cpu_count()} idle cores would sustain ~{(os.cpu_count() or 1) / service:.0f}"
          " sign-ins/s of accounts' CPU")
