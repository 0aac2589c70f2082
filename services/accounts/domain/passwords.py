"""The password policy: what a new password must be. Checked when it is set (invitation
accepted, changed, reset); never for signing in, so a policy made stricter later does not
lock anyone out."""

from __future__ import annotations

MIN_LENGTH = 8
# argon2 hashes any length, but a megabyte of password is only a way to burn CPU
MAX_LENGTH = 256


def password_problems(password: str, login: str | None = None) -> list[str]:
    """Every reason `password` is refused (empty: it is accepted). The reasons never
    repeat the password."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"must be at most {MAX_LENGTH} characters")
    if password.isdigit():
        problems.append("must not be all digits")
    if login and password.strip().lower() == login.strip().lower():
        problems.append("must not be the login")
    if password != password.strip():
        problems.append("must not begin or end with a space")
    return problems
