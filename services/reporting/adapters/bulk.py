"""Set-based writes: one statement, one round trip, whatever the number of rows.

SQLAlchemy 2.1 sends an `INSERT … ON CONFLICT` without RETURNING as a driver
executemany, which psycopg2 runs as one statement per row: a batch's few hundred counter
rows were a few hundred round trips, the largest cost of live consumption and rebuilds.
Here the rows travel as one array per column (`unnest`) or one JSON document
(`jsonb_to_recordset`, for tables with array and JSON columns), and PostgreSQL inserts
them in the order given, so callers that sort their rows still lock them in key order.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache

from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

_PG = postgresql.dialect()


def _pg_type(column) -> str:
    return column.type.compile(dialect=_PG)


def _columns_of(table: Table, rows: list[dict]) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns if c.name in rows[0])


@cache
def _unnest_insert(table: Table, cols: tuple[str, ...], conflict: tuple[str, ...] | None,
                   returning: str | None, add: str | None) -> text:
    arrays = ", ".join(f"cast(:{c} as {_pg_type(table.c[c])}[])" for c in cols)
    sql = f"insert into {table.name} ({', '.join(cols)}) select * from unnest({arrays})"
    if add is not None:
        sql += (f" on conflict ({', '.join(conflict)}) do update set "
                f"{add} = {table.name}.{add} + excluded.{add}")
    else:
        sql += " on conflict do nothing"
    if returning:
        sql += f" returning {returning}"
    return text(sql)


def insert_new(session: Session, table: Table, rows: list[dict],
               returning: str | None = None) -> list:
    """Insert rows, skipping those that conflict with a row already there; with
    `returning`, that column of the rows actually inserted."""
    if not rows:
        return []
    cols = _columns_of(table, rows)
    result = session.execute(_unnest_insert(table, cols, None, returning, None),
                             {c: [r[c] for r in rows] for c in cols})
    return list(result.scalars()) if returning else []


def add_to(session: Session, table: Table, keys: tuple[str, ...], rows: list[dict],
           column: str) -> None:
    """Insert rows, or add their `column` to the row with the same keys. Rows must have
    distinct keys (one statement cannot update a row twice)."""
    if rows:
        cols = _columns_of(table, rows)
        session.execute(_unnest_insert(table, cols, keys, None, column),
                        {c: [r[c] for r in rows] for c in cols})


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@cache
def _recordset_upsert(table: Table, keys: tuple[str, ...]) -> text:
    cols = [c.name for c in table.columns]
    shape = ", ".join(f"{c} {_pg_type(table.c[c])}" for c in cols)
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in keys)
    return text(f"insert into {table.name} ({', '.join(cols)}) select {', '.join(cols)} "
                f"from jsonb_to_recordset(cast(:rows as jsonb)) as x({shape}) "
                f"on conflict ({', '.join(keys)}) do update set {updates}")


def upsert(session: Session, table: Table, keys: tuple[str, ...], rows: list[dict]) -> None:
    """Insert or replace whole rows (every column given), in the order given."""
    if rows:
        session.execute(_recordset_upsert(table, keys),
                        {"rows": json.dumps(rows, default=_json_default)})


@cache
def _select_by_keys(table: Table, keys: tuple[str, ...], for_update: bool) -> text:
    arrays = ", ".join(f"cast(:{c} as {_pg_type(table.c[c])}[])" for c in keys)
    match = " and ".join(f"t.{c} = k.{c}" for c in keys)
    return text(f"select t.* from {table.name} as t join unnest({arrays}) as "
                f"k({', '.join(keys)}) on {match}" + (" for update of t" if for_update else ""))


def rows_by_keys(session: Session, table: Table, keys: tuple[str, ...], wanted,
                 *, for_update: bool = False) -> list[dict]:
    """The rows whose key columns equal one of the `wanted` key tuples: a join with the
    keys as arrays, which uses the primary key where a long IN list of tuples did not."""
    wanted = list(wanted)
    if not wanted:
        return []
    params = {c: [k[i] for k in wanted] for i, c in enumerate(keys)}
    return [dict(r) for r in session.execute(_select_by_keys(table, keys, for_update),
                                             params).mappings()]
