"""Registry rules as plain functions: no database, no broker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.common.vocab import AREA_LEVELS, HOUSEHOLD_KINDS

# each level sits under the one above it in AREA_LEVELS; a city under nothing
PARENT_LEVEL = dict(zip(AREA_LEVELS, (None, *AREA_LEVELS[:-1]), strict=True))


class RuleBroken(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def check_parent(level: str, parent_level: str | None) -> None:
    expected = PARENT_LEVEL[level]
    if expected != parent_level:
        if expected is None:
            raise RuleBroken("parent_code", "a city has no parent")
        raise RuleBroken("parent_code", f"a {level} must sit under a {expected}, "
                                        f"not under {parent_level or 'nothing'}")


def child_path(parent_path: str | None, code: str) -> str:
    if "/" in code:
        raise RuleBroken("code", "must not contain '/'")
    return f"{parent_path}/{code}" if parent_path else code


@dataclass(frozen=True)
class TestState:
    tested_on: date | None
    result: str | None


def newer_test(current: TestState, tested_on: date, result: str) -> TestState | None:
    """The state after a reported test, or None when it changes nothing.

    Results can arrive late or twice: an older test never replaces a newer one, and on
    the same day a positive outranks a pending, which outranks a negative.
    """
    rank = {"negative": 0, "pending": 1, "positive": 2}
    if current.tested_on is not None:
        if tested_on < current.tested_on:
            return None
        if tested_on == current.tested_on and rank[result] <= rank.get(current.result or "", -1):
            return None
    return TestState(tested_on, result)


def with_tag(tags: list[str] | None, tag: str) -> list[str]:
    return sorted(set(tags or []) | {tag})


def self_report_changes(*, tags: list[str] | None, returned_on: date | None,
                        arrived_on: date, from_region: str, returnee: bool) -> dict:
    """Field changes a self-report (人口报备) causes; the latest arrival wins."""
    changes: dict = {}
    if returned_on is None or arrived_on >= returned_on:
        changes["returned_on"] = arrived_on
        changes["recent_travel"] = from_region
    if returnee and "returnee" not in (tags or []):
        changes["tags"] = with_tag(tags, "returnee")
    return changes


def diff(current: dict, wanted: dict) -> dict:
    """Only the fields whose value really changes, as {field: [old, new]}."""
    return {k: [current.get(k), v] for k, v in wanted.items() if current.get(k) != v}


def facts_from_id(id_number: str) -> tuple[int, str]:
    """Birth year and gender written into the number (digits 7-10, and 17: odd = male)."""
    value = id_number.strip()
    return int(value[6:10]), ("male" if int(value[16]) % 2 else "female")


def check_test_pair(tested_on: date | None, result: str | None) -> None:
    """A test result without its date (or the reverse) cannot be ordered against later
    results (see newer_test), so both are given or neither."""
    if (tested_on is None) != (result is None):
        missing = "latest_test_date" if tested_on is None else "latest_test_result"
        raise RuleBroken(f"status.{missing}", "the test date and result go together")


def check_version(expected: int | None, current: int) -> None:
    """Optimistic concurrency: a client that read version N may only change version N."""
    if expected is not None and expected != current:
        raise RuleBroken("version", f"is {current} now, not {expected}: reload and retry")


def move_needed(current_household_id: int | None, to_household_id: int | None,
                last_moved_on: date | None, moved_on: date) -> bool:
    """False when the resident already lives there (a retried request changes nothing);
    a move dated before the last recorded one would make the history unreadable."""
    if current_household_id == to_household_id:
        return False
    if last_moved_on is not None and moved_on < last_moved_on:
        raise RuleBroken("moved_on", f"is before the last recorded move ({last_moved_on})")
    return True


def grid_tally(households: list[tuple[int, str]],
               residents: list[tuple[int, list[str] | None]]) -> tuple[dict[int, dict], dict]:
    """Counts for a grid: per household (residents, tags) and totals (by kind, tags).

    households: (household_id, kind); residents: (household_id, tags) of the people
    living in those households.
    """
    kind_of = dict(households)
    per = {hid: {"residents": 0, "tags": {}} for hid, _ in households}
    by_kind = {kind: {"households": 0, "residents": 0} for kind in HOUSEHOLD_KINDS}
    for _hid, kind in households:
        by_kind.setdefault(kind, {"households": 0, "residents": 0})["households"] += 1
    tag_totals: dict[str, int] = {}
    for hid, tags in residents:
        per[hid]["residents"] += 1
        by_kind[kind_of[hid]]["residents"] += 1
        for tag in set(tags or []):
            per[hid]["tags"][tag] = per[hid]["tags"].get(tag, 0) + 1
            tag_totals[tag] = tag_totals.get(tag, 0) + 1
    totals = {"households": len(households), "residents": len(residents),
              "by_kind": by_kind, "tags": dict(sorted(tag_totals.items()))}
    return per, totals
