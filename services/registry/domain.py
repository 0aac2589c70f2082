"""Registry rules as plain functions: no database, no broker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LEVELS = ("city", "district", "street", "community", "grid")
PARENT_LEVEL = {"city": None, "district": "city", "street": "district",
                "community": "street", "grid": "community"}


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


def without_tag(tags: list[str] | None, tag: str) -> list[str]:
    return sorted(set(tags or []) - {tag})


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
