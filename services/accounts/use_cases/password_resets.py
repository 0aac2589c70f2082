"""Password reset by a one-time code (domain/reset_codes.py), one transaction each.

Asking for a code answers the same whatever the login: the use case returns the code to
send (the entrypoint hands it to the sender once the transaction has committed) or
nothing. Confirming checks the new password against the policy first (no try spent on a
password that would be refused), then the code: a wrong one spends a try, and that try
commits though the answer is an error, so the use case returns its refusal rather than
raising it. A right one sets the password, ends every session of the person (whoever
had the old password is out) and closes the code; each step leaves an audit row."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.accounts.adapters import audit, password_resets, people
from services.accounts.adapters.models import Person
from services.accounts.domain.logins import normalise_login
from services.accounts.domain.passwords import password_problems
from services.accounts.domain.reset_codes import (
    INVALID_CODE,
    CodeState,
    ResetPolicy,
    may_reset,
    new_code,
    sends_another,
    usable,
)
from services.accounts.use_cases.context import Tools
from services.accounts.use_cases.sessions import masked_login
from services.common.errors import Refused, refuse_if
from services.common.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class CodeToSend:
    login: str
    code: str


def code_key(tools: Tools) -> bytes:
    """Keys the codes' hashes; derived from the seal key, one-way (no secret of its own)."""
    return hmac.new(tools.key_seal_key, b"accounts.password_resets.code",
                    hashlib.sha256).digest()


def _resettable(person: Person | None) -> bool:
    return person is not None and may_reset(person.kind, person.status,
                                            person.password_hash is not None)


def request_reset(uow: UnitOfWork, tools: Tools, rules: ResetPolicy, login_text: str, *,
                  address: str, source: str, now: datetime) -> CodeToSend | None:
    session = uow.session
    login = normalise_login(login_text)
    person = people.by_login(session, login, lock=True) if login else None
    if not _resettable(person):
        audit.record(session, "password_reset_refused", account_id=person.id if person
                     else None, actor=audit.SYSTEM, source=source,
                     login_masked=masked_login(login),
                     status=person.status if person else None)
        return None
    since = now - timedelta(seconds=rules.window_s)
    if not sends_another(rules, password_resets.sent_since(session, person.id, since)):
        audit.record(session, "password_reset_throttled", account_id=person.id,
                     actor=audit.SYSTEM, source=source)
        return None
    code = new_code()
    row = password_resets.open_code(session, person.id, code_key(tools), code, address, now)
    audit.record(session, "password_reset_requested", account_id=person.id,
                 actor=audit.SYSTEM, source=source, reset_id=row.id)
    return CodeToSend(person.login, code)


def confirm_reset(uow: UnitOfWork, tools: Tools, rules: ResetPolicy, login_text: str,
                  code: str, new_password: str, *, source: str,
                  now: datetime) -> Refused | None:
    """None: the password is set. A Refused (400 naming `code`) is returned, not raised,
    so the try it spent commits; one naming `new_password` is raised (nothing spent)."""
    session = uow.session
    login = normalise_login(login_text)
    refuse_if([("new_password", p) for p in password_problems(new_password, login)])
    person = people.by_login(session, login, lock=True) if login else None
    row = password_resets.newest_open(session, person.id) if _resettable(person) else None
    state = CodeState(row.created_at.timestamp(), row.attempts, False) if row else None
    if row is None or not usable(rules, state, now.timestamp()):
        audit.record(session, "password_reset_failed", account_id=person.id if person
                     else None, actor=audit.SYSTEM, source=source,
                     login_masked=masked_login(login), reason="no usable code")
        return Refused([("code", INVALID_CODE)])
    if not password_resets.matches(code_key(tools), row, code):
        row.attempts += 1
        if row.attempts >= rules.max_attempts:
            row.closed_at, row.closed_reason = now, "exhausted"
        audit.record(session, "password_reset_failed", account_id=person.id,
                     actor=audit.SYSTEM, source=source, reason="wrong code",
                     attempts=row.attempts)
        return Refused([("code", INVALID_CODE)])
    row.closed_at, row.closed_reason = now, "used"
    person.password_hash = tools.passwords.hash(new_password)
    person.password_changed_at = now
    people.touch(person, person.id, now)
    ended = people.revoke_sessions(session, person.id, now, "password_reset")
    audit.record(session, "password_reset", account_id=person.id, actor=person.id,
                 source=source, reset_id=row.id, sessions_ended=ended)
    return None
