"""A deployment's request service levels (hours from raising to due, per category and
urgency): the code table `domain.DEFAULT_SLA_HOURS`, overridden cell by cell by
`VISITS_SERVICE_LEVELS` (YAML or JSON text) or the file `VISITS_SERVICE_LEVELS_FILE`.
docs/rules.md shows the table and the format."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import yaml

from services.common import config
from services.visits.domain import requests as domain


class ServiceLevelsInvalid(ValueError):
    """The configured table names an unknown category or urgency, or hours that are not a
    whole number ≥ 1; the message says which cell."""


def parse(text: str) -> Mapping[tuple[str, str], int]:
    """{category: {urgency: hours}} over the defaults → the whole table."""
    table = dict(domain.DEFAULT_SLA_HOURS)
    if not text.strip():
        return MappingProxyType(table)
    try:
        given = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ServiceLevelsInvalid(f"not YAML or JSON: {exc}") from None
    if not isinstance(given, dict):
        raise ServiceLevelsInvalid("must map a category to {urgency: hours}")
    for category, row in given.items():
        if category not in domain.CATEGORIES:
            raise ServiceLevelsInvalid(f"unknown category {category!r}; known: "
                                       f"{', '.join(domain.CATEGORIES)}")
        if not isinstance(row, dict):
            raise ServiceLevelsInvalid(f"{category}: must map an urgency to hours")
        for urgency, hours in row.items():
            if urgency not in domain.URGENCIES:
                raise ServiceLevelsInvalid(f"{category}.{urgency}: unknown urgency; known: "
                                           f"{', '.join(domain.URGENCIES)}")
            if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
                raise ServiceLevelsInvalid(f"{category}.{urgency}: hours must be a whole "
                                           f"number of at least 1, not {hours!r}")
            table[(category, urgency)] = hours
    return MappingProxyType(table)


@lru_cache(maxsize=1)
def configured() -> Mapping[tuple[str, str], int]:
    return parse(config.env("VISITS_SERVICE_LEVELS", ""))


def check_at_start() -> None:
    """A wrong table stops the service at start, not at the first request raised."""
    try:
        configured()
    except ServiceLevelsInvalid as exc:
        raise SystemExit(f"VISITS_SERVICE_LEVELS: {exc}") from None
