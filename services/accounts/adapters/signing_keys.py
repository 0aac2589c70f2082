"""The Ed25519 keys accounts signs access tokens with, and the JWKS other services verify
them with. A private key is kept only sealed (services/common/seal.py, under
ACCOUNTS_KEY_SEAL_KEY, which no other service holds, its context naming the key), so a
copy of the database alone, or with another service's keys, signs nothing.

`KeyRing` caches the keys of the process: the newest active key signs; every key active
or retired less than `keep` ago verifies and is published. A kid it does not hold makes
it read the table again (a key rotated by another process), at most once a second."""

from __future__ import annotations

import base64
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session

from services.accounts.adapters.models import SigningKey
from services.common import seal
from services.common.auth import AuthError

SEAL_CONTEXT = "accounts.signing_key:"
# one key generation at a time across the service's processes
_KEY_LOCK = 0x6B657973  # "keys"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text_: str) -> bytes:
    return base64.urlsafe_b64decode(text_ + "=" * (-len(text_) % 4))


@dataclass(frozen=True)
class KeyPair:
    kid: str
    created_at: datetime
    retires_at: datetime | None
    public: Ed25519PublicKey
    public_raw: str

    def jwk(self) -> dict:
        return {"kty": "OKP", "crv": "Ed25519", "x": self.public_raw, "kid": self.kid,
                "use": "sig", "alg": "EdDSA"}


def new_key(session: Session, now: datetime, actor: str, seal_key: bytes) -> str:
    """Add a key and retire every active one at `now`: it signs from now on; the retired
    ones keep verifying while they are published. Returns the new kid."""
    private = Ed25519PrivateKey.generate()
    kid = f"{now:%Y%m%d}-{uuid.uuid4().hex[:12]}"
    sealed = seal.seal({"d": _b64(private.private_bytes_raw())}, seal_key, SEAL_CONTEXT + kid)
    session.execute(update(SigningKey).where(SigningKey.retires_at.is_(None))
                    .values(retires_at=now))
    session.add(SigningKey(kid=kid, created_at=now, retires_at=None,
                           public_key=_b64(private.public_key().public_bytes_raw()),
                           sealed_private_key=sealed, created_by=actor))
    session.flush()
    return kid


def ensure_key(session: Session, now: datetime, seal_key: bytes) -> str | None:
    """A key at first start: generated when none is active (several processes starting
    at once make one). Returns the kid made, or None."""
    session.execute(text("select pg_advisory_xact_lock(:k)"), {"k": _KEY_LOCK})
    active = session.execute(select(SigningKey.kid)
                             .where(SigningKey.retires_at.is_(None))).first()
    return None if active else new_key(session, now, "system", seal_key)


def reseal_keys(session: Session, old_key: bytes, new_key_: bytes) -> list[str]:
    """Seal again under `new_key_` every private key that opens under `old_key` and not
    under `new_key_` (one process at a time: the key lock). Returns their kids."""
    session.execute(text("select pg_advisory_xact_lock(:k)"), {"k": _KEY_LOCK})
    done = []
    for row in session.execute(select(SigningKey).order_by(SigningKey.created_at)
                               .with_for_update()).scalars():
        context = SEAL_CONTEXT + row.kid
        try:
            seal.unseal(row.sealed_private_key, new_key_, context)
            continue                            # sealed under the new key already
        except seal.SealError:
            pass
        try:
            opened = seal.unseal(row.sealed_private_key, old_key, context)
        except seal.SealError:
            continue                            # neither: left for the operator to see
        row.sealed_private_key = seal.seal(opened, new_key_, context)
        done.append(row.kid)
    session.flush()
    return done


def published_rows(session: Session, now: datetime, keep: timedelta) -> list[SigningKey]:
    return list(session.execute(
        select(SigningKey).where(or_(SigningKey.retires_at.is_(None),
                                     SigningKey.retires_at > now - keep))
        .order_by(SigningKey.created_at.desc())).scalars())


def _pair(row: SigningKey) -> KeyPair:
    public = Ed25519PublicKey.from_public_bytes(_unb64(row.public_key))
    return KeyPair(row.kid, row.created_at, row.retires_at, public, row.public_key)


def _private(row: SigningKey, seal_key: bytes) -> Ed25519PrivateKey:
    opened = seal.unseal(row.sealed_private_key, seal_key, SEAL_CONTEXT + row.kid)
    return Ed25519PrivateKey.from_private_bytes(_unb64(opened["d"]))


class KeyRing:
    """The process's keys: `signing()` for minting, `key_for(kid)` for verifying (the
    object the access guard is given), `jwks(now)` for publishing."""

    def __init__(self, db, seal_key: bytes, keep: timedelta, now, *, reload_s: float = 60.0,
                 clock=time.monotonic) -> None:
        """now: the wall clock (what a key's retirement is compared with); clock: the
        monotonic one the cache ages by."""
        self.db, self.seal_key, self.keep, self.now = db, seal_key, keep, now
        self.reload_s, self._clock = reload_s, clock
        self._lock = threading.Lock()
        self._loaded_at: float | None = None
        self._pairs: dict[str, KeyPair] = {}
        self._signing: tuple[str, Ed25519PrivateKey] | None = None

    def load(self, now: datetime) -> None:
        with self.db.transaction() as session:
            rows = published_rows(session, now, self.keep)
            pairs = {row.kid: _pair(row) for row in rows}
            active = next((row for row in rows if row.retires_at is None), None)
            signing = (active.kid, _private(active, self.seal_key)) if active else None
        with self._lock:
            self._pairs, self._signing = pairs, signing
            self._loaded_at = self._clock()

    def _stale(self, after: float) -> bool:
        return self._loaded_at is None or self._clock() - self._loaded_at > after

    def _fresh(self) -> None:
        if self._stale(self.reload_s):
            self.load(self.now())

    def signing(self) -> tuple[str, Ed25519PrivateKey]:
        self._fresh()
        if self._signing is None:
            raise RuntimeError("accounts holds no active signing key (ensure_key at start)")
        return self._signing

    def key_for(self, kid: str) -> Ed25519PublicKey:
        self._fresh()
        if kid not in self._pairs and self._stale(1.0):
            self.load(self.now())
        pair = self._pairs.get(kid)
        if pair is None:
            raise AuthError("token signed by a key this deployment does not publish")
        return pair.public

    def jwks(self) -> dict:
        self._fresh()
        return {"keys": [pair.jwk() for pair in self._pairs.values()]}
