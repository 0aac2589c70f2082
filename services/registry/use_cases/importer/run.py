"""`import_file`: stream, validate, stage and load a resident file chunk by chunk."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from uuid import uuid4

from services.common import config
from services.common.db import Database
from services.common.outbox import Outbox
from services.registry.use_cases.importer import staging
from services.registry.use_cases.importer.catalog import Catalog, Chunk
from services.registry.use_cases.importer.headers import Columns, HeaderError, map_header
from services.registry.use_cases.importer.loader import Loader
from services.registry.use_cases.importer.pipeline import in_background
from services.registry.use_cases.importer.prepare import Prepared, Preparer, ReaderConnection
from services.registry.use_cases.importer.readers import open_rows
from services.registry.use_cases.importer.report import (
    ErrorReportWriter,
    ImportFailed,
    ImportReport,
    default_report_path,
)
from services.registry.use_cases.importer.rows import RowParser

log = logging.getLogger(__name__)
CHUNK_ROWS = 50_000


def import_file(db: Database, outbox: Outbox, path: str | Path, *, key: bytes,
                error_report: Path | None = None,
                progress: Callable[[int], None] | None = None,
                chunk_rows: int = CHUNK_ROWS) -> ImportReport:
    """Import residents (with their buildings and households) from a CSV or XLSX file.

    Valid rows are imported, invalid ones reported (`import_errors` and a CSV report);
    raises ImportFailed when the file cannot be read at all. `progress` is called after
    every committed chunk with the number of data rows done so far.
    """
    path = Path(path)
    started = time.perf_counter()
    today = datetime.now(config.local_tz()).date()
    with _blocking_psycopg2(), open_rows(path) as rows:
        columns = _header(path, rows)
        grids = _grids(db)
        report = ImportReport(import_id=str(uuid4()), file_name=path.name,
                              ignored_columns=columns.ignored)
        with closing(ErrorReportWriter(Path(error_report) if error_report
                                       else default_report_path(path))) as writer, \
                closing(ReaderConnection(db)) as reader:
            report.error_report = writer.path
            _start(db, report, _sha256(path))
            loader = Loader(db, outbox, report, today)
            catalog = Catalog(columns, grids, reader.lookup)
            parser = RowParser(columns, grids, key, today)
            prepare = Preparer(reader, outbox, report.import_id)
            work = (prepare(chunk) for chunk in _chunks(rows, parser, catalog, chunk_rows))
            try:
                with closing(in_background(work)) as prepared:
                    _load(prepared, loader, writer, progress)
                _finish(db, outbox, report, loader.grid_ids)
            except BaseException:
                _mark_failed(db, report.import_id)
                raise
    report.seconds = time.perf_counter() - started
    return report


def _header(path: Path, rows: Iterator[list[str]]) -> Columns:
    header = next(rows, None)
    if header is None:
        raise ImportFailed(f"{path.name}: the file is empty")
    try:
        return map_header(header)
    except HeaderError as exc:
        raise HeaderError(f"{path.name}: {exc}") from None


def _load(prepared: Iterator[Prepared], loader: Loader, writer: ErrorReportWriter,
          progress: Callable[[int], None] | None) -> None:
    report = loader.report
    mark = time.perf_counter()
    for chunk in prepared:
        loaded = time.perf_counter()
        report.seconds_waiting += loaded - mark
        loader.load(chunk)
        mark = time.perf_counter()
        report.seconds_loading += mark - loaded
        writer.write(chunk.chunk.errors)
        if progress is not None:
            progress(report.rows_total)


def _chunks(rows: Iterator[list[str]], parser: RowParser, catalog: Catalog,
            size: int) -> Iterator[Chunk]:
    chunk, parsed, row = Chunk(), [], 1
    for cells in rows:
        row += 1
        if not any(cells):
            continue  # blank lines are not rows of the template
        chunk.rows += 1
        result = parser.parse(cells, row)
        if type(result) is list:
            chunk.errors.extend(result)
            chunk.rejected += 1
        else:
            parsed.append(result)
        if chunk.rows >= size:
            yield _placed(catalog, parsed, chunk)
            chunk, parsed = Chunk(), []
    if chunk.rows:
        yield _placed(catalog, parsed, chunk)


def _placed(catalog: Catalog, parsed: list, chunk: Chunk) -> Chunk:
    before = len(chunk.errors)
    catalog.place(parsed, chunk)
    if len(chunk.errors) > before:
        chunk.errors.sort(key=itemgetter(0))  # stable: a row's cells stay in order
    return chunk


@contextmanager
def _blocking_psycopg2() -> Iterator[None]:
    """psycopg2 refuses COPY under a wait callback, which eventlet's green psycopg2 sets
    (tests, services). The import blocks the hub while it runs: run it from the CLI or a
    worker process, not inside a service's eventlet hub."""
    from psycopg2 import extensions

    saved = extensions.get_wait_callback()
    extensions.set_wait_callback(None)
    try:
        yield
    finally:
        extensions.set_wait_callback(saved)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _grids(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        cur = session.connection().connection.driver_connection.cursor()
        cur.execute("select code, id from areas where level = 'grid'")
        return dict(cur.fetchall())


def _start(db: Database, report: ImportReport, sha256: str) -> None:
    with db.transaction() as session:
        cur = session.connection().connection.driver_connection.cursor()
        cur.execute("insert into imports (id, file_name, file_sha256, status, rows_total, "
                    "rows_imported, rows_rejected, households_created, residents_created, "
                    "residents_moved) values (%s, %s, %s, 'running', 0, 0, 0, 0, 0, 0)",
                    (report.import_id, report.file_name[:300], sha256))


def _finish(db: Database, outbox: Outbox, report: ImportReport, grid_ids: set[int]) -> None:
    with db.transaction() as session:
        cur = session.connection().connection.driver_connection.cursor()
        report.grids = staging.grid_totals(cur, sorted(grid_ids)) if grid_ids else []
        cur.execute("update imports set status = 'finished', finished_at = now() "
                    "where id = %s", (report.import_id,))
        outbox.add(session, "import_finished", {
            "import_id": report.import_id, "file_name": report.file_name,
            "rows_total": report.rows_total, "rows_imported": report.rows_imported,
            "rows_rejected": report.rows_rejected,
            "households_created": report.households_created,
            "residents_created": report.residents_created,
            "residents_moved": report.residents_moved, "grids": report.grids,
        }, subject=report.import_id)


def _mark_failed(db: Database, import_id: str) -> None:
    try:
        with db.transaction() as session:
            cur = session.connection().connection.driver_connection.cursor()
            cur.execute("update imports set status = 'failed', finished_at = now() "
                        "where id = %s", (import_id,))
    except Exception:  # noqa: BLE001 - the original error matters more
        log.exception("import %s: could not mark it failed", import_id)
