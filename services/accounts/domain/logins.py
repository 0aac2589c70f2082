"""Logins: a person signs in with their mobile number (中国大陆手机号, optionally written
with +86), a service account with a user name. Both are kept in one normal form, so
"+86 138-0013-8000" and "13800138000" are the same login."""

from __future__ import annotations

import re

MOBILE = re.compile(r"1[3-9]\d{9}")
USER_NAME = re.compile(r"[a-z][a-z0-9_.-]{2,63}")
# spaces and dashes people type inside a number
_SEPARATORS = re.compile(r"[\s\-()]")
MAX_LOGIN = 100


class LoginInvalid(ValueError):
    """The text is not a login of that kind; the message says why (no value in it)."""


def normalise_mobile(text: str) -> str:
    raw = _SEPARATORS.sub("", text or "")
    for prefix in ("+86", "0086"):
        if raw.startswith(prefix):
            raw = raw[len(prefix):]
            break
    if not MOBILE.fullmatch(raw):
        raise LoginInvalid("must be a mainland mobile number: 11 digits starting 13–19, "
                           "optionally with +86")
    return raw


def normalise_user_name(text: str) -> str:
    name = (text or "").strip()
    if not USER_NAME.fullmatch(name):
        raise LoginInvalid("must be 3–64 characters: a lower-case letter, then lower-case "
                           "letters, digits, '_', '.' or '-'")
    return name


def normalise_login(text: str) -> str | None:
    """What a sign-in names, in normal form: a mobile number, else a user name; None when
    it can be neither (then no account has it)."""
    if not text or len(text) > MAX_LOGIN:
        return None
    try:
        return normalise_mobile(text)
    except LoginInvalid:
        pass
    try:
        return normalise_user_name(text.strip().lower())
    except LoginInvalid:
        return None
