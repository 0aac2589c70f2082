"""What the file and the database already say about buildings, households and people.

Per-row checks cannot see these rules: an ID number already given earlier in the file
(first one wins), a building placed in two grids, a household placed in two buildings.
The catalog remembers every code the file has used and asks the database, once per chunk,
only about codes it has not seen yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from services.registry.use_cases.importer.headers import Columns
from services.registry.use_cases.importer.report import RowError
from services.registry.use_cases.importer.rows import Parsed

# building codes, household codes -> ({building: (id, grid_id)},
#                                     {household: (id, building_code, grid_code)})
Lookup = Callable[[set[str], set[str]], tuple[dict[str, tuple[int, int]],
                                               dict[str, tuple[int, str, str]]]]


@dataclass
class Chunk:
    """One transaction's worth of rows, validated and placed, ready to load."""

    rows: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    # household code, grid code, tags literal, COPY text after household_id
    residents: list[tuple[str, str, str, str]] = field(default_factory=list)
    new_buildings: list[tuple[str, str, int]] = field(default_factory=list)
    new_households: list[tuple[str, str, str, str, int, str]] = field(default_factory=list)
    known_buildings: dict[str, int] = field(default_factory=dict)
    known_households: dict[str, tuple[int, str]] = field(default_factory=dict)
    grid_ids: set[int] = field(default_factory=set)


class Catalog:
    def __init__(self, columns: Columns, grids: dict[str, int], lookup: Lookup) -> None:
        self.label = columns.label
        self.grid_codes = {grid_id: code for code, grid_id in grids.items()}
        self.lookup = lookup
        self.buildings: dict[str, int] = {}  # code -> grid id
        self.households: dict[str, str] = {}  # code -> building code
        self.people: dict[str, int] = {}  # id hash -> row that gave it first

    def place(self, parsed: Iterable[Parsed], chunk: Chunk) -> None:
        parsed = list(parsed)
        self._learn(parsed, chunk)
        people, buildings, households = self.people, self.buildings, self.households
        residents, grid_ids = chunk.residents, chunk.grid_ids
        for p in parsed:
            row, grid_id, grid_code, bcode, bname, hcode, kind, address, id_hash, tags, tail = p
            in_grid = buildings.get(bcode)
            in_building = households.get(hcode)
            if (id_hash in people or (in_grid is not None and in_grid != grid_id)
                    or (in_building is None and not address)
                    or (in_building is not None and in_building != bcode)):
                chunk.errors.extend(self._errors(p))
                chunk.rejected += 1
                continue
            people[id_hash] = row
            if in_grid is None:
                buildings[bcode] = grid_id
                chunk.new_buildings.append((bcode, bname, grid_id))
            if in_building is None:
                households[hcode] = bcode
                chunk.new_households.append((hcode, kind, address, bcode, grid_id, grid_code))
            residents.append((hcode, grid_code, tags, tail))
            grid_ids.add(grid_id)

    def _learn(self, parsed: list[Parsed], chunk: Chunk) -> None:
        buildings = {p.building_code for p in parsed} - self.buildings.keys()
        households = {p.household_code for p in parsed} - self.households.keys()
        if not buildings and not households:
            return
        found_buildings, found_households = self.lookup(buildings, households)
        for code, (building_id, grid_id) in found_buildings.items():
            self.buildings[code] = grid_id
            chunk.known_buildings[code] = building_id
        for code, (household_id, building_code, grid_code) in found_households.items():
            self.households[code] = building_code
            chunk.known_households[code] = (household_id, grid_code)

    def _errors(self, p: Parsed) -> list[RowError]:
        errors = []
        first = self.people.get(p.id_hash)
        if first is not None:
            errors.append(RowError(p.row, self.label("id_number"),
                                   f"duplicate ID number: first given in row {first}"))
        grid_id = self.buildings.get(p.building_code)
        if grid_id is not None and grid_id != p.grid_id:
            errors.append(RowError(p.row, self.label("building_code"),
                                   f"building {p.building_code} is in grid "
                                   f"{self.grid_codes.get(grid_id, grid_id)}, "
                                   f"not {p.grid_code}"))
        building = self.households.get(p.household_code)
        if building is None and not p.address:
            errors.append(RowError(p.row, self.label("address"),
                                   "required for a new household"))
        elif building is not None and building != p.building_code:
            errors.append(RowError(p.row, self.label("household_code"),
                                   f"household {p.household_code} is in building {building}, "
                                   f"not {p.building_code}"))
        return errors
