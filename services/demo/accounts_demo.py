"""The demo's people: a city admin made by the operator's tool (nobody could invite the
first one), then, invited by that admin over HTTP and signed up with the invitation's
code, the community's admin (社区书记), a grid worker per grid of 滨江社区, the seed unit's
coordinator and its volunteers. Every password is generated and written with its login to
var/demo/accounts.txt (mode 0600); the simulated volunteers then sign in with theirs.

A person already made by an earlier run keeps their account and is given a new password
by the operator's tool, so the file always holds passwords that work."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from services.demo import area
from services.demo.client import TOKEN, call

CITY_ADMIN_LOGIN = "13800000001"


@dataclass
class Person:
    label: str
    display_name: str
    login: str
    grants: list[dict]
    password: str = ""
    token: str = ""


def _manage(*args: str, password: str) -> tuple[int, str]:
    """python -m services.accounts.manage, the password given in a 0600 file."""
    secret = Path(os.environ.get("WANGGE_VAR", "var")) / "demo" / ".password"
    secret.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(password)
    try:
        done = subprocess.run([sys.executable, "-m", "services.accounts.manage", *args,
                               "--password-file", str(secret)],
                              capture_output=True, text=True, timeout=120)
    finally:
        secret.unlink(missing_ok=True)
    return done.returncode, (done.stdout + done.stderr).strip()


def _new_password() -> str:
    return secrets.token_urlsafe(12)


def sign_in(gw: str, person: Person) -> str:
    status, body = call(gw, "POST", "/accounts/sessions",
                        {"login": person.login, "password": person.password}, token="")
    if status != 200:
        raise RuntimeError(f"{person.label} could not sign in: {status} {body}")
    person.token = body["access_token"]
    return person.token


def _set_password(person: Person) -> None:
    code, said = _manage("set-password", "--login", person.login, password=person.password)
    if code != 0:
        raise RuntimeError(f"giving {person.label} a new password: {said}")


def city_admin(gw: str) -> Person:
    """The first city admin, made (or given a new password) by the operator's tool."""
    admin = Person("city admin", "演示市管理员", CITY_ADMIN_LOGIN,
                   [{"role": "city_admin", "area": area.CITY[0]}], _new_password())
    code, said = _manage("create-admin", "--login", admin.login, "--name",
                         admin.display_name, "--area", area.CITY[0], password=admin.password)
    if code != 0:
        if "account with this login exists" not in said:
            raise RuntimeError(f"making the demo's city admin: {said}")
        _set_password(admin)
    TOKEN["value"] = sign_in(gw, admin)
    return admin


def _invite(gw: str, person: Person, inviter_token: str) -> None:
    """Invited by a token holder and signed up with the code, as a person would; an
    account from an earlier run gets a new password instead."""
    person.password = _new_password()
    deadline = time.monotonic() + 60
    while True:
        status, body = call(gw, "POST", "/accounts/invitations",
                            {"display_name": person.display_name, "login": person.login,
                             "grants": person.grants}, token=inviter_token)
        # accounts learns units, volunteers and areas from events: wait for them
        if status == 400 and time.monotonic() < deadline and "unknown" in json.dumps(body):
            time.sleep(0.5)
            continue
        break
    if status == 409:
        _set_password(person)
        return
    if status != 201:
        raise RuntimeError(f"inviting {person.label}: {status} {body}")
    status, body = call(gw, "POST", "/accounts/invitations/accept",
                        {"code": body["code"], "password": person.password}, token="")
    if status != 200:
        raise RuntimeError(f"{person.label} accepting the invitation: {status} {body}")


def people(community: str, unit: dict, volunteers: list[dict]) -> list[Person]:
    grid_workers = [
        Person(f"grid worker {code}", f"网格员{n}", f"1380000{100 + n:04d}",
               [{"role": "grid_worker", "area": code}])
        for n, code in enumerate((c for c in area.grid_codes() if c.startswith(community)),
                                 start=1)]
    return [
        Person("community admin", "滨江社区书记", "13800000002",
               [{"role": "community_admin", "area": community}]),
        *grid_workers,
        Person("unit coordinator", unit["coordinator_name"], unit["coordinator_phone"],
               [{"role": "unit_coordinator", "unit": unit["unit_id"]}]),
        *(Person(f"volunteer {v['volunteer_id']}", v["name"], v["phone"],
                 [{"role": "volunteer", "unit": unit["unit_id"],
                   "volunteer": v["volunteer_id"]}]) for v in volunteers),
    ]


def enrol(gw: str, admin: Person, everyone: list[Person], path: Path) -> None:
    for person in everyone:
        _invite(gw, person, admin.token)
    write_file(path, [admin, *everyone])


def write_file(path: Path, everyone: list[Person]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # an older file keeps its mode through O_CREAT
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("# Wangge demo accounts: sign in at /accounts/sessions or `wangge login`\n"
                 "# role\tlogin\tpassword\tname\n")
        for person in everyone:
            # ROLE:SCOPE as `wangge accounts grant` takes them (a volunteer's: unit:id)
            roles = ",".join(":".join(filter(None, (g["role"], g.get("area"), g.get("unit"),
                                                    g.get("volunteer"))))
                             for g in person.grants)
            fh.write(f"{roles}\t{person.login}\t{person.password}\t{person.display_name}\n")
