"""A vhost of the bench's own, created for one run and deleted after it (with everything
in it), so a bench never competes with `make run` or the tests for messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager

AMQP_BASE = os.environ.get("BENCH_AMQP_BASE", "amqp://guest:guest@127.0.0.1:5672")


@contextmanager
def private_vhost(vhost: str, section: str):
    """→ the vhost's AMQP URI."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        sys.exit(f"bench {section}: rabbitmqctl is needed to create the bench's own vhost")

    def run(*args: str, check: bool = True) -> None:
        subprocess.run([ctl, *args], check=check, capture_output=True)

    run("delete_vhost", vhost, check=False)  # a run killed half-way left it behind
    run("add_vhost", vhost)
    try:
        run("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"{AMQP_BASE}/{vhost}"
    finally:
        run("delete_vhost", vhost, check=False)
