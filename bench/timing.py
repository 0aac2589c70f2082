"""Small timing helpers of the accounts section: seconds per call of a function run back
to back, the same on several threads at once, and percentiles of latency samples."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence


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


def calls_per_second(fn: Callable[[], object], seconds: float, threads: int) -> float:
    """Calls of `fn` completed per second by `threads` threads calling it back to back
    for about `seconds` (fn must release the GIL to use more than one core)."""
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
    started = time.perf_counter()
    deadline.append(started + seconds)
    start.wait()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.perf_counter() - started)


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) of `samples`, nearest rank."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil, at least the first
    return ordered[int(rank) - 1]
