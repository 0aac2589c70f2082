"""Giving a chunk its ids, its COPY text and its events in the reader thread, so that the
database thread has nothing left to do but load.

Ids come from the tables' own sequences, many per round trip, so the rows can be COPYed
straight into buildings, households and residents, and the batch events can be written
before the rows exist. Should the fast path fail (someone else holds one of the codes or
people), the loader falls back to the safe path with the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from services.common.db import Database
from services.common.envelope import Envelope
from services.common.outbox import Outbox
from services.registry.use_cases.importer import events, staging
from services.registry.use_cases.importer.catalog import Chunk


class ReaderConnection:
    """The reader thread's own connection: code lookups and id allocation."""

    def __init__(self, db: Database) -> None:
        self.db, self.conn = db, None
        self.sequences: dict[str, str] = {}

    def _run(self, work):
        if self.conn is None:
            self.conn = self.db.engine.raw_connection()
        cur = self.conn.cursor()
        try:
            result = work(cur)
        except BaseException:
            self.conn.rollback()
            raise
        finally:
            cur.close()
        self.conn.commit()  # hold no snapshot between chunks
        return result

    def lookup(self, buildings: set[str], households: set[str]):
        return self._run(lambda cur: staging.lookup_codes(cur, buildings, households))

    def allocate(self, table: str, count: int) -> list[int]:
        if not count:
            return []

        def work(cur) -> list[int]:
            if table not in self.sequences:
                cur.execute("select pg_get_serial_sequence(%s, 'id')", (table,))
                self.sequences[table] = cur.fetchone()[0]
            cur.execute("select nextval(%s) from generate_series(1, %s)",
                        (self.sequences[table], count))
            return [row[0] for row in cur.fetchall()]

        return self._run(work)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


class NewHousehold(NamedTuple):
    id: int
    code: str
    kind: str
    address: str
    building_code: str
    building_id: int
    grid_id: int
    grid_code: str


class Resident(NamedTuple):
    id: int  # allocated; used only if the person is new
    household_code: str
    household_id: int
    grid_code: str
    tags: str
    tail: str  # COPY text after household_id


@dataclass
class Prepared:
    chunk: Chunk
    building_codes: list[str]  # the new buildings, in the order of copy["buildings"]
    households: list[NewHousehold]
    residents: list[Resident]
    copy: dict[str, str]  # table -> COPY text in staging.COLUMNS order
    events: list[Envelope]  # right when every row is created (the fast path)


class Preparer:
    def __init__(self, reader: ReaderConnection, outbox: Outbox, import_id: str) -> None:
        self.reader, self.outbox, self.import_id = reader, outbox, import_id
        # ids of every building and household the file used so far (found or allocated)
        self.building_ids: dict[str, int] = {}
        self.household_ids: dict[str, int] = {}

    def __call__(self, chunk: Chunk) -> Prepared:
        building_ids, household_ids, allocate = (self.building_ids, self.household_ids,
                                                 self.reader.allocate)
        building_ids.update(chunk.known_buildings)
        for code, (household_id, _grid) in chunk.known_households.items():
            household_ids[code] = household_id
        buildings = []
        for bid, (code, name, grid_id) in zip(allocate("buildings", len(chunk.new_buildings)),
                                              chunk.new_buildings, strict=True):
            building_ids[code] = bid
            buildings.append(f"{bid}\t{code}\t{name}\t{grid_id}\n")
        households = []
        for hid, (code, kind, address, building, grid_id, grid_code) in zip(
                allocate("households", len(chunk.new_households)), chunk.new_households,
                strict=True):
            household_ids[code] = hid
            households.append(NewHousehold(hid, code, kind, address, building,
                                           building_ids[building], grid_id, grid_code))
        residents = [Resident(rid, code, household_ids[code], grid_code, tags, tail)
                     for rid, (code, grid_code, tags, tail) in zip(
                         allocate("residents", len(chunk.residents)), chunk.residents,
                         strict=True)]
        copy = {
            "buildings": "".join(buildings),
            "households": "".join(f"{h.id}\t{h.code}\t{h.kind}\t{h.address}\t{h.building_id}"
                                  f"\t{h.grid_id}\n" for h in households),
            "residents": "".join(f"{r.id}\t{r.household_id}\t{r.tail}" for r in residents),
        }
        envelopes = [
            *events.households_imported(self.outbox, self.import_id, households),
            *events.residents_imported(self.outbox, self.import_id, residents),
        ]
        return Prepared(chunk, [b[0] for b in chunk.new_buildings], households, residents,
                        copy, envelopes)
