"""deploy/postgres/init-databases.sh on a PostgreSQL server of the test's own: one role and
one database per service (accounts included), each database open to its own role only,
and a second run (how an older deployment gets accounts' database, deploy/README.md)
creates what is missing and changes nothing else."""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.support.private_postgres import PrivatePostgres
from tests.support.servers import free_port

SCRIPT = Path(__file__).resolve().parents[3] / "deploy" / "postgres" / "init-databases.sh"
SERVICES = ("registry", "dispatch", "visits", "reporting", "accounts")


@pytest.fixture
def server():
    pg = PrivatePostgres(free_port()).start()
    yield pg
    pg.stop()


def _init(pg: PrivatePostgres, secrets_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SECRETS_DIR": str(secrets_dir), "POSTGRES_USER": "postgres",
           "PGHOST": "127.0.0.1", "PGPORT": str(pg.port)}
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True,
                          timeout=120)


def _connects(pg: PrivatePostgres, role: str, password: str, database: str) -> bool:
    engine = create_engine(f"postgresql+psycopg2://{role}:{password}@127.0.0.1:{pg.port}/"
                           f"{database}")
    try:
        with engine.connect() as conn:
            return conn.execute(text("select current_user")).scalar() == role
    except OperationalError as exc:
        assert "permission denied" in str(exc) or "authentication" in str(exc), exc
        return False
    finally:
        engine.dispose()


def _require_passwords(pg: PrivatePostgres) -> None:
    """The private server trusts everyone; the roles' passwords count only under md5/scram."""
    hba = pg.data / "pg_hba.conf"
    hba.write_text("local all postgres trust\nhost all postgres 127.0.0.1/32 trust\n"
                   "host all all 127.0.0.1/32 scram-sha-256\n")
    pg.restart(crash=False)


def test_each_service_gets_its_own_role_and_database_and_a_rerun_adds_only_accounts(
        server, tmp_path):
    passwords = {s: secrets.token_urlsafe(12) for s in SERVICES}
    for service in SERVICES:
        (tmp_path / f"{service}_db_password").write_text(passwords[service] + "\n")
    # an older deployment: the four services' roles and databases exist, accounts' not
    old = _init_without(server, tmp_path, "accounts")
    assert old.returncode == 0, old.stderr
    done = _init(server, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "wangge_accounts ready (role accounts)" in done.stdout
    again = _init(server, tmp_path)
    assert again.returncode == 0, again.stderr
    _require_passwords(server)
    for service in SERVICES:
        assert _connects(server, service, passwords[service], f"wangge_{service}")
        other = next(s for s in SERVICES if s != service)
        assert not _connects(server, service, passwords[service], f"wangge_{other}")
    owners = _owners(server)
    assert owners == {f"wangge_{s}": s for s in SERVICES}


def test_a_missing_password_file_stops_it_before_anything_is_created(server, tmp_path):
    for service in SERVICES[:-1]:
        (tmp_path / f"{service}_db_password").write_text("pw\n")
    before = _owners(server)
    done = _init(server, tmp_path)
    assert done.returncode == 1
    assert "accounts_db_password" in done.stderr and "make_secrets.py" in done.stderr
    assert _owners(server) == before


def _init_without(pg: PrivatePostgres, secrets_dir: Path, service: str):
    """The script as an older version ran it: without `service` in its list."""
    older = secrets_dir / "older-init.sh"
    body = SCRIPT.read_text(encoding="utf-8")
    assert f" {service})" in body
    older.write_text(body.replace(f" {service})", ")"), encoding="utf-8")
    env = {**os.environ, "SECRETS_DIR": str(secrets_dir), "POSTGRES_USER": "postgres",
           "PGHOST": "127.0.0.1", "PGPORT": str(pg.port)}
    return subprocess.run(["bash", str(older)], env=env, capture_output=True, text=True,
                          timeout=120)


def _owners(pg: PrivatePostgres) -> dict[str, str]:
    engine = create_engine(pg.url("postgres"))
    try:
        with engine.connect() as conn:
            return dict(conn.execute(text(
                "select d.datname, r.rolname from pg_database d "
                "join pg_roles r on r.oid = d.datdba where d.datname like 'wangge_%'")).all())
    finally:
        engine.dispose()
