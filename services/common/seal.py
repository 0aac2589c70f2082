"""Sealing personal data that must cross the bus: AES-GCM with a key shared only by the
services that may read it (today: visits seals a new resident's name and ID number, the
registry opens it). Anyone else on the broker sees ciphertext.

Key: `PII_SEAL_KEY` (or `PII_SEAL_KEY_FILE`), 32 bytes as 64 hex digits or urlsafe
base64. The local default is for development and tests only, like the ID hash key.
"""

from __future__ import annotations

import base64
import binascii
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.common import config

DEV_SEAL_KEY = "77616e6767652d6465762d6f6e6c792d7365616c2d6b65792d6368616e676521"
# accounts' own key, sealing its token-signing keys: no other service holds it (a holder
# of PII_SEAL_KEY and a copy of accounts' database could otherwise mint tokens)
DEV_ACCOUNTS_KEY_SEAL_KEY = "77616e6767652d6465762d6f6e6c792d6163636f756e74732d6b65792d736561"
# each seal key's name → its development default
DEV_KEYS = {"PII_SEAL_KEY": DEV_SEAL_KEY, "ACCOUNTS_KEY_SEAL_KEY": DEV_ACCOUNTS_KEY_SEAL_KEY}
_VERSION = "v1"


class SealError(ValueError):
    pass


def seal_key(name: str = "PII_SEAL_KEY") -> bytes:
    """The seal key `name` (or `name`_FILE; one of DEV_KEYS), its development value when
    unset."""
    raw = config._env(name, DEV_KEYS[name])
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        try:
            key = base64.urlsafe_b64decode(raw)
        except (binascii.Error, ValueError):
            raise SealError(f"{name} must be 32 bytes, hex or urlsafe base64") from None
    if len(key) != 32:
        raise SealError(f"{name} must be 32 bytes, hex or urlsafe base64")
    return key


def seal(data: dict, key: bytes, context: str) -> str:
    """`context` (e.g. the correction id) is authenticated: a sealed blob copied into
    another message does not open there."""
    nonce = os.urandom(12)
    body = AESGCM(key).encrypt(nonce, json.dumps(data, ensure_ascii=False).encode(),
                               context.encode())
    return f"{_VERSION}.{base64.urlsafe_b64encode(nonce + body).decode()}"


def unseal(blob: str, key: bytes, context: str) -> dict:
    version, _, encoded = blob.partition(".")
    if version != _VERSION:
        raise SealError(f"unknown seal version {version!r}")
    try:
        raw = base64.urlsafe_b64decode(encoded)
        plain = AESGCM(key).decrypt(raw[:12], raw[12:], context.encode())
    except (binascii.Error, ValueError, InvalidTag):
        raise SealError("sealed data does not open with this key and context") from None
    return json.loads(plain)
