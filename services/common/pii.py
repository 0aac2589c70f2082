"""Personal data: keyed hashes for matching, masks for display, scrubbing for storage."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from services.common.free_text import mask_identifiers

# Compared after lower-casing and dropping "_" and "-": other systems spell keys their way
# (idNumber, ID_NUMBER, phone_number), and a key spelled differently must not leak.
SENSITIVE_KEYS = frozenset({"idnumber", "phone", "mobile", "idcard", "phonenumber",
                            "mobilephone", "tel"})
_PHONE_KEYS = frozenset({"phone", "mobile", "phonenumber", "mobilephone", "tel"})
# People's names. Also masks the names of areas or units under the same key in what is
# kept or logged: losing a little readability there is cheaper than keeping a resident's
# name in clear in rejected_events.
_NAME_KEYS = frozenset({"name", "fullname", "realname", "residentname", "contactname",
                        "coordinatorname", "householdername", "headname"})


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


def _key(key: Any) -> str:
    return str(key).lower().replace("_", "").replace("-", "")


def _mask_all(value: Any, mask) -> Any:
    """Mask every scalar under a sensitive key, whatever its type: a malformed message may
    carry the ID number as a number, or wrapped in a list."""
    if isinstance(value, dict):
        return {k: _mask_all(v, mask) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_all(v, mask) for v in value]
    if value is None or isinstance(value, bool):
        return value
    return mask(str(value))


def _masker(key: str):
    if key in _PHONE_KEYS:
        return mask_phone
    if key in _NAME_KEYS:
        return mask_name
    if key in SENSITIVE_KEYS:
        return mask_id
    return None



def scrub(value: Any) -> Any:
    """A copy with every ID number, phone and person's name masked, for anything kept or
    logged."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            mask = _masker(_key(key))
            # a key is the sender's text too: an ID number may be one
            kept = mask_identifiers(key) if isinstance(key, str) else key
            out[kept] = scrub(item) if mask is None else _mask_all(item, mask)
        return out
    if isinstance(value, list):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return mask_identifiers(value)
    return value
