"""The `accounts.grant_changed` payload of one grant (services/common/contracts/accounts.py):
who holds which role where, with the display name masked and no login or phone. A
department (`<area code>:<department>`, held in the grant's `unit`) is told apart from a
unit, so a consumer need not know the colon convention. Plain Python."""

from __future__ import annotations

from services.accounts.domain.grants import Grant, department_area
from services.common.pii import mask_name

GIVEN, REVOKED = "given", "revoked"


def grant_changed(person_id: str, grant_id: str, grant: Grant, change: str,
                  display_name: str, by: str | None) -> dict:
    department = grant.unit if department_area(grant.unit) else None
    return {"person_id": person_id, "grant_id": grant_id, "role": grant.role,
            "area": grant.area or None,
            "unit": None if department else (grant.unit or None),
            "department": department, "volunteer": grant.volunteer or None,
            "change": change, "display_name_masked": mask_name(display_name), "by": by}
