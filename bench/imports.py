"""The import section of `python -m bench`: Wangge's resident import against a raw COPY.

BENCH_ROWS (default 1,000,000) residents are generated once into var/bench/, imported by
Wangge into a fresh database, then COPYed raw into identical tables for comparison.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from services.common import config
from services.common.db import Database
from services.common.outbox import Outbox
from services.registry.adapters.models import MESSAGING, SERVICE
from services.registry.use_cases.importer import import_file

from . import baseline, database
from .generate import ensure_csv, grid_count


def main() -> None:
    rows = int(os.environ.get("BENCH_ROWS", "1000000"))
    directory = Path(os.environ.get("BENCH_DIR", "var/bench"))
    url = database.bench_url()
    print(f"bench: {rows:,} residents, database {url.rsplit('/', 1)[-1]}")

    started = time.perf_counter()
    path = ensure_csv(directory, rows)
    print(f"  file       {path} ({path.stat().st_size / 1e6:.0f} MB, "
          f"ready in {time.perf_counter() - started:.1f}s)")
    database.fresh(url, "registry")
    database.create_grids(url, grid_count(rows))
    database.checkpoint(url)

    db = Database(url, pool_size=2)
    try:
        report = import_file(db, Outbox(SERVICE, MESSAGING), path, key=config.id_hash_key(),
                             error_report=directory / "bench.errors.csv")
    finally:
        db.dispose()
    print(f"  import     {report.seconds:7.1f}s  {report.rows_total / report.seconds:>10,.0f} "
          f"rows/s  ({report.residents_created:,} residents, {report.households_created:,} "
          f"households, {report.rows_rejected:,} rejected)")
    print(f"             {report.seconds_loading:7.1f}s  loading chunks, "
          f"{report.seconds_waiting:.1f}s waiting for the reader thread")
    results = [baseline.measure(url, foreign_keys=fk) for fk in (True, False)]
    for base in results:
        label = "with FKs" if base.with_foreign_keys else "no FKs"
        rate = base.rows["residents"] / base.seconds
        print(f"  raw COPY   {base.seconds:7.1f}s  {rate:>10,.0f} rows/s  "
              f"(identical tables, {label})")
    for base in results:
        label = "with FKs" if base.with_foreign_keys else "no FKs"
        print(f"  ratio      {base.seconds / report.seconds:.2f}x of raw COPY ({label}); "
              f"target >= 0.25")
