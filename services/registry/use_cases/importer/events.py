"""The import's batch events: per grid, at most 1,000 items each, through the outbox.

`Outbox.envelope` checks a payload against its contract with marshmallow, which costs
~30 ms for 1,000 nested items: 30 s for a million residents, about as long as the whole
load. So each batch event is checked with its first item only (the envelope fields and
one item's shape), and then carries all items. Every item comes from the same code and
the same typed database columns, so checking one per event catches the same mistakes;
the integration tests check every item of every event against the contract.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from services.common.envelope import Envelope
from services.common.outbox import Outbox
from services.common.pii import mask_name

if TYPE_CHECKING:
    from services.registry.use_cases.importer.prepare import NewHousehold, Resident

BATCH = 1000


def _per_grid(items: Iterable[tuple[str, dict]]) -> dict[str, list[dict]]:
    grids: dict[str, list[dict]] = {}
    for grid_code, item in items:
        grids.setdefault(grid_code, []).append(item)
    return grids


def batch_events(outbox: Outbox, name: str, list_key: str, import_id: str,
                 items: Iterable[tuple[str, dict]]) -> list[Envelope]:
    envelopes = []
    for grid_code, grid_items in _per_grid(items).items():
        for start in range(0, len(grid_items), BATCH):
            part = grid_items[start:start + BATCH]
            head = {"import_id": import_id, "grid_code": grid_code}
            checked = outbox.envelope(name, {**head, list_key: part[:1]}, subject=grid_code)
            envelopes.append(replace(checked, data={**checked.data, list_key: part}))
    return envelopes


def households_imported(outbox: Outbox, import_id: str,
                        households: Iterable[NewHousehold]) -> list[Envelope]:
    return batch_events(outbox, "households_imported", "households", import_id, (
        (h.grid_code, {"household_id": h.id, "code": h.code, "kind": h.kind,
                       "building_code": h.building_code}) for h in households))


def residents_imported(outbox: Outbox, import_id: str,
                       residents: Iterable[Resident]) -> list[Envelope]:
    """Ids, tags and the masked name (what a volunteer's task list shows at the door):
    never a name in clear, an ID number or a phone."""
    return batch_events(outbox, "residents_imported", "residents", import_id, (
        (r.grid_code, {"resident_id": r.id, "household_id": r.household_id,
                       "tags": tag_list(r.tags), "name_masked": masked_name(r.tail)})
        for r in residents))


_UNESCAPE = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def masked_name(tail: str) -> str:
    """The masked name from a resident's COPY text (rows.py: the name is its first
    column, escaped only when it held a backslash or a control character)."""
    name = tail[:tail.index("\t")]
    if "\\" in name:
        name = re.sub(r"\\[\\tnr]", lambda m: _UNESCAPE[m.group(0)], name)
    return mask_name(name)


def residents_moved(outbox: Outbox, moves: list[tuple], moved_on: date) -> list[Envelope]:
    """moves: (resident id, from household, to household, from grid, to grid, version)."""
    return [outbox.envelope("resident_moved", {
        "resident_id": rid, "from_household_id": from_id, "to_household_id": to_id,
        "from_grid_code": from_grid, "to_grid_code": to_grid, "moved_on": moved_on,
        "reason": "import", "version": version,
    }, subject=str(rid)) for rid, from_id, to_id, from_grid, to_grid, version in moves]


_TAG_LISTS: dict[str, list[str]] = {"{}": []}


def tag_list(literal: str) -> list[str]:
    """{a,b} -> [a, b]; one shared list per distinct literal (read-only)."""
    found = _TAG_LISTS.get(literal)
    if found is None:
        found = _TAG_LISTS[literal] = literal[1:-1].split(",")
    return found
