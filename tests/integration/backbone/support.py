"""Helpers of the backbone tests (no tests here): a stand-in service that starts its relay
process and can be killed without a chance to stop it."""

from __future__ import annotations


def gone(pid: int) -> bool:
    """The process has exited (a zombie its parent has not reaped counts)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"  # exited, not yet reaped
    except FileNotFoundError:
        return True


SERVICE_STAND_IN = """
import os, subprocess, sys, time
log = open(sys.argv[1], "w")
child = subprocess.Popen([sys.executable, "-m", "services.common.relay", "registry"],
                         env={**os.environ, "OUTBOX_RELAY_PARENT": str(os.getpid())},
                         stdout=log, stderr=subprocess.STDOUT)
print(child.pid, flush=True)
time.sleep(120)
"""
