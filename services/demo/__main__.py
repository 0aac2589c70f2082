"""`make run`: migrate, start the four services behind one HTTP address, load the demo
district, place the seed pairing order, start the 三询问一完善 campaign, let simulated
volunteers knock on doors, print live coverage and the daily report, keep serving until
Ctrl-C or SIGTERM. Service logs go to var/log/<service>.log."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from services.common import config
from services.common.green import quiet_eventlet_notice
from services.common.migrate import upgrade
from services.demo import (
    accounts_demo,
    area,
    dispatch_demo,
    example_visit,
    figures,
    visits_demo,
)
from services.demo.client import call, start_service, wait_healthy
from services.demo.preflight import missing_servers
from services.gateway.proxy import serve as serve_gateway
from services.gateway.static import default_root

VAR = Path(os.environ.get("WANGGE_VAR", "var"))
SERVICES = (("registry", 8001), ("dispatch", 8002), ("visits", 8003), ("reporting", 8004),
            ("accounts", 8005))
GATEWAY = os.environ.get("GATEWAY_ADDRESS", "127.0.0.1:8000")
# The demo's shifts are today's: hand out their tasks at once, whatever the hour. Visits
# relays its outbox from a process of its own, as deploy/compose.yaml runs it.
DEMO_ENV = {"visits": {"VISITS_TASK_LEAD_MINUTES": os.environ.get("VISITS_TASK_LEAD_MINUTES",
                                                                   "1440"),
                       "OUTBOX_RELAY": os.environ.get("OUTBOX_RELAY", "process")}}


def _daytime_zone() -> str | None:
    """Attendance and visits count only inside a shift's hours (docs/shifts.md), so a
    demo started at night or at lunch would have no volunteer knocking. Then, unless the
    user chose WANGGE_TZ, the demo's services run in the whole-hour zone where it is now
    10:xx: every rule applies as deployed, on that zone's day."""
    if os.environ.get("WANGGE_TZ"):
        return None
    local = datetime.now(config.local_tz()).time()
    if time(8) <= local <= time(11, 30) or time(14) <= local <= time(17, 30):
        return None
    offset = (10 - datetime.now(UTC).hour) % 24
    if offset > 14:
        offset -= 24
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/UTC"


def _demo_cutoff() -> str:
    """A cut-off two minutes from now (local), so the demo shows today's report frozen
    and published; REPORT_CUTOFF set by the user wins."""
    if os.environ.get("REPORT_CUTOFF"):
        return os.environ["REPORT_CUTOFF"]
    now = datetime.now(config.local_tz())
    soon = now + timedelta(minutes=2)
    return "23:59" if soon.date() != now.date() else f"{soon:%H:%M}"


def load_areas(base: str) -> int:
    created = 0
    for code, level, name, parent in area.areas():
        status, body = call(base, "POST", "/areas", {"code": code, "level": level,
                                                     "name": name, "parent_code": parent})
        if status == 201:
            created += 1
        elif status != 409:
            raise RuntimeError(f"creating area {code}: {status} {body}")
    return created


def republish_registry_unrouted() -> int:
    """Area events of an earlier run that nobody was bound to hear yet (dispatch started
    later) go out again now that dispatch's queue exists; duplicates are harmless."""
    from services.common.db import Database
    from services.common.outbox import OutboxRelay
    from services.common.publisher import ConfirmingPublisher
    from services.registry.adapters.models import MESSAGING

    db = Database(config.database_url("registry"), pool_size=1)
    try:
        return OutboxRelay(db, MESSAGING, ConfirmingPublisher(config.amqp_uri())) \
            .republish_unrouted()
    finally:
        db.dispose()


def load_residents() -> None:
    from services.common.db import Database
    from services.common.outbox import Outbox
    from services.registry.adapters.models import MESSAGING, SERVICE
    from services.registry.use_cases.importer import import_file

    roster = VAR / "demo" / "residents.csv"
    rows = area.write_residents_csv(roster)
    db = Database(config.database_url("registry"), pool_size=2)
    try:
        report = import_file(db, Outbox(SERVICE, MESSAGING), roster, key=config.id_hash_key(),
                             error_report=VAR / "demo" / "residents.errors.csv")
    finally:
        db.dispose()
    print(f"  roster {roster}: {rows} rows; imported {report.rows_imported}, "
          f"rejected {report.rows_rejected}, new residents {report.residents_created}")


def _log_file(name: str) -> Path:
    return VAR / "log" / f"{name}.log"


def _start_all(procs: list, bases: dict) -> str:
    (VAR / "log").mkdir(parents=True, exist_ok=True)
    print(f"service logs (JSON lines): {VAR / 'log'}/<service>.log")
    for name, port in SERVICES:
        print(f"migrating the {name} database …")
        upgrade(name)
        address = os.environ.get(f"{name.upper()}_ADDRESS", f"127.0.0.1:{port}")
        bases[name] = f"http://{address}"
        env = {**DEMO_ENV.get(name, {}), f"{name.upper()}_SKIP_MIGRATE": "1"}
        if name == "reporting":
            env["REPORT_CUTOFF"] = _demo_cutoff()
        procs.append(start_service(f"services.{name}", address, env, log=_log_file(name)))
    for (name, _port), proc in zip(SERVICES, procs, strict=True):
        wait_healthy(name, bases[name], proc, log=_log_file(name))
    gateway = serve_gateway(GATEWAY, bases)
    threading.Thread(target=gateway.serve_forever, daemon=True, name="gateway").start()
    return f"http://{GATEWAY}"


def main() -> None:
    quiet_eventlet_notice()
    zone = _daytime_zone()
    if zone:
        print(f"It is {datetime.now(config.local_tz()):%H:%M} in {config.local_tz().key}, "
              f"outside the shifts' hours: the demo runs in {zone}, where it is now "
              f"{datetime.now(ZoneInfo(zone)):%H:%M}, so its volunteers can knock "
              f"(set WANGGE_TZ to choose the zone).")
        os.environ["WANGGE_TZ"] = zone
    problems = missing_servers()
    if problems:
        print("Cannot start Wangge:", *problems, sep="\n  ")
        raise SystemExit(2)
    # a background `make run` ignores SIGINT: SIGTERM stops it the same way, at any point,
    # so no service is left running without its demo
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    procs: list[subprocess.Popen] = []
    bases: dict[str, str] = {}
    try:
        gw = _start_all(procs, bases)
        admin = accounts_demo.city_admin(gw)
        print(f"city admin {admin.login} signed in (made by python -m "
              f"services.accounts.manage create-admin)")
        print(f"loading the demo district through {gw}/registry …")
        print(f"  {load_areas(gw + '/registry')} new areas "
              f"(city → district → streets → communities → grids)")
        republish_registry_unrouted()
        load_residents()
        today = config.local_today()
        print("placing the seed pairing order (8 people every half day, 6 batches, "
              "door-to-door in 滨江社区) …")
        pairing = dispatch_demo.load(gw + "/dispatch", today)
        everyone = accounts_demo.people(visits_demo.COMMUNITY, dispatch_demo.UNIT,
                                        dispatch_demo.volunteers())
        accounts_file = VAR / "demo" / "accounts.txt"
        print(f"inviting {len(everyone)} people (community admin, grid workers, the unit's "
              f"coordinator and volunteers); each sets a generated password …")
        accounts_demo.enrol(gw, admin, everyone, accounts_file)
        by_volunteer = {p.grants[0].get("volunteer"): p for p in everyone}
        by_grid = {p.grants[0]["area"]: p for p in everyone
                   if p.grants[0]["role"] == "grid_worker"}
        campaign = visits_demo.start_campaign(gw, today)
        print(f"campaign {campaign} (三询问一完善) started; volunteers sign in as themselves "
              f"and knock on doors …")
        sent = visits_demo.simulate(
            gw, pairing["order_id"], campaign, today,
            sign_in=lambda vid: by_volunteer[vid].token or accounts_demo.sign_in(
                gw, by_volunteer[vid]),
            grid_token=lambda grid: by_grid[grid].token or accounts_demo.sign_in(
                gw, by_grid[grid]))
        print(f"  {sent['checkins']} check-ins, {sent['visits']} visits "
              f"({sent['accepted']} accepted, {sent['rejected']} refused by validation)")
        figures.show(gw, visits_demo.COMMUNITY, campaign, today, pairing, sent["accepted"])
        web = default_root() / "index.html"
        print(f"\nThe field app: {gw}/  (open it in a browser; a phone's width fits best)"
              if web.is_file() else f"\nThe field app is not built ({web} is missing): "
              f"cd web && npm ci && npm run build, then reload {gw}/")
        # the same accounts as var/demo/accounts.txt: a volunteer on one of today's shifts
        # (so the app has a shift and tasks to show), and a grid worker, who sees every
        # household of the grid and the 不漏一户 list
        _, listed = call(gw, "GET", f"/dispatch/orders/{pairing['order_id']}/shifts")
        on_today = [v["volunteer_id"] if isinstance(v, dict) else v
                    for s in listed.get("shifts", []) if s["day"] == today.isoformat()
                    for v in s.get("volunteers", [])]
        volunteer = next((by_volunteer[v] for v in on_today if v in by_volunteer),
                         next(p for p in everyone if p.grants[0]["role"] == "volunteer"))
        for who, person in (("a demo volunteer", volunteer),
                            ("a grid worker", next(iter(by_grid.values())))):
            print(f"  sign in as {who}: login {person.login}, password {person.password}"
                  f"  ({person.display_name})")
        print(f"One address for everything: {gw}  (/registry, /dispatch, /visits, "
              f"/reporting, /accounts; the list at /services.json)\n  e.g. "
              f"{gw}/reporting/areas/{visits_demo.COMMUNITY}/figures?campaign={campaign}")
        print(f"Sign in as the city admin: login {admin.login}, password {admin.password}"
              f"  (POST {gw}/accounts/sessions, or `wangge login {admin.login}`)")
        print(f"Every demo account (community admin, grid workers, coordinator, volunteers) "
              f"with its password: {accounts_file} (mode 0600)")
        print("Events: exchanges registry.events, dispatch.events, visits.events, "
              "reporting.events, accounts.events on", config.amqp_uri().split("@")[-1])
        example = example_visit.write(gw, pairing["order_id"], campaign, today,
                                      VAR / "demo" / "visit_captured.json")
        if example:
            print(f"  publish a visit as a phone would: python examples/publish_event.py "
                  f"visit_captured {example}")
        print(f"Service logs: {VAR / 'log'}/<service>.log")
        print("Ctrl-C (or SIGTERM, e.g. `kill <pid>` of a background `make run`) stops.")
        procs[0].wait()
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
