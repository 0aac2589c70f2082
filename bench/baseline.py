"""The baseline: a raw COPY of the very rows the import produced into identical copies of
the target tables (same columns, defaults, indexes and foreign keys), nothing else.

The rows are exported first and held in memory, so the timing is COPY alone: no file
parsing, no validation, no hashing, no lookups, no events.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

from sqlalchemy import create_engine

TABLES = ("buildings", "households", "residents")
FOREIGN_KEYS = {
    "buildings": ["foreign key (grid_id) references areas (id)"],
    "households": ["foreign key (building_id) references bench_buildings (id)",
                   "foreign key (grid_id) references areas (id)"],
    "residents": ["foreign key (household_id) references bench_households (id)"],
}


@dataclass(frozen=True)
class Baseline:
    rows: dict[str, int]
    seconds: float
    with_foreign_keys: bool


def _export(cur) -> dict[str, bytes]:
    out = {}
    for table in TABLES:
        buf = io.BytesIO()
        cur.copy_expert(f"copy (select * from {table} order by id) to stdout", buf)
        out[table] = buf.getvalue()
    return out


def _create_copies(cur, foreign_keys: bool) -> None:
    for table in TABLES:
        cur.execute(f"drop table if exists bench_{table} cascade")
    for table in TABLES:
        cur.execute(f"create table bench_{table} (like {table} including all)")
        if foreign_keys:
            for fk in FOREIGN_KEYS[table]:
                cur.execute(f"alter table bench_{table} add {fk}")


def measure(url: str, *, foreign_keys: bool = True) -> Baseline:
    engine = create_engine(url)
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        data = _export(cur)
        _create_copies(cur, foreign_keys)
        conn.commit()
        cur.execute("checkpoint")
        conn.commit()
        started = time.perf_counter()
        for table in TABLES:
            cur.copy_expert(f"copy bench_{table} from stdin", io.BytesIO(data[table]))
        conn.commit()
        seconds = time.perf_counter() - started
        rows = {t: data[t].count(b"\n") for t in TABLES}
        for table in reversed(TABLES):
            cur.execute(f"drop table bench_{table}")
        conn.commit()
        return Baseline(rows, seconds, foreign_keys)
    finally:
        conn.close()
        engine.dispose()
