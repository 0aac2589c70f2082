"""A tiny JSON-over-HTTP client and process helpers for the demo (standard library only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

# the bearer token of the demo's city admin, set once it has signed in
TOKEN: dict[str, str] = {}


def call(base: str, method: str, path: str, payload: dict | None = None, *,
         token: str | None = None) -> tuple[int, dict]:
    """token: whose bearer token to send (default: the demo's city admin; "" for none)."""
    headers = {"Content-Type": "application/json"}
    bearer = TOKEN.get("value") if token is None else token
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(payload).encode() if payload else None,
                                 headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def fetch_text(base: str, path: str) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {TOKEN['value']}"} if TOKEN.get("value") else {}
    req = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8-sig")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def start_service(module: str, address: str, env: dict | None = None,
                  log: Path | None = None) -> subprocess.Popen:
    """With `log`, the service's JSON log lines (every HTTP access among them) go to that
    file, so the terminal keeps the demo's story."""
    out = open(log, "ab") if log else None  # noqa: SIM115 - the child keeps it open
    try:
        return subprocess.Popen([sys.executable, "-m", module], stdout=out,
                                stderr=subprocess.STDOUT if out else None,
                                env={**os.environ, **(env or {}), "WEB_SERVER_ADDRESS": address})
    finally:
        if out:
            out.close()


def wait_healthy(name: str, base: str, proc: subprocess.Popen, timeout: float = 60,
                 log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    where = f" (its log: {log})" if log else ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the {name} service exited with code {proc.returncode}{where}")
        try:
            if call(base, "GET", "/health")[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.3)
    sys.exit(f"the {name} service did not become healthy within {timeout:.0f}s{where}")


def wait_for(what: str, probe, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            sys.exit(f"gave up waiting for {what}")
        time.sleep(0.3)
