"""One token helper for the tests: bearer tokens signed with a key of the test's own (the
service under test is started with AUTH_TOKEN_KEY set to it; unit tests give it to a Gate)."""

from __future__ import annotations

from services.common import auth


def token(role: str, key: str, *, subject: str | None = None, **scope) -> str:
    """A token for `role` within `scope` (area=…, unit=…; ttl_s=…, now=… for an expired
    one); its subject, which the audit log records, is "<role>-user" unless named."""
    return auth.issue(subject or f"{role}-user", role, key=key.encode(), **scope)


def refused_bearers(key: str, area: str = "4401") -> list[tuple[str | None, str]]:
    """(bearer, what the 401 names) for every token a service started with `key` refuses:
    none, garbage, a forged signature, an expired one, one of another deployment."""
    return [
        (None, "missing Authorization"),
        ("garbage", "malformed token"),
        (token("city_admin", key, area=area)[:-3] + "AAA", "signature"),
        (token("city_admin", key, subject="x", area=area, ttl_s=60, now=1000),
         "token expired"),
        (token("city_admin", "another deployment's key", area=area), "signature"),
    ]
