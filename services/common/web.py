"""Small JSON helpers for nameko `@http` entrypoints: one error shape everywhere."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any

from marshmallow import Schema, ValidationError
from werkzeug.wrappers import Request, Response

from .auth import AuthError, Forbidden


class NotFound(Exception):
    def __init__(self, what: str, key: Any) -> None:
        super().__init__(f"{what} {key} not found")
        self.what, self.key = what, key


class Conflict(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


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
        data = json.loads(request.get_data(as_text=True) or "{}")
    except ValueError as exc:
        raise ValidationError({"_body": [f"not valid JSON: {exc}"]}) from None
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
    return schema.load(raw)


def _flatten(errors: dict, prefix: str = "") -> list[str]:
    out = []
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flatten(value, f"{name}."))
        else:
            out.append(f"{name}: {value[0] if isinstance(value, list) else value}")
    return out


def json_api(fn: Callable) -> Callable:
    """Turn domain exceptions into JSON errors: 400 names field and reason, 401, 403, 404,
    409."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
        except ValidationError as exc:
            errors = exc.messages if isinstance(exc.messages, dict) else {"_": exc.messages}
            return error_response(400, "; ".join(_flatten(errors)), errors)
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
