"""Visits' copy of the registry: areas, buildings, households and who lives where.

Visits never reads the registry's tables (docs/architecture.md rule 1). Events may come twice (the
inbox drops the second) or out of order: a row is replaced only by a higher ``version``,
so a late *_registered never undoes an *_updated. Bulk-import events carry no version:
they only fill in what is missing (version 0 households, version 1 residents).
"""

from __future__ import annotations

from sqlalchemy import text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.common import fastload
from services.common.backbone import Backbone
from services.common.inbox import Inbox
from services.visits.adapters.models import Area, Building, CampaignHousehold, Household, Resident


def _upsert(session: Session, model, key, values: dict) -> bool:
    """Insert, or overwrite an older version; False when what we hold is as new or newer."""
    stmt = insert(model).values(**values)
    done = session.execute(
        stmt.on_conflict_do_update(
            index_elements=[key],
            set_={k: stmt.excluded[k] for k in values if k != key.key},
            where=model.version < stmt.excluded.version,
        ).returning(key)
    ).first()
    return done is not None


def apply_area(session: Session, data: dict) -> bool:
    return _upsert(session, Area, Area.code, {
        "code": data["code"], "area_id": data["area_id"], "level": data["level"],
        "name": data["name"], "parent_code": data["parent_code"], "path": data["path"],
        "version": data["version"]})


def apply_building(session: Session, data: dict) -> bool:
    return _upsert(session, Building, Building.code, {
        "code": data["code"], "building_id": data["building_id"], "name": data["name"],
        "grid_code": data["grid_code"], "version": data["version"]})


def apply_household(session: Session, data: dict) -> bool:
    """The household's copy; True when it changed (its campaigns then follow it)."""
    changed = _upsert(session, Household, Household.code, {
        "code": data["code"], "household_id": data["household_id"],
        "grid_code": data["grid_code"], "building_code": data["building_code"],
        "kind": data["kind"], "address": data["address"], "version": data["version"]})
    if changed:
        # a household re-drawn into another building or grid is counted there from now on
        session.execute(update(CampaignHousehold)
                        .where(CampaignHousehold.household_code == data["code"])
                        .values(grid_code=data["grid_code"],
                                building_code=data["building_code"]))
    return changed


# Imports bring up to 1,000 rows an event: arrays bound as one parameter each, since a
# multi-row VALUES compiled by SQLAlchemy (seven parameters a row) cost more CPU than
# everything else the consumer did with them.
_IMPORT_HOUSEHOLDS = text(
    "insert into households (code, household_id, grid_code, building_code, kind, address, "
    "version) select u.code, u.household_id, :grid, u.building_code, u.kind, null, 0 "
    "from unnest(cast(:codes as text[]), cast(:ids as bigint[]), "
    "cast(:buildings as text[]), cast(:kinds as text[])) "
    "as u(code, household_id, building_code, kind) on conflict do nothing")
# A resident already held (a resident_moved came first) only gets the masked name and
# tags it lacks. Tags travel as one '{a,b}' literal each (a text[] of text[] of varying
# lengths cannot be bound as one array).
_IMPORT_RESIDENTS = text(
    "insert into residents as r (resident_id, household_id, version, name_masked, tags) "
    "select u.resident_id, u.household_id, 1, u.name_masked, cast(u.tags as text[]) "
    "from unnest(cast(:ids as bigint[]), cast(:households as bigint[]), "
    "cast(:names as text[]), cast(:tags as text[])) "
    "as u(resident_id, household_id, name_masked, tags) "
    "on conflict (resident_id) do update set "
    "name_masked = coalesce(r.name_masked, excluded.name_masked), "
    "tags = coalesce(r.tags, excluded.tags) "
    "where r.name_masked is null or r.tags is null")


def apply_households_imported(session: Session, data: dict) -> list[tuple[str, str, str]]:
    """The imported households' copies; (code, grid, building) of each, to join campaigns."""
    households = data["households"]
    if not households:
        return []
    grid = data["grid_code"]
    session.execute(_IMPORT_HOUSEHOLDS, {
        "grid": grid, "codes": [h["code"] for h in households],
        "ids": [h["household_id"] for h in households],
        "buildings": [h["building_code"] for h in households],
        "kinds": [h["kind"] for h in households]})
    return [(h["code"], grid, h["building_code"]) for h in households]


def apply_resident(session: Session, data: dict) -> bool:
    tags = data.get("tags")
    return _upsert(session, Resident, Resident.resident_id, {
        "resident_id": data["resident_id"], "household_id": data["household_id"],
        "version": data["version"], "name_masked": data.get("name_masked"),
        "tags": None if tags is None else list(tags)})


def apply_resident_moved(session: Session, data: dict) -> bool:
    return _upsert(session, Resident, Resident.resident_id, {
        "resident_id": data["resident_id"], "household_id": data["to_household_id"],
        "version": data["version"]})


def apply_residents_imported(session: Session, data: dict) -> None:
    residents = data["residents"]
    if residents:
        session.execute(_IMPORT_RESIDENTS, {
            "ids": [r["resident_id"] for r in residents],
            "households": [r["household_id"] for r in residents],
            "names": [r.get("name_masked") for r in residents],
            "tags": [tag_literal(r["tags"]) for r in residents]})


def tag_literal(tags: list[str]) -> str:
    """A PostgreSQL array literal of tag codes (vocab codes: letters and '_' only; anything
    else is quoted, so a stray comma or brace cannot split or end the array)."""
    return "{" + ",".join('"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'
                          for t in tags) + "}"


def registry_inbox(backbone: Backbone, handlers: dict) -> Inbox:
    """The registry consumer's inbox in batch mode, with the fast contract checks: every
    message of a batch (an import's carry up to 1,000 households or residents each) is
    parsed and checked before the batch's first statement, so its transaction stays open
    only for the writes. Checking them inside it, between statements, kept transactions
    open while other batches' green threads took the CPU."""
    return Inbox("registry", backbone.tables, backbone.outbox, handlers, batch_mode=True,
                 envelope_loader=fastload.envelope, payload_loader=fastload.load,
                 retention=backbone.retention)

