"""Rules for corrections proposed by visits (完善), as plain functions: no database, no
broker. A correction the registry cannot apply is refused with the field and the reason;
the reason travels back to visits in `registry.correction_rejected`, so it never holds an
ID number, a name or a phone.
"""

from __future__ import annotations

import hmac
from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.common import errors
from services.common.identity import id_number_problem
from services.common.pii import hash_id
from services.common.vocab import GENDERS, RESIDENT_TAGS
from services.registry.domain.resident_status import StatusProblem, resident_status

NAME_MAX = 100


class Refused(errors.Refused):
    """The correction cannot be applied: a business outcome, not a failure to retry. One
    field at a time; `str()` is "field: reason", what correction_rejected carries."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__([(field, reason)])
        self.field = field


def cause_of(visit_id: str) -> str:
    """What the change trail and the events name: the visit, so nothing about a resident
    changes without the visit that caused it being traceable."""
    return f"visit:{visit_id}"


def opened_identity(plain: object, id_hash: str | None, key: bytes) -> tuple[str, str]:
    """(ID number, name) from an unsealed new-resident blob, checked against the hash
    visits computed: a blob that decrypts but names someone else is refused."""
    if not isinstance(plain, dict):
        raise Refused("sealed", "does not hold an object with id_number and name")
    id_number, name = plain.get("id_number"), plain.get("name")
    if not isinstance(id_number, str) or not id_number.strip():
        raise Refused("sealed.id_number", "missing")
    if not isinstance(name, str) or not name.strip():
        raise Refused("sealed.name", "missing")
    id_number, name = id_number.strip().upper(), name.strip()
    if len(name) > NAME_MAX:
        raise Refused("sealed.name", f"longer than {NAME_MAX} characters")
    problem = id_number_problem(id_number)
    if problem:
        raise Refused("sealed.id_number", problem)
    if not id_hash:
        raise Refused("id_hash", "required for a new resident")
    if not hmac.compare_digest(hash_id(id_number, key), id_hash):
        raise Refused("id_hash", "does not match the sealed ID number")
    return id_number, name


def new_resident_facts(gender: str | None, birth_year: int | None,
                       from_id: tuple[int, str]) -> dict:
    """Gender and birth year as proposed, else as written in the ID number."""
    id_year, id_gender = from_id
    if gender is not None and gender not in GENDERS:
        raise Refused("gender", f"must be one of {', '.join(GENDERS)}")
    if birth_year is not None and not 1880 <= birth_year <= 2200:
        raise Refused("birth_year", "must be between 1880 and 2200")
    return {"gender": gender or id_gender, "birth_year": birth_year or id_year}


def tags_after(current: list[str] | None, add: list[str], remove: list[str]) -> list[str]:
    unknown = sorted(set(add) - set(RESIDENT_TAGS))
    if unknown:
        raise Refused("tags_add", f"unknown tag(s) {', '.join(unknown)}")
    unknown = sorted(set(remove) - set(RESIDENT_TAGS))
    if unknown:
        raise Refused("tags_remove", f"unknown tag(s) {', '.join(unknown)}")
    both = sorted(set(add) & set(remove))
    if both:
        raise Refused("tags_add", f"also in tags_remove: {', '.join(both)}")
    return sorted((set(current or []) | set(add)) - set(remove))


def status_columns(status: dict) -> dict:
    """Status fields as the registry's columns, validated like an HTTP update."""
    try:
        return resident_status(status)
    except StatusProblem as exc:
        raise Refused(f"status.{exc.field}", exc.reason) from None


def wanted_changes(kind: str, current_tags: list[str] | None, data: dict) -> dict:
    """Field changes a tags_changed or status_changed correction asks for (either may also
    carry the other part); the part its kind names must not be empty."""
    add, remove, status = data.get("tags_add") or [], data.get("tags_remove") or [], \
        data.get("status") or {}
    if kind == "tags_changed" and not add and not remove:
        raise Refused("tags_add", "tags_add and tags_remove are both empty")
    if kind == "status_changed" and not status:
        raise Refused("status", "no status field to set")
    wanted = status_columns(status) if status else {}
    if add or remove:
        wanted["tags"] = tags_after(current_tags, add, remove)
    return wanted


def effective_day(given: date | None, visit_day: date | None, sent_at: datetime,
                  tz: ZoneInfo) -> date:
    """The day a move counts from: as given, else the visit's local day (a visit captured
    offline yesterday still moves the resident yesterday), else when it was proposed."""
    return given or visit_day or sent_at.astimezone(tz).date()
