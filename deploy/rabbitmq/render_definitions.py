"""Fill the committed RabbitMQ definitions with password hashes taken from secret files.

definitions.json (committed) holds users, permissions, the vhost and the exchanges (each
user allowed exactly what docs/topology.md says it needs, which
tests/unit/test_system_topology.py checks), with empty password hashes: a user whose
hash is empty cannot log in with a password, so the template is safe even if loaded as
is. The compose job `rabbitmq-definitions` runs this
script (plain python:3.11-slim, standard library only) before the broker starts: for each
user it reads `<secrets>/rabbitmq_<user>_password`, writes a salted SHA-256 hash (RabbitMQ's
`rabbit_password_hashing_sha256`) and saves the result where rabbitmq.conf's
`load_definitions` points. Passwords are never in the image, the repository or the
environment; the rendered file holds only salted hashes and is readable by the broker only.

    python render_definitions.py --template definitions.json --secrets /run/secrets \
        --out /definitions/definitions.json [--owner 999:999]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import secrets
import sys
from pathlib import Path

HASHING = "rabbit_password_hashing_sha256"


def password_hash(password: str, salt: bytes | None = None) -> str:
    """RabbitMQ's format: base64(salt ‖ sha256(salt ‖ utf-8 password)), 4-byte salt."""
    salt = secrets.token_bytes(4) if salt is None else salt
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def secret_name(user: str) -> str:
    return f"rabbitmq_{user}_password"


def default_exchange_writers(template: dict) -> list[str]:
    """Users other than administrators whose write permission covers `amq.default`:
    publishing to the default exchange reaches any queue by name (RabbitMQ checks only
    `amq.default`, not the queue), so such a user could feed another service's queues.
    Services park failed messages through their own `<service>.parking` exchange."""
    admins = {u["name"] for u in template["users"] if "administrator" in (u.get("tags") or [])}
    return [p["user"] for p in template["permissions"]
            if p["user"] not in admins and re.search(p["write"], "amq.default")]


def render(template: dict, passwords: dict[str, str]) -> dict:
    """A copy of the template with every user's hash set; a missing password is an error,
    never a user left without one by accident. A template that lets a user other than
    an administrator write to the default exchange is refused."""
    writers = default_exchange_writers(template)
    if writers:
        raise SystemExit("these RabbitMQ users may publish into any queue through the "
                         "default exchange (write on amq.default): " + ", ".join(writers))
    missing = [u["name"] for u in template["users"] if not passwords.get(u["name"])]
    if missing:
        raise SystemExit("no password for RabbitMQ user(s) " + ", ".join(missing) + ": create "
                         + ", ".join(secret_name(m) for m in missing)
                         + " (python3 deploy/make_secrets.py does)")
    out = json.loads(json.dumps(template))
    for user in out["users"]:
        user["password_hash"] = password_hash(passwords[user["name"]])
        user["hashing_algorithm"] = HASHING
    return out


def read_passwords(template: dict, directory: Path) -> dict[str, str]:
    found = {}
    for user in template["users"]:
        path = directory / secret_name(user["name"])
        if path.is_file():
            found[user["name"]] = path.read_text(encoding="utf-8").strip()
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", type=Path, required=True)
    parser.add_argument("--secrets", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--owner", help="uid:gid of the broker process (the file is 0600)")
    args = parser.parse_args(argv)
    template = json.loads(args.template.read_text(encoding="utf-8"))
    rendered = render(template, read_passwords(template, args.secrets))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    # written then renamed: the broker never reads a half-written file
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(rendered, fh, indent=2)
    if args.owner:
        uid, gid = (int(x) for x in args.owner.split(":"))
        os.chown(tmp, uid, gid)
    os.replace(tmp, args.out)
    print(f"rendered {len(rendered['users'])} RabbitMQ users into {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
