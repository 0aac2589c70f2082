"""Who is asking, in the terms of accounts' use cases: the verified caller as a `Caller`
(account id, grants, session), where the request came from for the audit, and the client
address the sign-in rate limits count by."""

from __future__ import annotations

from collections.abc import Collection

from services.accounts.domain.grants import Grant
from services.accounts.use_cases.context import Caller
from services.common.audit import source_of
from services.common.guard import who


def caller_of(request) -> Caller:
    principal = who(request)
    if principal.everywhere:
        return Caller(principal.subject, (), True, "", source_of(request))
    grants = tuple(Grant(g.role, g.area, g.unit, g.volunteer) for g in principal.grants)
    return Caller(principal.subject, grants, False, principal.session_id, source_of(request))


def client_address(request, trusted_proxies: Collection[str]) -> str:
    """The connecting address, or, when that is a trusted proxy (the gateway, which sets
    X-Forwarded-For to its own client), the address it names. A client reaching the
    service directly cannot pick its address for the rate limit by sending the header."""
    remote = request.remote_addr or "unknown"
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded and remote in trusted_proxies:
        return forwarded.split(",")[-1].strip()[:100] or remote
    return remote
