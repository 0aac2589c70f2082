"""An access token: the claims of domain/tokens.py signed with the active Ed25519 key
(PyJWT, `alg: EdDSA`, the key's id in the header)."""

from __future__ import annotations

import jwt


def mint(claims: dict, kid: str, private_key) -> str:
    return jwt.encode(claims, private_key, algorithm="EdDSA", headers={"kid": kid})
