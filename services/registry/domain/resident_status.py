"""A resident's status fields (vaccination, latest test, travel, return) read from a plain
dict, as a correction proposed by visits carries them. Plain code, so the domain needs no
schema library: it takes and refuses exactly what the HTTP edge's `ResidentStatusInput`
(entrypoints/schemas.py) takes and refuses, with the same reasons, because a refusal's
reason travels back to visits in `registry.correction_rejected`; a unit test
(tests/unit/test_registry_corrections.py) holds the two to the same answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from services.common.vocab import TEST_RESULTS, VACCINATION

TRAVEL_MAX = 200
# the words a yes/no field takes, as the HTTP edge's boolean field takes them
_TRUE = {"t", "T", "true", "True", "TRUE", "on", "On", "ON", "y", "Y", "yes", "Yes", "YES",
         "1", 1}
_FALSE = {"f", "F", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N", "no", "No", "NO",
          "0", 0}


class StatusProblem(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def _yes_no(value: Any) -> bool:
    try:
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    except TypeError:  # unhashable: a list or an object
        pass
    raise ValueError("Not a valid boolean.")


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("Not a valid utf-8 string.") from None
    if not isinstance(value, str):
        raise ValueError("Not a valid string.")
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        text = _text(value)
        if text not in choices:
            raise ValueError(f"Must be one of: {', '.join(choices)}.")
        return text
    return read


def _day(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, AttributeError, ValueError):
        raise ValueError("Not a valid date.") from None


def _travel(value: Any) -> str:
    text = _text(value)
    if len(text) > TRAVEL_MAX:
        raise ValueError(f"Longer than maximum length {TRAVEL_MAX}.")
    return text


# field → (reader, may it be null); in the order the edge reports its problems
FIELDS: dict[str, tuple[Callable[[Any], Any], bool]] = {
    "registration_code_applied": (_yes_no, False),
    "vaccination": (_one_of(VACCINATION), False),
    "latest_test_date": (_day, True),
    "latest_test_result": (_one_of(TEST_RESULTS), True),
    "recent_travel": (_travel, True),
    "returned_on": (_day, True),
}


def status_problems(status: Any) -> tuple[dict, list[tuple[str, str]]]:
    """(the registry's columns, every (field, reason) refused): a field not named in
    FIELDS is refused, a field left out is left unchanged."""
    if not isinstance(status, dict):
        return {}, [("_schema", "Invalid input type.")]
    columns: dict = {}
    problems: list[tuple[str, str]] = []
    for name, (read, nullable) in FIELDS.items():
        if name not in status:
            continue
        value = status[name]
        if value is None:
            if nullable:
                columns[name] = None
            else:
                problems.append((name, "Field may not be null."))
            continue
        try:
            columns[name] = read(value)
        except ValueError as exc:
            problems.append((name, str(exc)))
    # after the known fields, as the edge reports them (which of several unknown ones is
    # named first is the edge's set order; here, alphabetical)
    problems += [(name, "Unknown field.") for name in sorted(map(str, status))
                 if name not in FIELDS]
    return columns, problems


def resident_status(status: Any) -> dict:
    """The columns, or the first problem raised as StatusProblem."""
    columns, problems = status_problems(status)
    if problems:
        raise StatusProblem(*problems[0])
    return columns
