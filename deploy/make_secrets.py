"""Create the secret files compose mounts under /run/secrets (deploy/secrets/, ignored by git).

    python3 deploy/make_secrets.py [--dir deploy/secrets]

Random values for every password and key; a file that already exists is kept, so running it
again after adding a service only fills in what is missing, and never rotates a key by
accident (a new ID hash key would make every stored ID hash unmatchable). Standard library
only: it runs before anything is installed.

What each file is for:
- id_hash_key, pii_seal_key: the services' keys (README, configuration). No key that
  signs access tokens: accounts makes its own signing keys and keeps them sealed in its
  database under accounts_key_seal_key, which only accounts is given (an auth_token_key
  left by an older version is unused; keys an older accounts sealed under pii_seal_key
  are sealed again under accounts_key_seal_key at its next start)
- postgres_password: the PostgreSQL superuser (ops only)
- <service>_db_password: the service's own PostgreSQL role (read by the init script)
- <service>_database_url: the same password inside the URL the service reads
  (<SERVICE>_DATABASE_URL_FILE)
- rabbitmq_<user>_password: each broker user's password (hashed into the definitions)
- <service>_amqp_uri: the same password inside the URI the service reads (AMQP_URI_FILE)
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

SERVICES = ("registry", "dispatch", "visits", "reporting", "accounts")
BROKER_USERS = (*SERVICES, "integrator", "reader", "admin")
VHOST = "wangge"


def _password() -> str:
    # URL-safe, so it goes into the URLs below without quoting
    return secrets.token_urlsafe(24)


def plan(existing: dict[str, str]) -> dict[str, str]:
    """name → content for every secret, reusing the passwords of files already there."""

    def keep(name: str, make) -> str:
        return existing[name] if name in existing else make()

    out = {
        "id_hash_key": keep("id_hash_key", lambda: secrets.token_urlsafe(32)),
        "pii_seal_key": keep("pii_seal_key", lambda: secrets.token_hex(32)),
        "accounts_key_seal_key": keep("accounts_key_seal_key", lambda: secrets.token_hex(32)),
        "postgres_password": keep("postgres_password", _password),
    }
    for user in BROKER_USERS:
        out[f"rabbitmq_{user}_password"] = keep(f"rabbitmq_{user}_password", _password)
    for service in SERVICES:
        db_password = keep(f"{service}_db_password", _password)
        out[f"{service}_db_password"] = db_password
        out[f"{service}_database_url"] = keep(
            f"{service}_database_url",
            lambda s=service, p=db_password:
                f"postgresql+psycopg2://{s}:{p}@postgres:5432/wangge_{s}")
        out[f"{service}_amqp_uri"] = keep(
            f"{service}_amqp_uri",
            lambda s=service: f"amqp://{s}:{out[f'rabbitmq_{s}_password']}@rabbitmq:5672/{VHOST}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Create Wangge's deployment secrets")
    parser.add_argument("--dir", type=Path,
                        default=Path(__file__).resolve().parent / "secrets")
    args = parser.parse_args(argv)
    args.dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    existing = {p.name: p.read_text(encoding="utf-8").strip()
                for p in args.dir.iterdir() if p.is_file()}
    created = []
    for name, value in plan(existing).items():
        if name in existing:
            continue
        path = args.dir / name
        # 0444: compose (without swarm) bind-mounts secret files with their host mode, and
        # the services run as an unprivileged user; the 0700 directory keeps other host
        # users out
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(value + "\n")
        created.append(name)
    print(f"{args.dir}: created {len(created)} secret file(s)"
          + (f": {', '.join(created)}" if created else ", all were already there"))


if __name__ == "__main__":
    main()
