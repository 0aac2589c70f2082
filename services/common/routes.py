"""A service's HTTP route table: method, path, input schemas and answers. Each service
keeps one (`api_routes.py`), checked against its entrypoints by a unit test, so an
OpenAPI document can be generated from it (docs/architecture.md rule 5)."""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    summary: str
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    statuses: tuple[int, ...] = (200,)
    # what a success answers (its JSON Schema is published; schemathesis checks answers
    # against it); None: an object, unspecified
    answer: type[Schema] | None = None
    # other media types a success may answer in (a report as CSV or XLSX), besides JSON
    also: tuple[str, ...] = ()
