"""The benchmark's own database: dropped, created and migrated fresh on every run."""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from services.common.config import DEFAULT_PG
from services.common.migrate import upgrade

from .generate import grid_code

GRIDS_PER_COMMUNITY = 10


def bench_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", f"{DEFAULT_PG}/wangge_bench_registry")


def fresh(url: str, service: str) -> None:
    """Drop the database and migrate it to head as ``service``'s schema."""
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
    finally:
        admin.dispose()
    upgrade(service, url)


def create_grids(url: str, grids: int) -> None:
    """city / district / street, one community per 10 grids, then the grids themselves."""
    communities = -(-grids // GRIDS_PER_COMMUNITY)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("""
            insert into areas (id, code, level, name, parent_id, path) values
              (1, 'C', 'city', '市', null, 'C'),
              (2, 'D', 'district', '区', 1, 'C/D'),
              (3, 'S', 'street', '街道', 2, 'C/D/S')"""))
        conn.execute(text("""
            insert into areas (id, code, level, name, parent_id, path)
            select 1000 + n, 'M' || n, 'community', '社区' || n, 3, 'C/D/S/M' || n
            from generate_series(1, :n) n"""), {"n": communities})
        conn.execute(text("""
            insert into areas (id, code, level, name, parent_id, path)
            select 1000000 + n, :prefix || lpad(n::text, 5, '0'), 'grid', '网格' || n,
                   1000 + (n - 1) / :per + 1,
                   'C/D/S/M' || ((n - 1) / :per + 1) || '/' || :prefix || lpad(n::text, 5, '0')
            from generate_series(1, :n) n"""),
            {"n": grids, "per": GRIDS_PER_COMMUNITY, "prefix": grid_code(0)[0]})
        conn.execute(text("select setval(pg_get_serial_sequence('areas', 'id'), "
                          "(select max(id) from areas))"))
    engine.dispose()


def checkpoint(url: str) -> None:
    """Start each timed phase without the previous phase's dirty pages to write."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("checkpoint"))
    engine.dispose()


def analyze(url: str) -> None:
    """Planner statistics for a freshly loaded database, as autovacuum would take them within
    a minute of a bulk load in a running deployment: without any, PostgreSQL picked plans
    up to 50× slower for the services' look-ups, which no deployment would see."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("analyze"))
    engine.dispose()
