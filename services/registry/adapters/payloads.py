"""What the registry says about its rows on the wire: masked, minimal, versioned."""

from __future__ import annotations

from services.common.pii import mask_name
from services.registry.adapters.models import Area, Building, Household, Resident


def area_payload(area: Area, parent_code: str | None) -> dict:
    return {"area_id": area.id, "code": area.code, "level": area.level, "name": area.name,
            "parent_code": parent_code, "path": area.path.split("/"),
            "version": area.version}


def area_event(level: str, created: bool) -> str:
    kind = "grid" if level == "grid" else "area"
    return f"{kind}_{'registered' if created else 'updated'}"


def building_payload(building: Building, grid_code: str) -> dict:
    return {"building_id": building.id, "code": building.code, "name": building.name,
            "grid_code": grid_code, "version": building.version}


def household_payload(household: Household, building_code: str, grid_code: str) -> dict:
    return {"household_id": household.id, "code": household.code, "kind": household.kind,
            "address": household.address, "building_code": building_code,
            "grid_code": grid_code, "version": household.version}


def resident_status(resident: Resident) -> dict:
    return {
        "registration_code_applied": resident.registration_code_applied,
        "vaccination": resident.vaccination,
        "latest_test_date": resident.latest_test_date,
        "latest_test_result": resident.latest_test_result,
        "recent_travel": resident.recent_travel,
        "returned_on": resident.returned_on,
    }


def resident_payload(resident: Resident, grid_code: str | None, cause: str | None,
                     actor: str | None = None) -> dict:
    return {
        "resident_id": resident.id, "household_id": resident.household_id,
        "grid_code": grid_code, "name_masked": mask_name(resident.name),
        "id_masked": resident.id_masked, "gender": resident.gender,
        "birth_year": resident.birth_year, "tags": sorted(resident.tags or []),
        "status": resident_status(resident), "version": resident.version, "cause": cause,
        "actor": actor,
    }
