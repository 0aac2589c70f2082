"""How one-time codes reach people (issue 13: password resets, and the codes proving a
volunteer sign-up's phone; SMS, WeCom and mail channels plug in later with
notifications). A sender is anything with `send(login, purpose, code)`; which one a
deployment uses is ACCOUNTS_SENDER, the dotted path of a factory (a class, or a
function) called with the service's settings mapping:
`ACCOUNTS_SENDER=mycompany.sms:AliyunSender` (or `mycompany.sms.AliyunSender`).

Unset, development uses `LogSender`: the code goes to the service log (the point in
development: there is no phone to receive it), the login masked. With
WANGGE_ENV=production the service refuses to start unless ACCOUNTS_SENDER names another
sender: a code in a production log is a password reset for whoever reads the logs.

A sender is called after the code's transaction commits, and a failure to send is logged,
not answered: the caller of a reset learns nothing about the account either way."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from services.accounts.domain import phone_codes
from services.common import config
from services.common.pii import mask_phone

log = logging.getLogger("services.accounts.codes")

RESET = "password_reset"
APPLY = phone_codes.PURPOSE      # a volunteer sign-up's phone
SETTING = "ACCOUNTS_SENDER"
LOG_SENDER = f"{__name__}:LogSender"


class Sender(Protocol):
    def send(self, login: str, purpose: str, code: str) -> None:
        """Deliver `code` to the person whose login (a mobile number) is `login`;
        `purpose` says what it is for (RESET, or APPLY: proving the phone of a
        volunteer sign-up, sent to a number that may have no account). Raise on failure."""


class SenderNotConfigured(RuntimeError):
    """Production without a real sender (or with one that cannot be loaded)."""


class LogSender:
    """Development only: the code in the service log, in clear."""

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        pass

    def send(self, login: str, purpose: str, code: str) -> None:
        masked = mask_phone(login) if login.isdigit() else login
        log.warning("one-time code (%s) for %s: %s  [LogSender: development only]",
                    purpose, masked, code)


def _resolve(path: str):
    module, sep, attr = path.partition(":")
    if not sep:
        module, _, attr = path.rpartition(".")
    if not module or not attr:
        raise SenderNotConfigured(f"{SETTING}={path!r}: give module:factory")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise SenderNotConfigured(f"{SETTING}={path!r} cannot be loaded: {exc}") from None


def load_sender(settings: Mapping[str, Any] | None = None) -> Sender:
    """The sender ACCOUNTS_SENDER names (nameko config first, then the environment), or
    LogSender in development; SenderNotConfigured in production without a real one."""
    settings = settings or {}
    path = str(settings.get(SETTING) or config.env(SETTING, "")).strip()
    production = config.environment() == config.PRODUCTION
    if not path or _resolve(path) is LogSender:
        if production:
            raise SenderNotConfigured(
                f"accounts: WANGGE_ENV=production but {SETTING} names no sender, so "
                "one-time codes (password resets, sign-up phones) could only go to the "
                "log. Set it to module:factory of an SMS, WeCom or mail sender.")
        return LogSender(settings)
    sender = _resolve(path)(settings)
    if not callable(getattr(sender, "send", None)):
        raise SenderNotConfigured(f"{SETTING}={path!r} made {type(sender).__name__}, "
                                  "which has no send(login, purpose, code)")
    return sender
