"""Small JSON helpers for nameko `@http` entrypoints: one error shape everywhere."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any

from marshmallow import Schema, ValidationError
from werkzeug.wrappers import Request, Response

from services.common import untrusted
from services.common.auth import AuthError, Forbidden
from services.common.errors import Conflict, NotFound, Refused
from services.common.token_keys import KeysUnavailable

# Offsets, limits, revisions…: no list is that long, and past PostgreSQL's bigint a
# number in a query turns into a database error (500) instead of an answer
MAX_QUERY_INTEGER = 2 ** 31 - 1


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False, default=_default), status=status,
                    mimetype="application/json")


def error_response(status: int, message: str, errors: dict | None = None) -> Response:
    return json_response({"error": message, "errors": errors or {}}, status)


def read_json(request: Request) -> dict:
    try:
        data = untrusted.loads(request.get_data() or b"{}")
    except untrusted.UntrustedInput as exc:
        raise ValidationError(exc.errors()) from None
    if not isinstance(data, dict):
        raise ValidationError({"_body": ["expected a JSON object"]})
    return data


def query_args(request: Request, schema: Schema, repeatable: tuple[str, ...] = ()) -> dict:
    """Load query parameters with `schema`; a parameter given twice is an error unless
    it is `repeatable` (then it loads as a list), so `?grid=a&grid=b` is never silently
    read as one of them."""
    raw, errors = {}, {}
    for key, values in request.args.lists():
        if key in repeatable:
            raw[key] = values
        elif len(values) > 1:
            errors[key] = ["give this parameter once"]
        else:
            raw[key] = values[0]
    if errors:
        raise ValidationError(errors)
    loaded = schema.load(raw)
    for key, value in loaded.items():
        if any(type(v) is int and not -MAX_QUERY_INTEGER <= v <= MAX_QUERY_INTEGER
               for v in (value if isinstance(value, list) else [value])):
            errors[key] = [f"must be at most {MAX_QUERY_INTEGER} in size"]
    if errors:
        raise ValidationError(errors)
    return loaded


def _nul_in_request(request: Request, path_args: dict) -> dict[str, list[str]]:
    """PostgreSQL text cannot hold NUL: a `%00` in the path or the query is refused
    here, before any handler or scope check sends it to the database."""
    reason = ["must not contain a NUL character (%00)"]
    errors = {name: reason for name, value in path_args.items()
              if isinstance(value, str) and "\x00" in value}
    for key, values in request.args.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            errors[key.replace("\x00", "\\x00")] = reason
    if not errors and "\x00" in request.path:
        errors["_path"] = reason
    return errors


def _flatten(errors: dict, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested errors as one level, {"status.vaccination": [reasons]}: the
    shape the OpenAPI documents publish (field → list of strings), as event_rejected does."""
    flat: dict[str, list[str]] = {}
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return flat


def json_api(fn: Callable) -> Callable:
    """Turn domain exceptions into JSON errors: 400 names field and reason, 401, 403, 404,
    409."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        request = next((a for a in args if isinstance(a, Request)), None)
        if request is not None:
            nul = _nul_in_request(request, kwargs)
            if nul:
                return error_response(400, "; ".join(f"{k}: {v[0]}" for k, v in nul.items()),
                                      nul)
        try:
            result = fn(*args, **kwargs)
        except (ValidationError, Refused) as exc:
            errors = exc.messages if isinstance(exc.messages, dict) else {"_": exc.messages}
            flat = _flatten(errors)
            return error_response(400, "; ".join(f"{k}: {v[0] if v else ''}"
                                                 for k, v in flat.items()), flat)
        except KeysUnavailable as exc:
            return error_response(503, str(exc))
        except AuthError as exc:
            response = error_response(401, str(exc))
            response.headers["WWW-Authenticate"] = 'Bearer realm="wangge"'
            return response
        except Forbidden as exc:
            return error_response(403, str(exc))
        except NotFound as exc:
            return error_response(404, str(exc))
        except Conflict as exc:
            return error_response(409, f"{exc.field}: {exc.reason}", {exc.field: [exc.reason]})
        if isinstance(result, Response):
            return result
        if isinstance(result, tuple):
            status, payload = result
            return json_response(payload, status)
        return json_response(result)

    return wrapper
