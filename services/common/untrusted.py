"""Bytes from outside (AMQP bodies, HTTP bodies) to JSON values, in one place, with limits.

`json.loads` alone let hostile input through in ways no caller expected: nesting 10,000
deep raises RecursionError (not a ValueError, so it crashed consumers instead of being
rejected); a NUL character (`\\u0000`) or a lone surrogate (`\\ud800`) parses fine and
then PostgreSQL or psycopg2 refuses the text, turning a bad message into a database error
and a dead letter; `1e400` becomes infinity and a 30-digit integer overflows every column.
`loads` refuses all of these with `UntrustedInput`, a ValueError naming the place
(`data.area_codes.0`) and the reason, so every caller's "not valid JSON" path covers them.

It costs little on the hot path: a few scans of the text in C decide whether the parsed
value needs walking at all (deep enough to matter, or escapes that could hide NUL or a
surrogate, or numbers long enough to overflow); ordinary messages are never walked.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from services.common.limits import DEFAULT_MAX_BODY_BYTES

MAX_BYTES = DEFAULT_MAX_BODY_BYTES  # one size for every untrusted body (limits.py)
MAX_DEPTH = 64
# what a PostgreSQL bigint holds: beyond it a number cannot be stored or compared anywhere
INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1

# Walking a parsed value costs more than parsing it, so it is done only on an alarm raised
# by scans in C: more brackets than the depth allowed, an escape that may decode to NUL or
# half a surrogate pair, or a run of 19 digits (past a bigint). A false alarm (digits in a
# string) only costs the walk. Infinite floats are refused by the parser's own hook.
_ESCAPES = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")
_DIGIT_SHAPE = bytes(ord("0") if chr(c).isdigit() and c < 128 else ord(" ") for c in range(256))
_LONG_DIGITS = b"0" * 19
_CUT_DIGITS = re.compile(r"\d[\d \-\u3000\uff0dXxＸｘ]*$")


class UntrustedInput(ValueError):
    """Input refused: `where` is the path of the offending value ("" for the whole body)."""

    def __init__(self, reason: str, where: str = "") -> None:
        if len(where) > 200:  # keys may be huge
            # not cut inside a run of digits: a cut ID number (a key) would be too short
            # for the inbox's masking to know it
            where = _CUT_DIGITS.sub("", where[:197]) + "..."
        super().__init__(f"{where}: {reason}" if where else reason)
        self.reason, self.where = reason, where

    def errors(self, prefix: str = "_body") -> dict[str, list[str]]:
        """{field: [reason]}, the error shape of HTTP answers and rejections."""
        return {self.where or prefix: [self.reason]}


def _no_constant(name: str) -> Any:
    raise UntrustedInput(f"{name} is not a number JSON allows")


def _finite(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise UntrustedInput(f"number too large: {literal[:20]}")
    return value


def text_problem(value: str) -> str | None:
    if "\x00" in value:
        return "contains a NUL character (\\u0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains an unpaired surrogate (not valid Unicode)"
    return None


def _path(where: tuple | None) -> str:
    keys = []
    while where is not None:
        where, key = where
        keys.append(str(key))
    return ".".join(reversed(keys))


def _leaf_problem(item: Any, check_text: bool, check_numbers: bool) -> str | None:
    kind = type(item)
    if kind is str:
        return text_problem(item) if check_text else None
    if kind is int and check_numbers and not INT_MIN <= item <= INT_MAX:
        return "number out of range (at most 2^63 - 1 in size)"
    if kind is float and check_numbers and not math.isfinite(item):
        return "number too large"
    return None


def _walk(value: Any, max_depth: int, check_text: bool, check_numbers: bool = True,
          max_values: int | None = None) -> None:
    """Refuse what the parser let through: too deep, NUL, lone surrogates, overflow.
    Iterative (the value may be deep); a path is spelled out only for the error."""
    check_leaves = check_text or check_numbers
    if type(value) is not dict and type(value) is not list:
        problem = _leaf_problem(value, check_text, check_numbers)
        if problem:
            raise UntrustedInput(problem)
        return
    stack: list[tuple[Any, int, tuple | None]] = [(value, 1, None)]
    budget = max_values
    while stack:
        item, depth, where = stack.pop()
        if depth > max_depth:
            raise UntrustedInput(f"nested more than {max_depth} levels deep", _path(where))
        if budget is not None:
            budget -= len(item) + 1
            if budget < 0:
                raise UntrustedInput(f"holds more than {max_values} values")
        is_dict = type(item) is dict
        for key, child in (item.items() if is_dict else enumerate(item)):
            kind = type(child)
            if kind is dict or kind is list:
                stack.append((child, depth + 1, (where, key)))
            elif check_leaves:
                problem = _leaf_problem(child, check_text, check_numbers)
                if problem:
                    raise UntrustedInput(problem, _path((where, key)))
            if is_dict and check_text and type(key) is str:
                problem = text_problem(key)
                if problem:
                    raise UntrustedInput(f"a key {problem}", _path(where))


def decode_text(body: bytes | str, *, max_bytes: int = MAX_BYTES) -> str:
    """The body as text: UTF-8, within the size limit, without NUL."""
    size = len(body)
    if size > max_bytes:
        raise UntrustedInput(f"larger than {max_bytes} bytes")
    if isinstance(body, bytes | bytearray | memoryview):
        try:
            text = bytes(body).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UntrustedInput(f"not valid UTF-8 (byte {exc.start})") from None
    else:
        text = body
    if "\x00" in text:
        raise UntrustedInput("contains a NUL byte")
    return text


def loads(body: bytes | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH,
          check_text: bool = True) -> Any:
    """Parse untrusted JSON, or raise UntrustedInput (a ValueError) saying why.

    ``check_text=False`` lets NUL and lone surrogates inside strings through (everything
    else still holds): for keeping a rejected body, which is re-encoded escaped anyway.
    """
    text = decode_text(body, max_bytes=max_bytes)
    try:
        # a decoder per call: its C scanner keeps a cache that must not be shared
        value = json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:
        raise UntrustedInput(f"nested more than {max_depth} levels deep") from None
    except UntrustedInput:
        raise
    except json.JSONDecodeError as exc:
        raise UntrustedInput(f"not valid JSON at line {exc.lineno}, column {exc.colno}: "
                             f"{exc.msg}") from None
    except ValueError as exc:  # an integer of over 4,300 digits
        raise UntrustedInput(f"not valid JSON: {exc}") from None
    raw = body if isinstance(body, bytes) else text.encode("utf-8", "surrogatepass")
    # NUL and surrogates can only come from escapes (the text was valid UTF-8 without NUL)
    escapes = check_text and _ESCAPES.search(text) is not None
    long_digits = _LONG_DIGITS in raw.translate(_DIGIT_SHAPE)
    if escapes or long_digits or raw.count(b"[") + raw.count(b"{") > max_depth:
        _walk(value, max_depth, escapes, long_digits)
    return value


def check(value: Any, *, max_depth: int = MAX_DEPTH, max_values: int = 1_000_000) -> Any:
    """The limits of `loads` for a value another parser built (YAML): its aliases can
    repeat one list a billion times over in a small file, hence the count of values."""
    _walk(value, max_depth, True, True, max_values)
    return value


def dumps_kept(value: Any) -> str:
    """JSON text safe for a PostgreSQL text column: NUL and lone surrogates escaped."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True)
    return text


def printable(body: bytes, limit: int = 100_000) -> str:
    """Text for keeping a body that is not JSON: invalid UTF-8 replaced, NUL escaped."""
    return body[:limit].decode("utf-8", "replace").replace("\x00", "\\x00")
