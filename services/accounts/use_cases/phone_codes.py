"""The one-time codes that prove a volunteer sign-up's phone (domain/phone_codes.py).

Asking for a code answers alike whatever happens: the use case returns the code to send
(the entrypoint hands it to the sender once the transaction has committed) or nothing
when a rate limit is used up. Using a code is part of taking the application
(use_cases/applications.py `apply`), in its transaction: a wrong code spends a try, and
that try must commit though the answer is an error, so `use_code` returns its refusal
rather than raising it. A right code is closed as used; if the application is refused
after that (a conflict), the transaction rolls back and the code stays good."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from services.accounts.adapters import applications, audit, phone_codes
from services.accounts.domain.logins import LoginInvalid, normalise_mobile
from services.accounts.domain.phone_codes import INVALID_PHONE_CODE, PhoneCodePolicy
from services.accounts.domain.reset_codes import CodeState, new_code, usable
from services.accounts.domain.throttle import retry_after
from services.accounts.use_cases.context import Tools
from services.common.errors import Refused, refuse_if
from services.common.pii import mask_phone
from services.common.unit_of_work import UnitOfWork

FIELD = "phone_code"


@dataclass(frozen=True)
class CodeToSend:
    phone: str
    code: str


def code_key(tools: Tools) -> bytes:
    """Keys the codes' and phones' hashes: derived one-way from the key only accounts holds
    (ACCOUNTS_KEY_SEAL_KEY), apart from the reset codes' key."""
    return hmac.new(tools.key_seal_key, b"accounts.phone_codes", hashlib.sha256).digest()


def request_code(uow: UnitOfWork, tools: Tools, rules: PhoneCodePolicy, unit_id: str,
                 phone_text: str, *, address: str, source: str,
                 now: datetime) -> CodeToSend | None:
    """A code for the phone, or None when a rate limit is used up (answered alike). A
    malformed phone or an unknown unit is refused (400): they tell nobody anything about
    a person."""
    session = uow.session
    problems: list[tuple[str, str]] = []
    if not applications.unit_known(session, unit_id):
        problems.append(("unit_id", f"unknown unit {unit_id} (accounts knows the units "
                                    "dispatch announced)"))
    phone = ""
    try:
        phone = normalise_mobile(phone_text)
    except LoginInvalid as exc:
        problems.append(("phone", str(exc)))
    refuse_if(problems)
    key, since, at = code_key(tools), now - timedelta(seconds=rules.window_s), now.timestamp()
    waits = [w for w in (
        retry_after(phone_codes.sent_times(session, since=since, key=key, phone=phone),
                    rules.per_phone, rules.window_s, at),
        retry_after(phone_codes.sent_times(session, since=since, address=address),
                    rules.per_address, rules.window_s, at)) if w is not None]
    if waits:
        audit.record(session, "phone_code_throttled", account_id=None, actor=audit.SYSTEM,
                     source=source, unit_id=unit_id, phone_masked=mask_phone(phone))
        return None
    code = new_code()
    row = phone_codes.open_code(session, key, phone, code, address, now)
    audit.record(session, "phone_code_sent", account_id=None, actor=audit.SYSTEM,
                 source=source, unit_id=unit_id, phone_masked=mask_phone(phone),
                 code_id=row.id)
    return CodeToSend(phone, code)


def use_code(session: Session, tools: Tools, rules: PhoneCodePolicy, phone: str, code: str,
             *, source: str, now: datetime) -> Refused | None:
    """None: the code was the phone's newest, usable, and is now used. Else the refusal
    naming `phone_code`, to be raised once the try it spent has committed."""
    key = code_key(tools)
    row = phone_codes.newest_open(session, key, phone)
    state = CodeState(row.created_at.timestamp(), row.attempts, False) if row else None
    if row is None or not usable(rules, state, now.timestamp()):
        audit.record(session, "phone_code_failed", account_id=None, actor=audit.SYSTEM,
                     source=source, phone_masked=mask_phone(phone), reason="no usable code")
        return Refused([(FIELD, INVALID_PHONE_CODE)])
    if not phone_codes.matches(key, row, code):
        row.attempts += 1
        if row.attempts >= rules.max_attempts:
            row.closed_at, row.closed_reason = now, "exhausted"
        audit.record(session, "phone_code_failed", account_id=None, actor=audit.SYSTEM,
                     source=source, phone_masked=mask_phone(phone), reason="wrong code",
                     attempts=row.attempts, code_id=row.id)
        return Refused([(FIELD, INVALID_PHONE_CODE)])
    row.closed_at, row.closed_reason = now, "used"
    return None
