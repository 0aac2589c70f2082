"""The web section of `python -m bench` (`make bench BENCH=web`): the field app's budgets
(issue 14), measured in headless Chromium against a stack of its own
(tests/support/browser_stack.py: the five services and the gateway serving web/dist, a
seeded world) by web/e2e/bench-field.mjs.

1. What the phone downloads: JavaScript and CSS as the gateway serves them (gzip), for
   the first screen (sign-in), for a first visit up to the task list, and the whole build;
   against the 250 kB budget of the first screen.
2. Time to interactive of the task list (shown, then the main thread idle) on an emulated
   slow 3G link (400 kbit/s, 400 ms round trip) with the CPU slowed 4× (Chrome DevTools
   Protocol), opened with a session and an empty cache, and again warm (service worker);
   the baseline is the same page on this machine unthrottled, in the same run.
3. From tapping "submit" on a visit to the grid's figure changing in reporting (the grid
   worker's 不漏一户 list shows the household not at home), against a visit POSTed
   straight to the visits service (the event pipeline alone).

Figures only, never asserted. About 3 minutes, most of it starting the stack.
BENCH_WEB_ROUNDS (default 3) visits per way of sending; BENCH_WEB_NAMESPACE (default
bench_web) the stack's vhost and databases (dropped and made again).
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 250 * 1024


def _kb(n: float) -> str:
    return f"{n / 1024:7.1f} kB"


def _s(ms: float | None) -> str:
    return "   n/a" if ms is None else f"{ms / 1000:5.2f} s"


def build_sizes(dist: Path) -> dict:
    """gzip sizes of every JS and CSS file of the build (as the gateway compresses them)."""
    out = {"js": 0, "css": 0, "files": []}
    for path in sorted((dist / "assets").iterdir()):
        kind = path.suffix.lstrip(".")
        if kind not in ("js", "css"):
            continue
        size = len(gzip.compress(path.read_bytes()))
        out[kind] += size
        out["files"].append((path.name, size))
    return out


def _measure(world: dict) -> dict:
    done = subprocess.run(
        ["node", str(ROOT / "web" / "e2e" / "bench-field.mjs")], cwd=ROOT,
        env={**os.environ, "WANGGE_WORLD": json.dumps(world),
             "BENCH_WEB_ROUNDS": os.environ.get("BENCH_WEB_ROUNDS", "3")},
        capture_output=True, text=True, timeout=1800)
    lines = [line[6:] for line in done.stdout.splitlines() if line.startswith("BENCH ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"web/e2e/bench-field.mjs failed ({done.returncode}):\n"
                         f"{(done.stdout + done.stderr)[-4000:]}")
    return json.loads(lines[-1])


def _size_row(label: str, js: int, css: int) -> str:
    total = js + css
    return (f"    {label:<40} {_kb(js)} {_kb(css)} {_kb(total)}   {total / BUDGET:4.2f}× "
            f"the budget")


def report(figures: dict, build: dict) -> None:
    first, fast = figures.get("first_visit_slow", {}), figures.get("first_visit_fast", {})
    print("  what the phone downloads (JavaScript, CSS; gzip as served)      JS          CSS"
          "        total")
    if "signin_screen" in first:
        print(_size_row("first screen (sign-in), first visit", first["signin_screen"]["js"],
                        first["signin_screen"]["css"]))
        print(_size_row("first visit up to the task list", first["through_tasks"]["js"],
                        first["through_tasks"]["css"]))
    print(_size_row("the whole build (every chunk)", build["js"], build["css"]))
    largest = sorted(build["files"], key=lambda f: -f[1])[:4]
    print("    largest: " + ", ".join(f"{name} {_kb(size).strip()}" for name, size in largest))

    cold, warm, base = (figures.get(k, {}) for k in
                        ("task_list_cold_slow", "task_list_warm_slow", "task_list_cold_fast"))
    print("  time to interactive of the task list (opened with a session)")
    for label, got in (("slow 3G + CPU 4×, empty cache", cold),
                       ("slow 3G + CPU 4×, warm (service worker)", warm),
                       ("baseline: this machine, empty cache", base)):
        if "error" in got:
            print(f"    {label:<42} n/a: {got['error']}")
        else:
            ratio = (f"   {got['ms'] / base['ms']:5.1f}× the baseline"
                     if "ms" in base and got is not base else "")
            print(f"    {label:<42} {_s(got['ms'])}{ratio}")
    if "signin_ms" in first and "signin_ms" in fast:
        slower = first["signin_ms"] / fast["signin_ms"]
        print(f"    first visit, sign-in screen interactive: {_s(first['signin_ms'])} slow, "
              f"{_s(fast['signin_ms'])} unthrottled ({slower:.1f}×);"
              f" tapping 登录 to the task list: {_s(first['signin_to_tasks_ms'])} slow, "
              f"{_s(fast['signin_to_tasks_ms'])} unthrottled")
    for key in ("first_visit_slow", "first_visit_fast"):
        if "error" in figures.get(key, {}):
            print(f"    {key}: n/a: {figures[key]['error']}")

    sub = figures.get("submit_to_figure", {})
    print("  tapping submit → the grid's figure in reporting (the grid worker's 不漏一户 list)")
    if "error" in sub:
        print(f"    n/a: {sub['error']}")
        return
    app = [ms for ms in sub["app_ms"] if ms is not None]
    direct = [ms for ms in sub["direct_ms"] if ms is not None]
    lost = len(sub["app_ms"]) - len(app) + len(sub["direct_ms"]) - len(direct)
    if app and direct:
        a, d = statistics.median(app), statistics.median(direct)
        print(f"    from the app: median {_s(a)} ({', '.join(_s(m).strip() for m in app)}); "
              f"a visit POSTed directly: median {_s(d)}; {a / d:.1f}× the direct path")
    if lost:
        print(f"    {lost} visit(s) never changed the figure within 60 s")


def main() -> None:
    from tests.support.browser_stack import Stack

    # what the stack's gateway serves (GATEWAY_WEB_ROOT, else the repository's build)
    dist = Path(os.environ.get("GATEWAY_WEB_ROOT") or ROOT / "web" / "dist")
    if not (dist / "index.html").exists():
        raise SystemExit("web/dist is not built: run `make web`")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"bench web: the field app in headless Chromium ({os.cpu_count()} cores, load "
          f"average {load} at the start)")
    stack = Stack(namespace=os.environ.get("BENCH_WEB_NAMESPACE", "bench_web"))
    try:
        stack.start()
        world = stack.seed()
        figures = _measure(world)
    finally:
        stack.stop()
    report(figures, build_sizes(dist))


if __name__ == "__main__":
    main()
