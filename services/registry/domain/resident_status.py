"""A resident's status fields (vaccination, latest test, travel, return): the one
definition of which fields there are, what each takes and why a value is refused.

Plain code, so the domain needs no schema library. Two readers use it: a correction
proposed by visits (domain/corrections.py), whose refusal reason travels back in
`registry.correction_rejected`, and the HTTP edge, whose `ResidentStatusInput`
(entrypoints/schemas.py) declares its fields from STATUS_RULES (for the OpenAPI documents
and the JSON type check) and loads through `status_problems`. Both answer the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.common.vocab import TEST_RESULTS, VACCINATION

# the kinds of value a status field takes
YES_NO, ONE_OF, DAY, TEXT = "yes_no", "one_of", "day", "text"


@dataclass(frozen=True)
class StatusRule:
    kind: str
    nullable: bool = False
    choices: tuple[str, ...] = ()  # ONE_OF
    max_length: int | None = None  # TEXT


# in the order problems are reported
STATUS_RULES: dict[str, StatusRule] = {
    "registration_code_applied": StatusRule(YES_NO),
    "vaccination": StatusRule(ONE_OF, choices=VACCINATION),
    "latest_test_date": StatusRule(DAY, nullable=True),
    "latest_test_result": StatusRule(ONE_OF, nullable=True, choices=TEST_RESULTS),
    "recent_travel": StatusRule(TEXT, nullable=True, max_length=200),
    "returned_on": StatusRule(DAY, nullable=True),
}

# the words a yes/no field takes (as marshmallow's Boolean takes them: a correction
# carries words from older clients)
_TRUE = {"t", "T", "true", "True", "TRUE", "on", "On", "ON", "y", "Y", "yes", "Yes", "YES",
         "1", 1}
_FALSE = {"f", "F", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N", "no", "No", "NO",
          "0", 0}


class StatusProblem(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def _yes_no(value: Any, _rule: StatusRule) -> bool:
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


def _one_of(value: Any, rule: StatusRule) -> str:
    text = _text(value)
    if text not in rule.choices:
        raise ValueError(f"Must be one of: {', '.join(rule.choices)}.")
    return text


def _day(value: Any, _rule: StatusRule) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, AttributeError, ValueError):
        raise ValueError("Not a valid date.") from None


def _bounded_text(value: Any, rule: StatusRule) -> str:
    text = _text(value)
    if rule.max_length is not None and len(text) > rule.max_length:
        raise ValueError(f"Longer than maximum length {rule.max_length}.")
    return text


_READERS: dict[str, Callable[[Any, StatusRule], Any]] = {
    YES_NO: _yes_no, ONE_OF: _one_of, DAY: _day, TEXT: _bounded_text}


def status_problems(status: Any) -> tuple[dict, list[tuple[str, str]]]:
    """(the registry's columns, every (field, reason) refused): a field not named in
    STATUS_RULES is refused, a field left out is left unchanged."""
    if not isinstance(status, dict):
        return {}, [("_schema", "Invalid input type.")]
    columns: dict = {}
    problems: list[tuple[str, str]] = []
    for name, rule in STATUS_RULES.items():
        if name not in status:
            continue
        value = status[name]
        if value is None:
            if rule.nullable:
                columns[name] = None
            else:
                problems.append((name, "Field may not be null."))
            continue
        try:
            columns[name] = _READERS[rule.kind](value, rule)
        except ValueError as exc:
            problems.append((name, str(exc)))
    # after the known fields; several unknown ones in alphabetical order, so the first
    # problem named is always the same
    problems += [(name, "Unknown field.") for name in sorted(map(str, status))
                 if name not in STATUS_RULES]
    return columns, problems


def resident_status(status: Any) -> dict:
    """The columns, or the first problem raised as StatusProblem."""
    columns, problems = status_problems(status)
    if problems:
        raise StatusProblem(*problems[0])
    return columns
