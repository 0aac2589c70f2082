"""What the registry's HTTP API returns. ID numbers only ever masked (only a hash and a
mask are kept); residents' names and phones masked unless a caller allowed to
(`read_sensitive`) asks for them by name, and that read is audited (api_residents.py)."""

from __future__ import annotations

from services.common.pii import mask_id, mask_name, mask_phone
from services.registry.adapters.models import (
    Area,
    Building,
    Household,
    Resident,
    ResidentChange,
    ResidentMove,
)
from services.registry.adapters.payloads import (
    area_payload,
    building_payload,
    household_payload,
    resident_status,
)


def area_view(area: Area, parent_code: str | None) -> dict:
    return {**area_payload(area, parent_code), "leader_name": area.leader_name}


def building_view(building: Building, grid_code: str) -> dict:
    return building_payload(building, grid_code)


def household_view(household: Household, building_code: str, grid_code: str) -> dict:
    return household_payload(household, building_code, grid_code)


REVEALABLE = ("name", "phone")


def resident_view(resident: Resident, household: Household | None,
                  grid_code: str | None, reveal: tuple[str, ...] = ()) -> dict:
    """`reveal`: fields (REVEALABLE) answered in clear as well, after an audited check."""
    clear = {name: getattr(resident, name) for name in reveal if name in REVEALABLE}
    return {
        "resident_id": resident.id, "name_masked": mask_name(resident.name), **clear,
        "id_masked": resident.id_masked,
        "phone_masked": mask_phone(resident.phone), "gender": resident.gender,
        "birth_year": resident.birth_year, "tags": sorted(resident.tags or []),
        "status": resident_status(resident),
        "household_id": resident.household_id,
        "household_code": household.code if household else None,
        "address": household.address if household else None,
        "grid_code": grid_code, "version": resident.version,
        "updated_at": resident.updated_at,
    }


def place_view(household: Household, grid_code: str) -> dict:
    return {"household_id": household.id, "household_code": household.code,
            "address": household.address, "grid_code": grid_code}


def move_view(move: ResidentMove, places: dict[int, dict]) -> dict:
    return {
        "moved_on": move.moved_on, "reason": move.reason, "cause": move.cause,
        "actor": move.actor, "recorded_at": move.recorded_at,
        "from": places.get(move.from_household_id),
        "to": places.get(move.to_household_id),
    }


def _masked(key: str, value):
    if key in ("phone", "mobile"):
        mask = mask_phone
    elif key in ("id_number", "id_card"):
        mask = mask_id
    elif key == "name":  # a resident's renaming is kept in the trail in clear
        mask = mask_name
    else:
        return value
    if isinstance(value, list):
        return [mask(v) if isinstance(v, str) else v for v in value]
    return mask(value) if isinstance(value, str) else value


def change_view(change: ResidentChange) -> dict:
    # The trail is written masked already; masking again on the way out protects against
    # any writer (imports, handlers) that forgets to.
    return {"recorded_at": change.recorded_at, "cause": change.cause, "actor": change.actor,
            "changes": {k: _masked(k, v) for k, v in (change.changes or {}).items()}}
