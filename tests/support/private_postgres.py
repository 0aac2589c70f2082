"""A PostgreSQL server of a test's own (initdb + pg_ctl on its own port and data
directory), for tests that restart the database: the machine's server is shared by
everyone on it and is never restarted by a test.

PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        raise RuntimeError("no /usr/lib/postgresql/*/bin/pg_ctl: PostgreSQL's server "
                           "programs are needed for a private server")
    return Path(found[-1]).parent


class PrivatePostgres:
    def __init__(self, port: int) -> None:
        self.port = port
        self.bin = _bin_dir()
        self.base = Path(tempfile.mkdtemp(prefix="wangge-pg-"))
        os.chmod(self.base, 0o755)
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str, timeout: float = 120) -> None:
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True,
                              timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()[-2000:]}")

    def start(self) -> PrivatePostgres:
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust",
                  "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8")
        self._pg_ctl_start()
        return self

    def _pg_ctl_start(self) -> None:
        options = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c shared_buffers=32MB -c max_connections=200")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                  "-o", options, "-w", "-t", "60", "start")

    def restart(self, *, crash: bool = True) -> None:
        """Stop (`immediate`: as if it crashed, every connection cut) and start again."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data),
                  "-m", "immediate" if crash else "fast", "-w", "stop")
        time.sleep(0.5)
        self._pg_ctl_start()

    def url(self, database: str) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'create database "{name}"'))
        finally:
            admin.dispose()
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop", timeout=60)
        except Exception:  # noqa: BLE001 - never started, or already gone
            pass
        shutil.rmtree(self.base, ignore_errors=True)
