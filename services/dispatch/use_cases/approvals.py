"""A volunteer approved in accounts (`accounts.volunteer_approved`, issue 13) becomes an
active volunteer of their unit here, under the volunteer id their token's grant names and
linked to their account, so their token reaches their own shifts.

Their name and phone crossed the bus sealed and were opened at the edge
(entrypoints/approved.py); they are kept as every volunteer's are (only ever shown
masked). A volunteer already known under that id (the same approval again, or one
enrolled earlier) keeps their weekly limit and blackout days and takes the approval's
name, phone, skills and availability.
"""

from __future__ import annotations

from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters.models import Volunteer
from services.dispatch.use_cases.people import change_volunteer, enrol_volunteer

# what an approval sets on a volunteer known already
APPROVED_FIELDS = ("unit_id", "name", "phone", "party_member", "skills", "weekdays",
                   "halves", "active", "account_id")


def enrol_approved(uow: UnitOfWork, volunteer: dict, cause: str, *,
                   actor: str | None = None) -> tuple[Volunteer, bool]:
    """Create or update the approved volunteer (a full enrolment with `account_id`).
    → (row, created)."""
    if uow.session.get(Volunteer, volunteer["volunteer_id"]) is None:
        return enrol_volunteer(uow, volunteer, cause, actor=actor)
    changes = {name: volunteer[name] for name in APPROVED_FIELDS}
    return change_volunteer(uow, volunteer["volunteer_id"], changes, cause,
                            actor=actor), False
