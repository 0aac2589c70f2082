"""Password hashes: argon2id (argon2-cffi's PasswordHasher). The parameters are a
deployment's (settings.py); a hash made with older ones is still verified, and replaced
at the next successful sign-in (`needs_rehash`).

Defaults: 19 MiB, 2 passes, 1 lane, OWASP's recommended minimum for argon2id: ~20 ms a
hash here, so a sign-in stays cheap next to its round trip while a stolen table costs an
attacker the same per guess. Hashing runs through `offload` (the service passes eventlet's
thread pool) so a sign-in does not stop every other request of the process meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


def _inline(fn: Callable, *args: Any) -> Any:
    return fn(*args)


class Passwords:
    def __init__(self, *, time_cost: int = 2, memory_kib: int = 19456, parallelism: int = 1,
                 offload: Callable = _inline) -> None:
        self.hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib,
                                     parallelism=parallelism, type=Type.ID)
        self.offload = offload
        # verified when the login is unknown, so an unknown login takes as long as a
        # known one with a wrong password (no account enumeration by timing)
        self._decoy = self.hasher.hash("decoy password, never anyone's")

    def hash(self, password: str) -> str:
        return self.offload(self.hasher.hash, password)

    def verify(self, stored: str | None, password: str) -> bool:
        try:
            return self.offload(self.hasher.verify, stored or self._decoy, password) \
                and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self.hasher.check_needs_rehash(stored)
