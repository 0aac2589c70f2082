"""The identity rules every path into the registry applies, as plain functions.

An ID number reaches the registry by HTTP, by a file import, by an event from another
system (人口报备, a test result) and sealed in a visit's correction. It used to be checked
by two copies of this rule, and an event path by a pattern only: a number with a wrong
check digit arriving by event registered a person the HTTP API refused. Every contract,
schema and domain check calls `id_number_problem`.
"""

from __future__ import annotations

import re

# GB 11643: the 18th character is a checksum of the first 17, so most typos are caught
# before they split one person into two records.
_ID_FORMAT = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
FORMAT_PROBLEM = "must be 18 characters: 17 digits then a digit or X"
CHECK_PROBLEM = "check digit does not match (mistyped?)"


def id_check_digit(first17: str) -> str:
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_number_problem(id_number: object) -> str | None:
    """Why an ID number is unacceptable, or None. Never echoes the number itself."""
    if not isinstance(id_number, str):
        return "must be text"
    value = id_number.strip().upper()
    if not _ID_FORMAT.match(value):
        return FORMAT_PROBLEM
    if id_check_digit(value[:17]) != value[17]:
        return CHECK_PROBLEM
    return None
