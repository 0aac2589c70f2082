"""`make run`: migrate, start the registry, load the demo district, keep serving."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from services.common import config
from services.common.migrate import upgrade

from . import area
from .preflight import missing_servers

VAR = Path(os.environ.get("WANGGE_VAR", "var"))


def _call(base: str, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(payload).encode() if payload else None,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the registry service exited with code {proc.returncode}")
        try:
            status, _ = _call(base, "GET", "/health")
            if status == 200:
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.3)
    sys.exit("the registry service did not become healthy in time")


def load_areas(base: str) -> int:
    created = 0
    for code, level, name, parent in area.areas():
        status, body = _call(base, "POST", "/areas", {"code": code, "level": level,
                                                      "name": name, "parent_code": parent})
        if status == 201:
            created += 1
        elif status != 409:
            raise RuntimeError(f"creating area {code}: {status} {body}")
    return created


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


def main() -> None:
    problems = missing_servers()
    if problems:
        print("Cannot start Wangge:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(2)
    print("migrating the registry database …")
    upgrade("registry")
    address = config.http_address(8001)
    base = f"http://{address}"
    proc = subprocess.Popen([sys.executable, "-m", "services.registry"],
                            env={**os.environ, "WEB_SERVER_ADDRESS": address})
    try:
        _wait_healthy(base, proc)
        print(f"loading the demo district into {base} …")
        print(f"  {load_areas(base)} new areas (city → district → streets → communities → grids)")
        load_residents()
        for grid in area.grid_codes()[:3]:
            status, body = _call(base, "GET", f"/grids/{grid}/households")
            if status == 200:
                totals = body.get("totals", {})
                print(f"  grid {grid}: {totals.get('households')} households, "
                      f"{totals.get('residents')} residents")
        print(f"\nRegistry HTTP API: {base}  (try {base}/areas/4401 or "
              f"{base}/grids/{area.grid_codes()[0]}/households)")
        print("Events: exchange registry.events on", config.amqp_uri().split("@")[-1])
        print("Ctrl-C stops.")
        signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
