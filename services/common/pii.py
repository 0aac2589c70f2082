"""Personal data: keyed hashes for matching, masks for display, scrubbing for storage."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

SENSITIVE_KEYS = frozenset({"id_number", "phone", "mobile", "id_card"})


def normalise_id(id_number: str) -> str:
    return id_number.strip().upper()


def hash_id(id_number: str, key: bytes) -> str:
    """Keyed hash (HMAC-SHA256) of an ID number: the same person always matches, and
    without the key nobody can test guesses against the stored hashes."""
    return hmac.new(key, normalise_id(id_number).encode(), hashlib.sha256).hexdigest()


def mask_id(id_number: str) -> str:
    value = normalise_id(id_number)
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(name: str) -> str:
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def scrub(value: Any) -> Any:
    """A copy with every ID number and phone masked, for anything kept or logged."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in SENSITIVE_KEYS and isinstance(item, str):
                out[key] = mask_phone(item) if key in ("phone", "mobile") else mask_id(item)
            else:
                out[key] = scrub(item)
        return out
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value
