"""CPU time per process group, from /proc (Linux): what a stage of the bench cost each part
of the stack — the services, their relay processes, RabbitMQ, PostgreSQL and the bench's
own publisher and poller — so a rate the machine cannot sustain shows where its cores went.
"""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system time of a process and all its threads, in seconds (0 once gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _commands() -> dict[int, str]:
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ") \
                    .decode(errors="replace")
            except OSError:
                continue
    return out


class CpuMeter:
    """`groups`: name → the pid of a process whose CPU (and its children's) counts to it.
    RabbitMQ (beam.smp) and every PostgreSQL process are found by name; the bench is this
    process."""

    def __init__(self, groups: dict[str, int]) -> None:
        self.groups = groups

    def _pids(self) -> dict[str, list[int]]:
        pids = {name: [pid, *_children(pid)] for name, pid in self.groups.items()}
        commands = _commands()
        pids["RabbitMQ"] = [p for p, c in commands.items() if "beam.smp" in c]
        pids["PostgreSQL"] = [p for p, c in commands.items() if c.startswith("postgres")]
        pids["the bench (publisher, poller)"] = [os.getpid()]
        return pids

    def sample(self) -> dict[tuple[str, int], float]:
        return {(name, pid): _cpu_seconds(pid)
                for name, pids in self._pids().items() for pid in pids}

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float]:
        """CPU seconds per group between two samples (a process born in between counts
        from zero; one that died in between is lost, which a stage does not see)."""
        out: dict[str, float] = {}
        for (name, pid), seconds in after.items():
            out[name] = out.get(name, 0.0) + seconds - before.get((name, pid), 0.0)
        return out


def describe(spent: dict[str, float], items: int, what: str = "visit") -> str:
    total = sum(spent.values())
    parts = ", ".join(f"{name} {seconds / items * 1000:.2f}"
                      for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]))
    return (f"CPU per {what}: {parts}; total {total / items * 1000:.2f} ms "
            f"(so 1,000 {what}s/s need {total / items * 1000:.1f} cores; this machine has "
            f"{os.cpu_count()})")
