"""`make run`: migrate, start the registry and dispatch services, load the demo district
and the seed pairing order, print the figures, keep serving until Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

from services.common import config
from services.common.migrate import upgrade

from . import area, dispatch_demo
from .client import call, start_service, wait_healthy
from .preflight import missing_servers

VAR = Path(os.environ.get("WANGGE_VAR", "var"))
SERVICES = (("registry", 8001), ("dispatch", 8002))


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
    from services.registry.models import MESSAGING

    db = Database(config.database_url("registry"), pool_size=1)
    try:
        return OutboxRelay(db, MESSAGING, ConfirmingPublisher(config.amqp_uri())) \
            .republish_unrouted()
    finally:
        db.dispose()


def load_residents() -> None:
    from services.common.db import Database
    from services.common.outbox import Outbox
    from services.registry.importer import import_file
    from services.registry.models import MESSAGING, SERVICE

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


def _print_figures(bases: dict[str, str], pairing: dict) -> None:
    for grid in area.grid_codes()[:3]:
        status, body = call(bases["registry"], "GET", f"/grids/{grid}/households")
        if status == 200:
            totals = body.get("totals", {})
            print(f"  grid {grid}: {totals.get('households')} households, "
                  f"{totals.get('residents')} residents")
    print(f"  pairing {pairing['order_id']} ({'new' if pairing['status'] == 201 else 'kept'}):")
    print("  " + json.dumps(pairing["person_times"].get("totals", pairing["person_times"]),
                            ensure_ascii=False)[:400])


def main() -> None:
    problems = missing_servers()
    if problems:
        print("Cannot start Wangge:", *problems, sep="\n  ")
        raise SystemExit(2)
    procs: list[subprocess.Popen] = []
    bases = {}
    try:
        for name, port in SERVICES:
            print(f"migrating the {name} database …")
            upgrade(name)
            address = os.environ.get(f"{name.upper()}_ADDRESS", f"127.0.0.1:{port}")
            bases[name] = f"http://{address}"
            procs.append(start_service(f"services.{name}", address))
            wait_healthy(name, bases[name], procs[-1])
        print(f"loading the demo district into {bases['registry']} …")
        print(f"  {load_areas(bases['registry'])} new areas "
              f"(city → district → streets → communities → grids)")
        republish_registry_unrouted()
        load_residents()
        print(f"placing the seed pairing order at {bases['dispatch']} …")
        pairing = dispatch_demo.load(bases["dispatch"], config.local_today())
        _print_figures(bases, pairing)
        print(f"\nRegistry API: {bases['registry']}   (e.g. /areas/4401, "
              f"/grids/{area.grid_codes()[0]}/households)")
        print(f"Dispatch API: {bases['dispatch']}   (e.g. /orders/{pairing['order_id']}/shifts)")
        print("Events: exchanges registry.events and dispatch.events on",
              config.amqp_uri().split("@")[-1])
        print("Ctrl-C stops.")
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
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
