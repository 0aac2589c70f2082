"""Small timing helpers of the accounts section: seconds per call of a function run back
to back, the same on several threads at once, and percentiles of latency samples."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple


def per_call(fn: Callable[[], object], seconds: float, *, rounds: int = 3) -> float:
    """CPU seconds per call of `fn` on this thread (what it costs one core, whatever else
    the machine runs meanwhile), the best of `rounds` runs of about `seconds` / rounds of
    wall time each (the best, as for any micro-benchmark: the others only add noise)."""
    best = float("inf")
    for _ in range(rounds):
        calls, cpu_started = 0, time.thread_time()
        deadline = time.perf_counter() + seconds / rounds
        while True:
            fn()
            calls += 1
            if time.perf_counter() >= deadline:
                break
        best = min(best, (time.thread_time() - cpu_started) / calls)
    return best


class Throughput(NamedTuple):
    rate: float  # calls/s, wall time
    cores: float  # CPU seconds this process used per second meanwhile


def calls_per_second(fn: Callable[[], object], seconds: float, threads: int) -> Throughput:
    """Calls of `fn` completed per second by `threads` threads calling it back to back
    for about `seconds` (fn must release the GIL to use more than one core), and the
    cores the process got meanwhile: fewer than `threads` when the machine was busy."""
    counts = [0] * threads
    start = threading.Barrier(threads + 1)
    deadline: list[float] = []

    def loop(slot: int) -> None:
        start.wait()
        while time.perf_counter() < deadline[0]:
            fn()
            counts[slot] += 1

    workers = [threading.Thread(target=loop, args=(n,), daemon=True) for n in range(threads)]
    for worker in workers:
        worker.start()
    cpu_started, started = time.process_time(), time.perf_counter()
    deadline.append(started + seconds)
    start.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    return Throughput(sum(counts) / elapsed, (time.process_time() - cpu_started) / elapsed)


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) of `samples`, nearest rank."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil, at least the first
    return ordered[int(rank) - 1]
