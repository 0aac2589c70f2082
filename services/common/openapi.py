"""Generate an OpenAPI 3.1 document per service from its route table (docs/architecture.md rule 5).

Every service with an `api_routes` module (a `ROUTES` tuple of `services.common.routes.Route`)
gets docs/openapi/<service>.json. Request bodies and query parameters come from the same
marshmallow schemas that validate them, through contracts/jsonschema.py, so the published
document cannot drift from the code: `python -m services.common.openapi` rewrites the files
and a unit test fails when a committed one differs.
"""

from __future__ import annotations

import json
import pkgutil
import re
import sys
from http import HTTPStatus
from importlib import import_module
from pathlib import Path

from marshmallow import Schema

from services.common.contracts.jsonschema import NO_NUL, field_schema, schema_to_json
from services.common.routes import Route
from services.common.web import MAX_QUERY_INTEGER

DOC_DIR = Path(__file__).resolve().parents[2] / "docs" / "openapi"
# where `make run` serves each service (README); compose maps the same host ports
DEFAULT_PORTS = {"registry": 8001, "dispatch": 8002, "visits": 8003, "reporting": 8004,
                 "accounts": 8005}
_CONVERTER = re.compile(r"<(?:(?P<conv>[a-z]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
_PATH_TYPES = {"int": {"type": "integer"}, "float": {"type": "number"},
               "uuid": {"type": "string", "format": "uuid"}}
_ERROR = {"$ref": "#/components/schemas/Error"}
_TEXT_ROUTES = {"/metrics"}  # Prometheus text exposition, not JSON
_SECURITY = {"bearer": {
    "type": "http", "scheme": "bearer",
    "description": "An access token from accounts (`POST /accounts/sessions`, or `wangge "
                   "login`): an Ed25519 JWT carrying the person's grants, checked by each "
                   "service with accounts' published keys (docs/access-control.md). "
                   "Missing or bad: 401; outside the grants' roles or scopes: 403."}}


def discover() -> dict[str, tuple[Route, ...]]:
    """service name → its ROUTES, for every package under services/ with an api_routes."""
    import services

    found = {}
    for info in sorted(pkgutil.iter_modules(services.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        target = f"services.{info.name}.entrypoints.api_routes"
        try:
            module = import_module(target)
        except ModuleNotFoundError as exc:
            if not (exc.name and (target + ".").startswith(exc.name + ".")):
                raise  # api_routes exists but is broken: say so, do not skip the service
            continue
        found[info.name] = tuple(module.ROUTES)
    return found


def openapi_path(path: str) -> tuple[str, list[dict]]:
    """Werkzeug rule → OpenAPI path and its path parameters ("<int:id>" → "{id}")."""
    params = []
    for match in _CONVERTER.finditer(path):
        params.append({"name": match["name"], "in": "path", "required": True,
                       "schema": dict(_PATH_TYPES.get(match["conv"] or "string",
                                                      {"type": "string",
                                                       "pattern": NO_NUL}))})
    return _CONVERTER.sub(lambda m: "{" + m["name"] + "}", path), params


def _bound_integers(schema: dict) -> None:
    """Query integers past ±MAX_QUERY_INTEGER are refused by `web.query_args` whatever
    the field says (no column takes them): the document says so too."""
    target = schema.get("items", schema)
    if "integer" in (target.get("type") if isinstance(target.get("type"), list)
                     else [target.get("type")]):
        target["maximum"] = min(target.get("maximum", MAX_QUERY_INTEGER), MAX_QUERY_INTEGER)
        target["minimum"] = max(target.get("minimum", -MAX_QUERY_INTEGER), -MAX_QUERY_INTEGER)


def _query_parameters(schema: type[Schema]) -> list[dict]:
    out = []
    for name, field in schema().fields.items():
        if field.dump_only:
            continue
        schema = field_schema(field, closed=True)
        _bound_integers(schema)
        param = {"name": field.data_key or name, "in": "query", "required": field.required}
        if "description" in schema:
            param["description"] = schema.pop("description")
        out.append({**param, "schema": schema})
    return out


def _operation_id(service: str, route: Route) -> str:
    words = re.sub(r"<(?:[a-z]+:)?(\w+)>", r"by_\1", route.path)
    slug = "_".join(w for w in re.split(r"[^A-Za-z0-9]+", words) if w)
    return f"{service}_{route.method.lower()}_{slug or 'root'}"


def _responses(route: Route) -> dict:
    out = {}
    for status in route.statuses:
        entry: dict = {"description": HTTPStatus(status).phrase}
        if status >= 400 and route.path != "/health":  # a sick /health still says why
            entry["content"] = {"application/json": {"schema": _ERROR}}
        elif status == 204:
            pass  # No Content: nothing to describe
        elif route.path in _TEXT_ROUTES:
            entry["content"] = {"text/plain": {"schema": {"type": "string"}}}
        else:
            schema = ({"type": "object"} if route.answer is None
                      else schema_to_json(route.answer))
            entry["content"] = {"application/json": {"schema": schema}}
            for media in route.also:
                entry["content"][media] = {"schema": {"type": "string"}}
        out[str(status)] = entry
    if route.body is not None and "400" not in out:
        out["400"] = {"description": "Invalid input: the error names the field and reason",
                      "content": {"application/json": {"schema": _ERROR}}}
    if "400" not in out and (route.query is not None or "<" in route.path):
        # an unknown, repeated or ill-typed query parameter, or a NUL in the path
        out["400"] = {"description": "Invalid parameter: the error names it and the reason",
                      "content": {"application/json": {"schema": _ERROR}}}
    if route.body is not None or route.method in ("POST", "PUT", "PATCH"):
        out["413"] = {"description": "Body longer than HTTP_MAX_BODY_BYTES (16 MiB unless "
                                     "configured)",
                      "content": {"application/json": {"schema": _ERROR}}}
    return out


def _operation(service: str, route: Route) -> tuple[str, dict]:
    path, params = openapi_path(route.path)
    if route.query is not None:
        params += _query_parameters(route.query)
    params += [dict(p) for p in route.parameters]
    op: dict = {"tags": [service], "summary": route.summary,
                "operationId": _operation_id(service, route)}
    if route.description:
        op["description"] = route.description
    if params:
        op["parameters"] = params
    if route.body is not None:
        op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": schema_to_json(route.body, closed=True)}}}
    if route.open:
        op["security"] = []
    elif 401 in route.statuses:
        op["security"] = [{"bearer": []}]
    op["responses"] = _responses(route)
    return path, op


def document(service: str, routes: tuple[Route, ...]) -> dict:
    paths: dict = {}
    for route in routes:
        path, op = _operation(service, route)
        method = route.method.lower()
        if method in paths.setdefault(path, {}):
            raise ValueError(f"{service}: {route.method} {route.path} is listed twice")
        paths[path][method] = op
    doc = {
        "openapi": "3.1.0",
        "info": {
            "title": f"Wangge {service} API",
            "version": "1",
            "description": (
                f"HTTP API of the {service} service. Requests and answers are JSON; an "
                "error answers `{\"error\": \"field: reason; …\", \"errors\": {field: "
                "[reasons]}}` (a nested field is named by its path, `status.vaccination`, "
                "`tags.0`); an unknown field is an error. Generated from the service's "
                "route table and marshmallow schemas (`make contracts`)."),
        },
        "tags": [{"name": service}],
        "paths": paths,
        "components": {"securitySchemes": _SECURITY, "schemas": {"Error": {
            "type": "object", "required": ["error", "errors"],
            "properties": {
                "error": {"type": "string", "description": "one line naming every bad field"},
                "errors": {"type": "object", "description": "field → list of reasons",
                           "additionalProperties": {"type": "array",
                                                    "items": {"type": "string"}}},
            }}}},
    }
    if service in DEFAULT_PORTS:
        doc["servers"] = [{"url": f"http://127.0.0.1:{DEFAULT_PORTS[service]}"}]
    return doc


def render(service: str, routes: tuple[Route, ...]) -> str:
    return json.dumps(document(service, routes), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    import warnings

    # importing the services imports nameko, whose eventlet notice is known (README)
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    DOC_DIR.mkdir(parents=True, exist_ok=True)
    for service, routes in discover().items():
        path = DOC_DIR / f"{service}.json"
        path.write_text(render(service, routes), encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
