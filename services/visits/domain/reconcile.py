"""Head-count reconciliation: people found at the door against the registry.

A reached visit that gives `people_found` different from the people registered in the
household opens a discrepancy (不漏一人: somebody is missing from, or extra in, the
registry). The visit's corrections then explain it: each new resident adds one, each
move-out removes one. When the gap after corrections is zero the corrections account
for the difference; otherwise it stays open for the grid worker.

Corrections are validated here before anything is written, with errors keyed
`corrections.<i>.<field>`; the registry applies them and answers with
`registry.correction_applied` / `correction_rejected`. ID numbers are checked but never
echoed in an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from services.common.identity import id_number_problem
from services.common.vocab import (
    CORRECTION_KINDS,
    GENDERS,
    RESIDENT_TAGS,
    TEST_RESULTS,
    VACCINATION,
)

# The registry's status fields (contracts.registry.ResidentStatus), named here so the
# domain needs no marshmallow import; a unit test keeps them equal.
STATUS_FIELDS = ("registration_code_applied", "vaccination", "latest_test_date",
                 "latest_test_result", "recent_travel", "returned_on")

# What each kind may carry besides `kind`; anything else given is a mistake (and for
# existing residents, a name or ID number would be personal data with no purpose).
_FIELDS = {
    "new_resident": {"id_number", "name", "gender", "tags_add", "status"},
    "moved_out": {"resident_id", "moved_on"},
    "tags_changed": {"resident_id", "tags_add", "tags_remove"},
    "status_changed": {"resident_id", "status"},
}
_ALL_FIELDS = {"kind", "resident_id", "id_number", "name", "gender", "tags_add",
               "tags_remove", "status", "moved_on"}


@dataclass(frozen=True)
class Correction:
    """One proposed change to the registry, as captured (integration.CapturedCorrection)."""

    kind: str
    resident_id: int | None = None
    id_number: str | None = None
    name: str | None = None
    gender: str | None = None
    tags_add: tuple[str, ...] = ()
    tags_remove: tuple[str, ...] = ()
    status: Mapping[str, object] = field(default_factory=dict, hash=False)
    moved_on: date | None = None

    @classmethod
    def from_dict(cls, data: Mapping) -> Correction:
        """From a mapping validate_corrections accepted."""
        moved_on = data.get("moved_on")
        return cls(kind=data["kind"], resident_id=data.get("resident_id"),
                   id_number=data.get("id_number"), name=data.get("name"),
                   gender=data.get("gender"), tags_add=tuple(data.get("tags_add") or ()),
                   tags_remove=tuple(data.get("tags_remove") or ()),
                   status=dict(data.get("status") or {}),
                   moved_on=date.fromisoformat(moved_on) if isinstance(moved_on, str)
                   else moved_on)


def head_count_gap(people_found: int | None, people_registered: int,
                   corrections: Iterable[Mapping | Correction]) -> int:
    """found − (registered + new residents − move-outs); 0 when nobody was counted."""
    if people_found is None:
        return 0
    kinds = [_kind_of(c) for c in corrections]
    expected = people_registered + kinds.count("new_resident") - kinds.count("moved_out")
    return people_found - expected


def opens_discrepancy(outcome: str, people_found: int | None, people_registered: int) -> bool:
    """A reached visit that counted people and found a different number than registered.
    Judged before corrections: the discrepancy is opened (and traceable) even when the
    same visit's corrections explain it; `explained` then lets it close at once."""
    return outcome == "reached" and people_found is not None \
        and people_found != people_registered


def explained(people_found: int | None, people_registered: int,
              corrections: Iterable[Mapping | Correction]) -> bool:
    """Whether the corrections account for the whole head-count difference."""
    return head_count_gap(people_found, people_registered, corrections) == 0


def validate_corrections(corrections: object, *,
                         household_residents: set[int]) -> dict[str, list[str]]:
    """Errors keyed `corrections.<i>.<field>` (empty: all acceptable).

    household_residents: the registry ids of the people living in the visited household.
    """
    errors: dict[str, list[str]] = {}

    def fail(key: str, reason: str) -> None:
        errors.setdefault(key, []).append(reason)

    if not isinstance(corrections, list | tuple):
        fail("corrections", "must be a list")
        return errors
    new_ids: dict[str, int] = {}
    moved: dict[int, int] = {}
    for i, item in enumerate(corrections):
        at = f"corrections.{i}"
        if isinstance(item, Correction):
            item = _as_dict(item)
        if not isinstance(item, Mapping):
            fail(at, "must be an object")
            continue
        kind = item.get("kind")
        if kind not in CORRECTION_KINDS:
            fail(f"{at}.kind", f"must be one of: {', '.join(CORRECTION_KINDS)}")
            continue
        for name in sorted(str(k) for k in item if k not in _ALL_FIELDS):
            fail(f"{at}.{name}", "unknown field")
        for name in sorted(_ALL_FIELDS - _FIELDS[kind] - {"kind"}):
            if _given(item.get(name)):
                fail(f"{at}.{name}", f"not for {kind}")

        if kind == "new_resident":
            _check_new_resident(item, at, fail, new_ids, i)
        else:
            rid = item.get("resident_id")
            if rid is None:
                fail(f"{at}.resident_id", "required")
            elif isinstance(rid, bool) or not isinstance(rid, int):
                fail(f"{at}.resident_id", "must be a whole number (the registry's id)")
            elif rid not in household_residents:
                fail(f"{at}.resident_id", "not a resident of this household")
            elif kind == "moved_out":
                if rid in moved:
                    fail(f"{at}.resident_id", f"already moved out by corrections.{moved[rid]}")
                moved[rid] = i
        if kind == "moved_out":
            _check_date(item.get("moved_on"), f"{at}.moved_on", fail)
        if kind in ("new_resident", "tags_changed"):
            _check_tags(item, at, fail, need_one=kind == "tags_changed")
        if kind in ("new_resident", "status_changed"):
            _check_status(item.get("status"), f"{at}.status", fail,
                          need_one=kind == "status_changed")
    return errors


def _check_new_resident(item: Mapping, at: str, fail, new_ids: dict[str, int], i: int) -> None:
    id_number = item.get("id_number")
    if id_number is None:
        fail(f"{at}.id_number", "required for a new resident")
    else:
        problem = id_number_problem(id_number)
        if problem:
            fail(f"{at}.id_number", problem)
        else:
            key = id_number.strip().upper()
            if key in new_ids:
                fail(f"{at}.id_number", f"same person as corrections.{new_ids[key]}")
            new_ids.setdefault(key, i)
    name = item.get("name")
    if name is None:
        fail(f"{at}.name", "required for a new resident")
    elif not isinstance(name, str) or not name.strip():
        fail(f"{at}.name", "must be non-empty text")
    elif len(name.strip()) > 50:
        fail(f"{at}.name", "must be at most 50 characters")
    gender = item.get("gender")
    if gender is not None and gender not in GENDERS:
        fail(f"{at}.gender", f"must be one of: {', '.join(GENDERS)}")


def _check_tags(item: Mapping, at: str, fail, *, need_one: bool) -> None:
    lists = {}
    for name in ("tags_add", "tags_remove"):
        value = item.get(name) or []
        if not isinstance(value, list | tuple):
            fail(f"{at}.{name}", "must be a list of tags")
            return
        unknown = [t for t in value if t not in RESIDENT_TAGS]
        if unknown:
            fail(f"{at}.{name}", f"{unknown[0]!r} is not a tag; use: {', '.join(RESIDENT_TAGS)}")
        lists[name] = set(value) - set(unknown)
    both = sorted(lists["tags_add"] & lists["tags_remove"])
    if both:
        fail(f"{at}.tags_remove", f"{both[0]!r} is also in tags_add")
    if need_one and not item.get("tags_add") and not item.get("tags_remove"):
        fail(f"{at}.tags_add", "give tags to add or to remove")


def _check_status(status: object, at: str, fail, *, need_one: bool) -> None:
    if status is None or status == {}:
        if need_one:
            fail(at, f"give at least one of: {', '.join(STATUS_FIELDS)}")
        return
    if not isinstance(status, Mapping):
        fail(at, "must be an object of status fields")
        return
    for key, value in status.items():
        where = f"{at}.{key}"
        if key not in STATUS_FIELDS:
            fail(where, f"not a status field; use: {', '.join(STATUS_FIELDS)}")
        elif key == "registration_code_applied":
            if not isinstance(value, bool):
                fail(where, "must be true or false")
        elif key == "vaccination":
            if value not in VACCINATION:
                fail(where, f"must be one of: {', '.join(VACCINATION)}")
        elif key == "latest_test_result":
            if value is not None and value not in TEST_RESULTS:
                fail(where, f"must be one of: {', '.join(TEST_RESULTS)}")
        elif key == "recent_travel":
            if value is not None and (not isinstance(value, str) or len(value) > 200):
                fail(where, "must be text of at most 200 characters")
        else:   # latest_test_date, returned_on
            _check_date(value, where, fail)
    # The registry orders test results by date, so a result without its date (or the
    # reverse) could not be applied: say so now rather than in a correction_rejected.
    has_date = status.get("latest_test_date") is not None
    has_result = status.get("latest_test_result") is not None
    if has_date != has_result:
        missing = "latest_test_result" if has_date else "latest_test_date"
        fail(f"{at}.{missing}", "the test date and result go together")


def _check_date(value: object, where: str, fail) -> None:
    if value is None or isinstance(value, date):
        return
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
            if len(value) == 10:
                return
        except ValueError:
            pass
    fail(where, "must be a date written YYYY-MM-DD")


def _given(value: object) -> bool:
    return value not in (None, "", [], (), {})


def _kind_of(correction: Mapping | Correction) -> str | None:
    if isinstance(correction, Correction):
        return correction.kind
    return correction.get("kind")


def _as_dict(c: Correction) -> dict:
    return {"kind": c.kind, "resident_id": c.resident_id, "id_number": c.id_number,
            "name": c.name, "gender": c.gender, "tags_add": list(c.tags_add),
            "tags_remove": list(c.tags_remove), "status": dict(c.status),
            "moved_on": c.moved_on}
