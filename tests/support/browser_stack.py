"""A private Wangge for the browser tests and for developing the web app: the five services
as processes of their own (as `make run` starts them) on the real RabbitMQ and PostgreSQL,
in the namespace's vhost and databases, the gateway serving web/dist, all on free ports;
then a small world built over HTTP as people would build it.

    WANGGE_TEST_NAMESPACE=x .venv/bin/python -m tests.browser.stack

(tests/browser/stack.py runs main() here) prints the world as JSON (base URL, time zone,
people with their logins and passwords, shifts, households) and serves until Ctrl-C.
tests/browser/conftest.py starts the same stack once per test session.

Processes, not in-process nameko runners: the tests spend their time waiting on a node
subprocess driving Chromium, and five services plus the gateway under one eventlet hub in
pytest would all stall whenever a test blocks outside a green call.

The world: 滨江社区 with two grids (24 and 16 households in buildings of two staircases,
one to four residents each, some tagged elderly_alone), unit U1 with three volunteers
whose invitations were accepted with known passwords, a grid worker per grid, a community
admin, a request handler of the community's civil-affairs office, a shift of all three
volunteers at grid 1 under way now and one tomorrow, the 三询问一完善 campaign started (so
today's shift has its tasks), and one request in grid 2 转办'd to the handler.

Time: shifts take check-ins and visits only within their hours (docs/shifts.md), so unless
WANGGE_TZ is set the services run in the whole-hour zone where it is now 09:xx (today's
morning shift under way for at least two more hours); the browser uses the same zone."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]  # tests/support/ → the repository
SERVICES = ("registry", "dispatch", "visits", "reporting", "accounts")
CITY, DISTRICT, STREET = "4401", "440106", "440106001"
COMMUNITY = "440106001001"
GRIDS = (f"{COMMUNITY}G01", f"{COMMUNITY}G02")
BUILDINGS = {GRIDS[0]: 3, GRIDS[1]: 2}
PER_BUILDING = 8                     # two staircases (单元) of four floors, one door each
UNIT = "U1"
DEPARTMENT = f"{COMMUNITY}:civil"    # the community's civil-affairs office (民政)
CAMPAIGN = "sxyws-e2e"
# today's shift must have its tasks, tomorrow's must not take a share of them: tasks are
# handed out this long before a shift starts, and tomorrow's starts at least 22 h away
TASK_LEAD_MINUTES = "120"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建国志红玉兰文辉斌宇浩"


# -- time: a zone where the morning shift is under way ------------------------------------
def morning_zone(hour: int = 9) -> str:
    """The whole-hour Etc zone where it is now hour:xx (as services/demo/__main__.py's
    _daytime_zone finds one at 10:xx; 09:xx leaves the morning shift two hours at least)."""
    offset = (hour - datetime.now(UTC).hour) % 24
    if offset > 14:
        offset -= 24
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/UTC"


# -- HTTP --------------------------------------------------------------------------------
def call(base: str, method: str, path: str, body=None, token: str | None = None,
         headers: dict | None = None) -> tuple[int, object]:
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw, status = resp.read(), resp.status
    except urllib.error.HTTPError as exc:
        raw, status = exc.read(), exc.code
    try:
        return status, json.loads(raw) if raw.strip() else {}
    except ValueError:
        return status, raw.decode("utf-8", "replace")


def ok(base: str, method: str, path: str, body=None, token: str | None = None,
       status: tuple[int, ...] = (200, 201)):
    got, answer = call(base, method, path, body, token)
    if got not in status:
        raise RuntimeError(f"{method} {path}: {got} {answer}")
    return answer


def wait_until(what: str, probe, timeout: float = 60, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {what} after {timeout:.0f}s")
        time.sleep(every)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the people ------------------------------------------------------------------------
@dataclass
class Person:
    key: str
    name: str
    login: str
    password: str
    grants: list[dict]
    person_id: str = ""
    token: str = ""

    def public(self) -> dict:
        out = {"login": self.login, "password": self.password, "name": self.name,
               "person_id": self.person_id, "grants": self.grants}
        volunteer = next((g["volunteer"] for g in self.grants if g.get("volunteer")), None)
        if volunteer:
            out["volunteer_id"] = volunteer
        return out


def _volunteers() -> list[Person]:
    names = ("张志愿", "李志愿", "赵志愿")
    return [Person(f"volunteer{n}", name, f"136000000{n:02d}", f"volunteer-{n}-pass",
                   [{"role": "volunteer", "unit": UNIT, "volunteer": f"U1-V{n}"}])
            for n, name in enumerate(names, 1)]


def _staff() -> list[Person]:
    return [
        Person("community_admin", "滨江社区书记", "13700000001", "community-admin-pass",
               [{"role": "community_admin", "area": COMMUNITY}]),
        *(Person(f"grid_worker{n}", f"网格员{n}", f"1370000001{n}", f"grid-worker-{n}-pass",
                 [{"role": "grid_worker", "area": grid}]) for n, grid in enumerate(GRIDS, 1)),
        Person("coordinator", "王协调", "13700000021", "coordinator-pass",
               [{"role": "unit_coordinator", "unit": UNIT}]),
        Person("request_handler", "民政专干", "13700000031", "request-handler-pass",
               [{"role": "request_handler", "unit": DEPARTMENT}]),
    ]


def _id_number(rng: random.Random, birth_year: int) -> str:
    body = (f"440106{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f"{rng.randint(0, 999):03d}")
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


# -- the stack -----------------------------------------------------------------------------
@dataclass
class Stack:
    namespace: str = field(default_factory=lambda: os.environ.get("WANGGE_TEST_NAMESPACE",
                                                                  "wangge_test"))
    tz: str = field(default_factory=lambda: os.environ.get("WANGGE_TZ") or morning_zone())
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    bases: dict[str, str] = field(default_factory=dict)
    base_url: str = ""
    world: dict = field(default_factory=dict)

    @property
    def logs(self) -> Path:
        return ROOT / "var" / "browser" / self.namespace / "log"

    @property
    def world_file(self) -> Path:
        return ROOT / "var" / "browser" / self.namespace / "world.json"

    @property
    def pg_base(self) -> str:
        return os.environ.get("TEST_PG_BASE", "postgresql+psycopg2://postgres@127.0.0.1:5432")

    def database_url(self, service: str) -> str:
        return f"{self.pg_base}/{self.namespace}_{service}"

    @property
    def amqp_uri(self) -> str:
        return f"{os.environ.get('TEST_AMQP_BASE', 'amqp://guest:guest@127.0.0.1:5672')}/" \
               f"{self.namespace}"

    # -- servers ------------------------------------------------------------------------
    def _vhost(self) -> None:
        import shutil

        ctl = shutil.which("rabbitmqctl")
        if ctl is None:
            raise RuntimeError("rabbitmqctl is needed to create the stack's vhost")
        subprocess.run([ctl, "delete_vhost", self.namespace], capture_output=True)
        subprocess.run([ctl, "add_vhost", self.namespace], check=True, capture_output=True)
        subprocess.run([ctl, "set_permissions", "-p", self.namespace, "guest", ".*", ".*",
                        ".*"], check=True, capture_output=True)

    def _fresh_databases(self) -> None:
        from sqlalchemy import create_engine, text

        from services.common.migrate import upgrade

        admin = create_engine(f"{self.pg_base}/postgres", isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                for service in SERVICES:
                    conn.execute(text(f'drop database if exists '
                                      f'"{self.namespace}_{service}" with (force)'))
        finally:
            admin.dispose()
        for service in SERVICES:
            upgrade(service, self.database_url(service))

    def env(self) -> dict:
        """What every process of the stack shares: the namespace's servers, the zone."""
        env = {**os.environ, "AMQP_URI": self.amqp_uri, "WANGGE_TZ": self.tz,
               "PYTHONUNBUFFERED": "1"}
        for service in SERVICES:
            env[f"{service.upper()}_DATABASE_URL"] = self.database_url(service)
        return env

    def _spawn(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.logs / f"{name}.log", "ab") as out:
            proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = proc
        return proc

    def start(self) -> None:
        self._vhost()
        self._fresh_databases()
        addresses = {s: f"127.0.0.1:{free_port()}" for s in SERVICES}
        accounts_jwks = f"http://{addresses['accounts']}/.well-known/jwks.json"
        for service in SERVICES:
            env = {**self.env(), "WEB_SERVER_ADDRESS": addresses[service],
                   f"{service.upper()}_SKIP_MIGRATE": "1", "AUTH_JWKS_URL": accounts_jwks,
                   "AUTH": "required", "EVENT_RETRY_DELAY_MS": "200",
                   # a phone or two at a time: few workers, so few database connections
                   # (PostgreSQL's 100 are shared by every stack and test on the machine)
                   "MAX_WORKERS": os.environ.get("MAX_WORKERS", "4")}
            if service == "visits":
                env["VISITS_TASK_LEAD_MINUTES"] = TASK_LEAD_MINUTES
            if service == "accounts":
                env |= {"ACCOUNTS_ARGON2_TIME_COST": "1", "ACCOUNTS_ARGON2_MEMORY_KIB": "1024",
                        # the tests sign in many times from 127.0.0.1
                        "ACCOUNTS_RATE_PER_ADDRESS": "1000", "ACCOUNTS_RATE_PER_LOGIN": "100"}
            self._spawn(service, ["-m", f"services.{service}"], env)
            self.bases[service] = f"http://{addresses[service]}"
        for service in SERVICES:
            self._healthy(service, self.bases[service] + "/health")
        gateway = f"127.0.0.1:{free_port()}"
        env = {**self.env(), "GATEWAY_ADDRESS": gateway,
               **{f"{s.upper()}_ADDRESS": addresses[s] for s in SERVICES}}
        self._spawn("gateway", ["-m", "services.gateway"], env)
        self.base_url = f"http://{gateway}"
        self._healthy("gateway", self.base_url + "/accounts/health")

    def _healthy(self, name: str, url: str, timeout: float = 90) -> None:
        proc = self.procs[name]

        def answers():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see "
                                   f"{self.logs / (name + '.log')}")
            try:
                with urllib.request.urlopen(url, timeout=5) as resp:
                    return resp.status == 200
            except (urllib.error.URLError, OSError):
                return False

        wait_until(f"{name} to answer {url}", answers, timeout=timeout)

    def stop(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is None:
                # the services stop cleanly on SIGINT; the gateway's threads on SIGTERM
                proc.send_signal(signal.SIGTERM if name == "gateway" else signal.SIGINT)
        for name, proc in self.procs.items():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop on SIGINT: killed", file=sys.stderr)
                proc.kill()
                proc.wait(5)
        self.procs.clear()

    def forget(self) -> None:
        """Drop the stack's vhost and databases (after stop)."""
        import shutil

        from sqlalchemy import create_engine, text

        for engine in self.__dict__.pop("_engines", {}).values():
            engine.dispose()
        ctl = shutil.which("rabbitmqctl")
        if ctl:
            subprocess.run([ctl, "delete_vhost", self.namespace], capture_output=True)
        admin = create_engine(f"{self.pg_base}/postgres", isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                for service in SERVICES:
                    conn.execute(text(f'drop database if exists '
                                      f'"{self.namespace}_{service}" with (force)'))
        finally:
            admin.dispose()

    # -- SQL, for waiting on what events carry and for the tests' counts ----------------
    def sql(self, service: str, statement: str, **params) -> list[dict]:
        from sqlalchemy import create_engine, text

        engines = self.__dict__.setdefault("_engines", {})
        if service not in engines:
            engines[service] = create_engine(self.database_url(service), pool_size=1)
        with engines[service].begin() as conn:
            return [dict(r) for r in conn.execute(text(statement), params).mappings()]

    # -- the world, over HTTP ------------------------------------------------------------
    def seed(self) -> dict:
        gw = self.base_url
        admin = self._city_admin()
        token = admin.token
        self._places(token)
        households = self._homes(token)
        wait_until("the grids in dispatch", lambda: all(
            self.sql("dispatch", "select 1 from grids where code = :g and path is not null",
                     g=g) for g in GRIDS))
        wait_until("every household in visits", lambda: self.sql(
            "visits", "select count(*) n from households")[0]["n"] == sum(
                len(v) for v in households.values()))
        volunteers = _volunteers()
        ok(gw, "POST", "/dispatch/units", {
            "unit_id": UNIT, "name": "市民政局", "area_code": DISTRICT,
            "coordinator_name": "王协调", "coordinator_phone": "13700000021"}, token)
        for v in volunteers:
            ok(gw, "POST", "/dispatch/volunteers", {
                "volunteer_id": v.grants[0]["volunteer"], "unit_id": UNIT, "name": v.name,
                "phone": v.login, "party_member": True, "weekdays": list(range(7)),
                "halves": ["am", "pm"], "weekly_limit": 14}, token)
        staff = _staff()
        for person in [*volunteers, *staff]:
            self._enrol(person, token)
        today = datetime.now(ZoneInfo(self.tz)).date()
        shifts = self._shifts(token, today, [v.grants[0]["volunteer"] for v in volunteers])
        ok(gw, "POST", "/visits/campaigns", {
            "campaign_id": CAMPAIGN, "name": "三询问一完善 · 滨江社区",
            "start": today.isoformat(), "end": (today + timedelta(days=6)).isoformat(),
            "area_codes": [COMMUNITY], "max_attempts": 3}, token)
        for v in volunteers:
            self._signed_in(v)
            wait_until(f"{v.key}'s tasks", lambda v=v: self._has_tasks(v), timeout=90)
        request_id = self._request(staff)
        people = {p.key: p.public() for p in [admin, *volunteers, *staff]}
        self.world = {
            "base_url": gw, "namespace": self.namespace, "tz": self.tz,
            "today": today.isoformat(), "services": self.bases,
            "community": COMMUNITY, "grids": list(GRIDS), "unit": UNIT,
            "department": DEPARTMENT, "campaign_id": CAMPAIGN, "shifts": shifts,
            "households": households, "request_id": request_id, "people": people,
            "logs": str(self.logs),
        }
        # for the web app's developers: the logins without scrolling back (mode 0600)
        self.world_file.parent.mkdir(parents=True, exist_ok=True)
        self.world_file.write_text(json.dumps(self.world, ensure_ascii=False, indent=2))
        self.world_file.chmod(0o600)
        return self.world

    def _city_admin(self) -> Person:
        done = subprocess.run(
            [sys.executable, "-m", "services.accounts.manage", "create-admin", "--login",
             "13700000000", "--name", "市管理员", "--area", CITY],
            cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"create-admin: {done.stdout}{done.stderr}")
        made = json.loads(done.stdout.strip().splitlines()[-1])
        admin = Person("city_admin", "市管理员", made["login"], made["password"],
                       [{"role": "city_admin", "area": CITY}], made["person_id"])
        self._signed_in(admin)
        return admin

    def _signed_in(self, person: Person) -> str:
        answer = ok(self.base_url, "POST", "/accounts/sessions",
                    {"login": person.login, "password": person.password}, status=(200,))
        person.token = answer["access_token"]
        person.person_id = answer["person"]["id"]
        return person.token

    def _places(self, token: str) -> None:
        registry = self.base_url + "/registry"
        tree = [(CITY, "city", "广州市", None), (DISTRICT, "district", "天河区", CITY),
                (STREET, "street", "冼村街道", DISTRICT),
                (COMMUNITY, "community", "滨江社区", STREET),
                *((g, "grid", f"滨江社区第{n}网格", COMMUNITY) for n, g in enumerate(GRIDS, 1))]
        for code, level, name, parent in tree:
            ok(registry, "POST", "/areas", {"code": code, "level": level, "name": name,
                                            "parent_code": parent}, token)

    def _homes(self, token: str) -> dict[str, list[str]]:
        """Buildings of two staircases, a door per floor each; one to four residents a
        home, one in five homes an old person living alone."""
        registry = self.base_url + "/registry"
        rng = random.Random(14)
        out: dict[str, list[str]] = {}
        for n, grid in enumerate(GRIDS, 1):
            out[grid] = []
            for b in range(1, BUILDINGS[grid] + 1):
                building = f"{grid}-B{b:02d}"
                ok(registry, "POST", "/buildings", {"code": building, "name": f"{n}区{b}栋",
                                                    "grid_code": grid}, token)
                for h in range(PER_BUILDING):
                    staircase, floor = h // 4 + 1, h % 4 + 1
                    code = f"{building}-{staircase}{floor:02d}"
                    ok(registry, "POST", "/households", {
                        "code": code, "kind": "residence", "building_code": building,
                        "address": f"滨江社区{n}区{b}栋{staircase}单元{floor}01房"}, token)
                    out[grid].append(code)
                    alone = rng.random() < 0.2
                    for _ in range(1 if alone else rng.randint(1, 4)):
                        year = rng.randint(1935, 1950) if alone else rng.randint(1950, 2015)
                        tags = ["elderly_alone"] if alone else (
                            ["disabled"] if rng.random() < 0.05 else [])
                        ok(registry, "POST", "/residents", {
                            "id_number": _id_number(rng, year), "household_code": code,
                            "name": rng.choice(SURNAMES) + "".join(
                                rng.sample(GIVEN, rng.randint(1, 2))),
                            "tags": tags}, token)
        return out

    def _enrol(self, person: Person, inviter: str) -> None:
        """Invited by the city admin and signed up with the code, as a person would;
        accounts learns units, volunteers and areas from events, so an 'unknown' one is
        waited for."""
        def invited():
            status, body = call(self.base_url, "POST", "/accounts/invitations",
                                {"display_name": person.name, "login": person.login,
                                 "grants": person.grants}, inviter)
            if status == 400 and "unknown" in json.dumps(body):
                return None
            if status != 201:
                raise RuntimeError(f"inviting {person.key}: {status} {body}")
            return body

        code = wait_until(f"{person.key} invitable", invited, timeout=60, every=0.5)["code"]
        answer = ok(self.base_url, "POST", "/accounts/invitations/accept",
                    {"code": code, "password": person.password}, status=(200,))
        person.person_id = answer["person"]["id"]

    def _shifts(self, token: str, today: date, volunteers: list[str]) -> dict:
        """Today's morning (or afternoon, as the zone has it) at grid 1 and tomorrow's
        morning, each an order of its own so no other half-day shift of grid 1 takes a
        share of today's tasks; all the unit's volunteers on both."""
        gw = self.base_url
        now = datetime.now(ZoneInfo(self.tz))
        half = "am" if now.hour < 13 else "pm"
        wait_until("the community in dispatch", lambda: call(
            gw, "GET", f"/dispatch/communities/{COMMUNITY}", token=token)[0] == 200)
        keys = {}
        for label, day, batches in (("today", today, 1 if half == "am" else 2),
                                    ("tomorrow", today + timedelta(days=1), 1)):
            order = f"e2e-{label}"
            ok(gw, "POST", "/dispatch/orders", {
                "order_id": order, "unit_id": UNIT, "community_code": COMMUNITY,
                "start": day.isoformat(), "batches": batches, "slot_kind": "half_day",
                "head_count": len(volunteers), "task_kinds": ["door_to_door"],
                "places": [GRIDS[0]]}, token)
            # waited for in dispatch's tables: the wait is arrangement, not what is tested
            staffed = wait_until(f"{order}'s shifts staffed", lambda o=order: self.sql(
                "dispatch", "select s.key from shifts s join bookings b on b.shift_key = s.key "
                "and b.status = 'assigned' where s.pairing_id = :o group by s.key, s.day, "
                "s.half having count(*) = :n order by s.day, s.half", o=o, n=len(volunteers)))
            keys[label] = staffed[-1]["key"]
        return keys

    def _has_tasks(self, volunteer: Person) -> bool:
        vid = volunteer.grants[0]["volunteer"]
        status, body = call(self.base_url, "GET", f"/visits/volunteers/{vid}/tasks",
                            token=volunteer.token)
        return status == 200 and any(v.get("tasks") for s in body.get("shifts", [])
                                     for v in s.get("volunteers", []))

    def _request(self, staff: list[Person]) -> str:
        """A resident's request in grid 2, raised by its grid worker and 转办'd by the
        community's admin to the civil-affairs office, whose handler moves it on."""
        worker = next(p for p in staff if p.key == "grid_worker2")
        admin = next(p for p in staff if p.key == "community_admin")
        self._signed_in(worker)
        self._signed_in(admin)
        home = self.sql("visits", "select code from households where grid_code = :g "
                                  "order by code limit 1", g=GRIDS[1])[0]["code"]
        raised = ok(self.base_url, "POST", "/visits/requests", {
            "category": "elderly_care", "urgency": "normal", "household_code": home,
            "note": "独居老人需要助餐服务"}, worker.token)
        request_id = raised.get("request_id") or raised.get("id")
        ok(self.base_url, "POST", f"/visits/requests/{request_id}/assign", {
            "assignee": "社区民政办", "assigned_to": DEPARTMENT, "note": "请民政专干跟进"},
           admin.token)
        return request_id


def main() -> None:
    stack = Stack()
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        print(f"starting the stack in namespace {stack.namespace} (zone {stack.tz}); "
              f"logs in {stack.logs} …", file=sys.stderr)
        stack.start()
        world = stack.seed()
        print(json.dumps(world, ensure_ascii=False, indent=2), flush=True)
        print(f"serving on {stack.base_url}; Ctrl-C stops", file=sys.stderr, flush=True)
        while all(p.poll() is None for p in stack.procs.values()):
            time.sleep(1)
        died = [n for n, p in stack.procs.items() if p.poll() is not None]
        print(f"stopped: {', '.join(died)} exited (see {stack.logs})", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
