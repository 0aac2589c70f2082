"""Volunteer sign-up and screening (issue 13; Heyuan: 10,000+ signed up, 3,321 were
selected). Anyone may apply to a unit with a form; the unit's coordinator, or an admin
whose area holds the unit's, approves or rejects (a reason is required to reject), in
bulk. An approved applicant becomes an active account holding the `volunteer` grant of the
unit, and dispatch enrols a volunteer of the same id (`volunteer_id_of`).

The form's shapes (types, skill words, weekday numbers, halves) are checked at the edge by
the request schema; the rules here are what the edge cannot say: the phone as a login, the
password policy against it, the name and note as text. Plain Python."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from services.accounts.domain.grants import (
    CITY_ADMIN,
    COMMUNITY_ADMIN,
    UNIT_COORDINATOR,
    Grant,
    Places,
)
from services.accounts.domain.logins import LoginInvalid, normalise_mobile
from services.accounts.domain.passwords import password_problems
from services.accounts.domain.phone_codes import PhoneCodePolicy
from services.common.free_text import mask_identifiers
from services.common.vocab import APPLICATION_STATUSES

PENDING, APPROVED, REJECTED = APPLICATION_STATUSES
MAX_NAME, MAX_NOTE, MAX_REASON = 100, 500, 500
# one request screens at most this many: a coordinator's page of applications
MAX_DECISIONS = 500
# the applicant's volunteer id in dispatch: "A-" and this many hex digits of the
# application id (48 bits: no two of a city's applications share it in practice, and the
# store refuses one that would)
VOLUNTEER_DIGITS = 12
# area roles that screen the units placed inside their area (a unit coordinator screens
# their own unit)
SCREENING_ADMINS = frozenset({CITY_ADMIN, COMMUNITY_ADMIN})


@dataclass(frozen=True)
class SignUpPolicy:
    """Rate limits of the open sign-up: applications within `window_s` from one client
    address (a street office's shared line sends many: the default is generous) and for
    one phone (whatever the unit). `codes`: the one-time codes that prove the phone
    (domain/phone_codes.py). `retention_days`: how long a rejected application keeps the
    applicant's name, phone and note before they are replaced by masks."""

    window_s: int = 3600
    per_address: int = 60
    per_phone: int = 5
    codes: PhoneCodePolicy = field(default_factory=PhoneCodePolicy)
    retention_days: int = 90

    def __post_init__(self) -> None:
        for name in ("window_s", "per_address", "per_phone", "retention_days"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


@dataclass(frozen=True)
class Form:
    """An application as it is kept: the phone in normal form (the future login), the
    note with identifiers masked. The password is hashed by the caller at once and
    never kept in clear."""

    name: str
    phone: str
    party_member: bool
    skills: tuple[str, ...]
    weekdays: tuple[int, ...]
    halves: tuple[str, ...]
    note: str | None


def checked_form(data: Mapping) -> tuple[Form, list[tuple[str, str]]]:
    """The form in normal form and every problem with it (empty: accepted). `data` has
    passed the request schema: name, phone, password, party_member, skills, weekdays,
    halves, note."""
    problems: list[tuple[str, str]] = []
    name = " ".join(str(data["name"]).split())
    if not name:
        problems.append(("name", "must not be empty"))
    elif len(name) > MAX_NAME:
        problems.append(("name", f"must be at most {MAX_NAME} characters"))
    elif mask_identifiers(name) != name:
        problems.append(("name", "must be a name, not a number"))
    phone = ""
    try:
        phone = normalise_mobile(str(data["phone"]))
    except LoginInvalid as exc:
        problems.append(("phone", str(exc)))
    problems += [("password", p) for p in password_problems(data["password"], phone or None)]
    note = (data.get("note") or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        problems.append(("note", f"must be at most {MAX_NOTE} characters"))
    form = Form(name=name, phone=phone, party_member=bool(data["party_member"]),
                skills=tuple(dict.fromkeys(data["skills"])),
                weekdays=tuple(sorted(set(data["weekdays"]))),
                halves=tuple(h for h in ("am", "pm") if h in set(data["halves"])),
                note=mask_identifiers(note))
    if not form.weekdays:
        problems.append(("weekdays", "name at least one day the applicant can come"))
    if not form.halves:
        problems.append(("halves", "name at least one half-day the applicant can come"))
    return form, problems


def volunteer_id_of(application_id: str) -> str:
    """The dispatch volunteer id an approved application becomes."""
    return "A-" + application_id.replace("-", "")[:VOLUNTEER_DIGITS].lower()


def screens(grants: Sequence[Grant], unit_id: str, places: Places) -> bool:
    """Whether one of `grants` screens the unit's applications: its coordinator, or a
    city or community admin whose area holds the unit's area (dispatch places a unit in
    the city or district that pairs it)."""
    path = places.unit_path(unit_id)
    for grant in grants:
        if grant.role == UNIT_COORDINATOR and grant.unit == unit_id:
            return True
        if grant.role in SCREENING_ADMINS and path is not None and grant.area in path:
            return True
    return False


@dataclass(frozen=True)
class Decision:
    application_id: str
    approve: bool
    reason: str | None


@dataclass(frozen=True)
class Pending:
    """What a decision needs to know of the application it names: its status, whether
    the caller screens its unit, and whether the phone's account is a volunteer of the
    unit already (approving would make a second volunteer of one person)."""

    status: str
    screened: bool
    member: bool = False


def decision_problems(decisions: Sequence[Decision],
                      known: Mapping[str, Pending]) -> list[tuple[str, str]]:
    """Every problem of a batch of decisions, each naming its index (the batch is taken
    whole or not at all). `known`: the applications found, by id; one the caller does not
    screen is refused as unknown (it is not theirs to see)."""
    if not decisions:
        return [("decisions", "give at least one decision")]
    if len(decisions) > MAX_DECISIONS:
        return [("decisions", f"at most {MAX_DECISIONS} decisions at once")]
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, decision in enumerate(decisions):
        at = f"decisions.{index}"
        found = known.get(decision.application_id)
        if decision.application_id in seen:
            problems.append((f"{at}.application_id", "is decided twice in this batch"))
        seen.add(decision.application_id)
        if found is None or not found.screened:
            problems.append((f"{at}.application_id", "unknown application"))
        elif found.status != PENDING:
            problems.append((f"{at}.application_id", f"is {found.status} already: only "
                                                     "pending applications are decided"))
        elif decision.approve and found.member:
            problems.append((f"{at}.application_id", "the applicant is a volunteer of "
                                                     "this unit already: reject it"))
        reason = (decision.reason or "").strip()
        if not decision.approve and not reason:
            problems.append((f"{at}.reason", "is required to reject"))
        if len(reason) > MAX_REASON:
            problems.append((f"{at}.reason", f"must be at most {MAX_REASON} characters"))
    return problems
