"""The SQL of an import.

Fast path: prepared rows (ids included) are COPYed straight into the target tables.
Safe path: they are COPYed into temporary staging tables, then loaded set-based with
INSERT ... SELECT ... ON CONFLICT DO NOTHING, and all of a chunk's moves go in one
statement. Temporary tables are private to the connection, are not WAL-logged, and empty
themselves at every commit (ON COMMIT DELETE ROWS).
"""

from __future__ import annotations

import io
from datetime import date

from services.registry.use_cases.importer.report import RowError
from services.registry.use_cases.importer.rows import copy_text

STAGING = """
create temp table if not exists import_buildings (
    id bigint, code text, name text, grid_id bigint) on commit delete rows;
create temp table if not exists import_households (
    id bigint, code text, kind text, address text, building_id bigint, grid_id bigint)
    on commit delete rows;
create temp table if not exists import_residents (
    id bigint, household_id bigint, name text, id_hash text, id_masked text, phone text,
    gender text, birth_year smallint, tags text[], registration_code_applied boolean,
    vaccination text, latest_test_date date, latest_test_result text) on commit delete rows;
"""

# Column lists in the order of the COPY text `prepare.Preparer` writes.
COLUMNS = {
    "buildings": "id, code, name, grid_id",
    "households": "id, code, kind, address, building_id, grid_id",
    "residents": "id, household_id, name, id_hash, id_masked, phone, gender, birth_year, "
                 "tags, registration_code_applied, vaccination, latest_test_date, "
                 "latest_test_result",
}
KEYS = {"buildings": "code", "households": "code", "residents": "id_hash"}
RETURNING = {"buildings": "code", "households": "code", "residents": "id, household_id"}


def copy_in(cur, sql: str, text: str) -> None:
    """COPY text in one read: psycopg2 reads the source 8 kB at a time by default, taking
    the GIL for every read, and the reader thread holds the GIL for up to 5 ms at a time:
    small reads made the COPY of a chunk 2-3x slower."""
    cur.copy_expert(sql, io.StringIO(text), size=len(text) + 1)


def copy_straight(cur, table: str, text: str) -> None:
    """COPY prepared rows straight into a target table (the fast path)."""
    if text:
        copy_in(cur, f"copy {table} ({COLUMNS[table]}) from stdin", text)


def merge(cur, table: str, text: str) -> list[tuple]:
    """The safe path: COPY into the staging table, then INSERT ... SELECT ... ON CONFLICT DO
    NOTHING; returns what was really inserted (RETURNING)."""
    if not text:
        return []
    copy_in(cur, f"copy import_{table} ({COLUMNS[table]}) from stdin", text)
    columns = COLUMNS[table]
    cur.execute(f"insert into {table} ({columns}) select {columns} from import_{table} "
                f"on conflict ({KEYS[table]}) do nothing returning {RETURNING[table]}")
    return cur.fetchall()


# A person already registered in another household has moved: history row, new household,
# new version, and what the resident_moved event needs, for the whole chunk at once.
MOVE_RESIDENTS = """
with moving as (
    select r.id, r.household_id as from_id, s.household_id as to_id
    from import_residents s join residents r on r.id_hash = s.id_hash
    where r.household_id is distinct from s.household_id
    for update of r
), moved as (
    update residents r set household_id = m.to_id, version = r.version + 1,
                           updated_at = now()
    from moving m where r.id = m.id returning r.id, r.version
), history as (
    insert into resident_moves (resident_id, from_household_id, to_household_id, moved_on,
                                reason, cause)
    select id, from_id, to_id, %(moved_on)s, %(reason)s, %(cause)s from moving
)
select m.id, m.from_id, m.to_id, fa.code, ta.code, v.version
from moving m join moved v on v.id = m.id
left join households fh on fh.id = m.from_id left join areas fa on fa.id = fh.grid_id
join households th on th.id = m.to_id join areas ta on ta.id = th.grid_id
order by m.id
"""


def prepare(cur) -> None:
    cur.execute(STAGING)
    # sorts and hashes of a 50k-row chunk stay in memory
    cur.execute("set local work_mem = '64MB'")


def ids_of(cur, table: str, codes: list[str]) -> dict[str, int]:
    """Ids of rows another writer created between our lookup and our insert."""
    cur.execute(f"select code, id from {table} where code = any(%s)", (codes,))
    return dict(cur.fetchall())


def move_residents(cur, moved_on: date, cause: str) -> list[tuple]:
    cur.execute(MOVE_RESIDENTS, {"moved_on": moved_on, "reason": "import", "cause": cause})
    return cur.fetchall()


def record_errors(cur, import_id: str, errors: list[RowError]) -> None:
    if errors:
        copy_in(cur, 'copy import_errors (import_id, "row", "column", reason) from stdin',
                "".join(f"{import_id}\t{e.row}\t{copy_text(e.column[:64])}\t"
                        f"{copy_text(e.reason)}\n" for e in errors))


def record_progress(cur, import_id: str, counts: dict[str, int]) -> None:
    sets = ", ".join(f"{k} = {k} + %({k})s" for k in counts)
    cur.execute(f"update imports set {sets} where id = %(import_id)s",
                {**counts, "import_id": import_id})


LOOKUP_HOUSEHOLDS = """
select h.code, h.id, b.code, a.code from households h
join buildings b on b.id = h.building_id join areas a on a.id = h.grid_id
where h.code = any(%s)
"""


def lookup_codes(cur, buildings: set[str], households: set[str]):
    """What the database holds for codes the file uses: see catalog.Lookup."""
    found_buildings, found_households = {}, {}
    if buildings:
        cur.execute("select code, id, grid_id from buildings where code = any(%s)",
                    (list(buildings),))
        found_buildings = {code: (bid, grid_id) for code, bid, grid_id in cur.fetchall()}
    if households:
        cur.execute(LOOKUP_HOUSEHOLDS, (list(households),))
        found_households = {code: (hid, building, grid) for code, hid, building, grid
                            in cur.fetchall()}
    return found_buildings, found_households


GRID_TOTALS = """
with h as (select grid_id, count(*) as n from households where grid_id = any(%(ids)s)
           group by grid_id),
     r as (select h.grid_id, count(*) as n from residents r
           join households h on h.id = r.household_id
           where h.grid_id = any(%(ids)s) group by h.grid_id)
select a.code, coalesce(h.n, 0), coalesce(r.n, 0)
from areas a left join h on h.grid_id = a.id left join r on r.grid_id = a.id
where a.id = any(%(ids)s) order by a.code
"""


def grid_totals(cur, grid_ids: list[int]) -> list[dict]:
    cur.execute(GRID_TOTALS, {"ids": grid_ids})
    return [{"grid_code": code, "households": households, "residents": residents}
            for code, households, residents in cur.fetchall()]
