"""Migration 0004 gives the units kept before units had an area the one their pairings
show (issue 11, finding 14): at most a district, the city when they are paired across its
districts, none when paired across cities or not at all."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from services.common.db import ensure_database
from services.common.migrate import alembic_config
from tests.support.servers import NAMESPACE, PG_BASE

GZ = ["4401", "440106", "S1"]
COMMUNITIES = {"C1": [*GZ, "C1"], "C2": [*GZ, "C2"], "C3": ["4401", "440107", "S2", "C3"],
               "HC": ["4416", "441602", "HS", "HC"], "OLD": None}
PAIRED = {"one-district": ["C1", "C2"], "two-districts": ["C1", "C3"],
          "two-cities": ["C1", "HC"], "unpaired": [], "only-unknown": ["OLD"],
          "known-and-unknown": ["C3", "OLD"]}


def test_existing_units_get_the_area_of_their_pairings():
    name = f"{NAMESPACE}_migunitarea"
    admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'drop database if exists "{name}" with (force)'))
    url = f"{PG_BASE}/{name}"
    try:
        ensure_database(url)
        cfg = alembic_config("dispatch", url)
        command.upgrade(cfg, "0003")
        engine = create_engine(url)
        with engine.begin() as conn:
            for n, (code, path) in enumerate(COMMUNITIES.items()):
                conn.execute(text("insert into communities (code, area_id, name, path, version)"
                                  " values (:c, :n, :c, :p, 1)"), {"c": code, "n": n, "p": path})
            for unit, communities in PAIRED.items():
                conn.execute(text("insert into units (id, name, coordinator_name, "
                                  "coordinator_phone) values (:u, :u, '王', '13900000000')"),
                             {"u": unit})
                for community in communities:
                    conn.execute(text(
                        "insert into pairings (id, unit_id, community_code, start, slot_kind, "
                        "head_count, head_count_per_place, task_kinds, cause) values "
                        "(:i, :u, :c, '2026-12-01', 'half_day', 1, false, '{door_to_door}', "
                        "'api')"), {"i": f"{unit}-{community}", "u": unit, "c": community})
        command.upgrade(cfg, "0004")
        with engine.connect() as conn:
            areas = dict(conn.execute(text("select id, area_code from units")).all())
        engine.dispose()
        assert areas == {"one-district": "440106", "two-districts": "4401",
                         "two-cities": None, "unpaired": None, "only-unknown": None,
                         "known-and-unknown": "440107"}
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()
