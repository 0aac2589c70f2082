"""An `accounts.volunteer_approved` read at the edge (issue 13): the sealed name and phone
opened (services/common/seal.py, under the context contracts/accounts.py names) and the
volunteer checked as an enrolment from another system is
(contracts/integration.VolunteerEnrolled). Refusals name `sealed` for the name and phone,
never their values."""

from __future__ import annotations

from marshmallow import ValidationError

from services.common.contracts.accounts import VOLUNTEER_APPROVED_SEAL
from services.common.contracts.integration import VolunteerEnrolled
from services.common.errors import Refused
from services.common.seal import SealError, seal_key, unseal


def opened_contact(sealed: str) -> dict:
    """{"name", "phone"} out of the seal; Refused naming `sealed` when it does not open
    (another key, or a blob copied from another message)."""
    try:
        opened = unseal(sealed, seal_key(), VOLUNTEER_APPROVED_SEAL)
    except SealError as exc:
        raise Refused([("sealed", str(exc))]) from None
    if not isinstance(opened, dict):
        raise Refused([("sealed", "does not hold a name and a phone")])
    return opened


def approved_volunteer(data: dict) -> dict:
    """The volunteer to enrol (use_cases/approvals.py), linked to the account."""
    contact = opened_contact(data["sealed"])
    try:
        volunteer = VolunteerEnrolled().load({
            "volunteer_id": data["volunteer_id"], "unit_id": data["unit_id"],
            "name": contact.get("name"), "phone": contact.get("phone"),
            "party_member": data["party_member"], "skills": data["skills"],
            "weekdays": data["weekdays"], "halves": data["halves"], "active": True})
    except ValidationError as exc:
        raise Refused((("sealed" if field in ("name", "phone") else field),
                       f"{field}: {reasons[0] if isinstance(reasons, list) else reasons}")
                      for field, reasons in exc.messages_dict.items()) from None
    return {**volunteer, "account_id": data["person_id"]}
