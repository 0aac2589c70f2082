"""Loading one prepared chunk: one transaction with its rows, its error rows, its progress
and its batch events, so a crash leaves whole chunks and a re-run adds only what is missing.

Fast path: COPY straight into the target tables inside a savepoint. A unique violation
(a person or code already registered: a re-run, an overlapping file, a concurrent writer)
rolls back to the savepoint and the chunk takes the safe path: staging tables, INSERT ...
ON CONFLICT DO NOTHING, set-based moves, events for what was really created. Raw COPY is
what the import is measured against, and the first import of a district, the big one,
takes the fast path throughout.
"""

from __future__ import annotations

from datetime import date

from psycopg2.errors import UniqueViolation

from services.common.db import Database
from services.common.outbox import Outbox
from services.registry.use_cases.importer import events, staging
from services.registry.use_cases.importer.prepare import Prepared
from services.registry.use_cases.importer.report import ImportReport

TABLES = ("buildings", "households", "residents")


class Loader:
    def __init__(self, db: Database, outbox: Outbox, report: ImportReport,
                 moved_on: date) -> None:
        self.db, self.outbox, self.report, self.moved_on = db, outbox, report, moved_on
        self.import_id = report.import_id
        self.cause = f"import:{report.import_id}"
        # after a chunk with already-registered people the next one goes the safe way
        self.fast = True
        # codes someone else created first: their id is not the one the reader allocated,
        # so prepared COPY text is no longer usable and every chunk goes the safe way
        self.building_fixes: dict[str, int] = {}
        self.household_fixes: dict[str, int] = {}
        self.grid_ids: set[int] = set()

    def load(self, p: Prepared) -> None:
        chunk = p.chunk
        with self.db.transaction() as session:
            cur = session.connection().connection.driver_connection.cursor()
            fast = self.fast and not self.building_fixes and not self.household_fixes
            if fast and self._copy_straight(cur, p):
                buildings, households, created, moves = (
                    len(chunk.new_buildings), len(p.households), len(p.residents), [])
                envelopes = p.events
            else:
                buildings, households, created, moves, envelopes = self._merge(cur, p)
            self.fast = created == len(p.residents)
            staging.record_errors(cur, self.import_id, chunk.errors)
            counts = {"rows_total": chunk.rows, "rows_imported": len(p.residents),
                      "rows_rejected": chunk.rejected, "households_created": households,
                      "residents_created": created, "residents_moved": len(moves)}
            staging.record_progress(cur, self.import_id, counts)
            self.outbox.add_envelopes(session, envelopes)
        report = self.report
        for key, value in counts.items():
            setattr(report, key, getattr(report, key) + value)
        report.buildings_created += buildings
        report.residents_unchanged += len(p.residents) - created - len(moves)
        report.add_errors(chunk.errors)
        self.grid_ids |= chunk.grid_ids

    def _copy_straight(self, cur, p: Prepared) -> bool:
        cur.execute("savepoint import_copy")
        try:
            for table in TABLES:
                staging.copy_straight(cur, table, p.copy[table])
        except UniqueViolation:
            cur.execute("rollback to savepoint import_copy")
            return False
        cur.execute("release savepoint import_copy")
        return True

    def _merge(self, cur, p: Prepared):
        staging.prepare(cur)
        buildings = self._merge_buildings(cur, p)
        bfixes, hfixes = self.building_fixes, self.household_fixes
        created_households = {code for (code,) in staging.merge(cur, "households", "".join(
            f"{h.id}\t{h.code}\t{h.kind}\t{h.address}\t"
            f"{bfixes.get(h.building_code, h.building_id)}\t{h.grid_id}\n"
            for h in p.households))}
        raced = [h.code for h in p.households if h.code not in created_households]
        if raced:
            hfixes.update(staging.ids_of(cur, "households", raced))
        created = staging.merge(cur, "residents", "".join(
            f"{r.id}\t{hfixes.get(r.household_code, r.household_id)}\t{r.tail}"
            for r in p.residents))
        moves = (staging.move_residents(cur, self.moved_on, self.cause)
                 if len(created) < len(p.residents) else [])
        by_id = {r.id: r for r in p.residents}
        envelopes = [
            *events.households_imported(self.outbox, self.import_id, (
                h for h in p.households if h.code in created_households)),
            *events.residents_imported(self.outbox, self.import_id, (
                by_id[rid]._replace(household_id=household_id)
                for rid, household_id in created)),
            *events.residents_moved(self.outbox, moves, self.moved_on),
        ]
        return buildings, len(created_households), len(created), moves, envelopes

    def _merge_buildings(self, cur, p: Prepared) -> int:
        created = {code for (code,) in staging.merge(cur, "buildings", p.copy["buildings"])}
        raced = [code for code in p.building_codes if code not in created]
        if raced:
            self.building_fixes.update(staging.ids_of(cur, "buildings", raced))
        return len(created)
