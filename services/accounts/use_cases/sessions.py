"""Signing in, refreshing and signing out (issue 13, "Getting in").

A sign-in is refused with one text for a wrong login and a wrong password (no account
enumeration; an unknown login costs a decoy hash, as long as a real check). A locked or
disabled account is answered with its status whatever the password, which is not even
checked (the same decoy time), so guessing on after a lock learns nothing. Failures are
counted per login and per client address in sliding windows (429 past them, the password
not even checked) and lock the account after ACCOUNTS_LOCK_AFTER in a row
(domain/throttle.py). The failures, the lock and the refusal commit though the answer is
an error: a use case here returns its outcome rather than raising it.

A refresh token is good once: using it issues a new one; presenting a used one again means
it was copied, and the whole session is revoked (reuse detection)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.accounts.adapters import audit, people
from services.accounts.adapters.audit import SYSTEM
from services.accounts.adapters.minting import mint
from services.accounts.adapters.models import Person
from services.accounts.domain import throttle
from services.accounts.domain.grants import Grant
from services.accounts.domain.logins import normalise_login
from services.accounts.domain.statuses import ACTIVE, DISABLED, LOCKED
from services.accounts.domain.tokens import access_claims
from services.accounts.use_cases.context import Tools
from services.common.pii import mask_phone
from services.common.unit_of_work import UnitOfWork

WRONG = "login or password is wrong"
NOT_VALID = "refresh token is not valid"


@dataclass(frozen=True)
class SignedIn:
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    person: dict

    def answer(self) -> dict:
        return {"access_token": self.access_token, "token_type": "Bearer",
                "expires_in": self.expires_in, "refresh_token": self.refresh_token,
                "refresh_expires_in": self.refresh_expires_in, "person": self.person}


@dataclass(frozen=True)
class Refusal:
    status: int          # 401, 403 or 429
    message: str
    retry_after: int | None = None


def login_key(policy_key: bytes, login: str) -> str:
    return hmac.new(policy_key, login.encode(), hashlib.sha256).hexdigest()


def masked_login(login: str | None) -> str | None:
    return mask_phone(login) if login and login.isdigit() else login


def person_view(person: Person, grants: list[Grant]) -> dict:
    return {"id": person.id, "display_name": person.display_name, "kind": person.kind,
            "grants": [g.as_claim() for g in grants]}


def issue_access(tools: Tools, person: Person, grants: list[Grant], session_id: str,
                 now: datetime) -> str:
    kid, private = tools.keys.signing()
    claims = access_claims(person_id=person.id, kind=person.kind, session_id=session_id,
                           grants=grants, issuer=tools.policy.issuer,
                           now=int(now.timestamp()), ttl_s=tools.policy.access_ttl_s)
    return mint(claims, kid, private)


def _tokens(uow: UnitOfWork, tools: Tools, person: Person, session_id: str,
            now: datetime) -> SignedIn:
    grants = [g for _, g in people.live_grants(uow.session, person.id)]
    refresh = secrets.token_urlsafe(32)
    ttl = tools.policy.refresh_ttl_s
    people.add_refresh(uow.session, session_id, refresh, now, now + timedelta(seconds=ttl))
    return SignedIn(issue_access(tools, person, grants, session_id, now),
                    tools.policy.access_ttl_s, refresh, ttl, person_view(person, grants))


def start_session(uow: UnitOfWork, tools: Tools, person: Person, source: str,
                  now: datetime, how: str = "password") -> SignedIn:
    """A new session for a person already proven (password, invitation code, an external
    issuer's token: `how`), audited as a sign-in. The one way a session begins."""
    session_id = people.open_session(uow.session, person.id, source, now)
    person.last_signed_in_at = now
    audit.record(uow.session, "signed_in", account_id=person.id, actor=person.id,
                 source=source, session_id=session_id, how=how)
    return _tokens(uow, tools, person, session_id, now)


def sign_in(uow: UnitOfWork, tools: Tools, login_text: str, password: str, *, address: str,
            source: str, now: datetime) -> SignedIn | Refusal:
    session, policy = uow.session, tools.policy
    login = normalise_login(login_text)
    key = login_key(policy.login_key, login or login_text.strip().lower())
    since = now - timedelta(seconds=max(policy.throttle.window_s,
                                        policy.throttle.lock_window_s))
    wait = throttle.throttled(
        policy.throttle, people.failure_times(session, since=since, login_key=key),
        people.failure_times(session, since=since, address=address), now.timestamp())
    if wait is not None:
        audit.record(session, "sign_in_throttled", account_id=None, actor=SYSTEM,
                     source=source, login_masked=masked_login(login), retry_after=wait)
        return Refusal(429, "too many failed sign-ins: try again later", wait)
    person = people.by_login(session, login, lock=True) if login else None
    if person is not None and person.status in (LOCKED, DISABLED):
        # answered alike whatever the password, which is never checked (a decoy hash
        # spends the same time): a locked account is no oracle for guesses (review H2)
        tools.passwords.verify(None, password)
        audit.record(session, "sign_in_refused", account_id=person.id, actor=SYSTEM,
                     source=source, status=person.status)
        return Refusal(403, f"this account is {person.status}")
    if not tools.passwords.verify(person.password_hash if person else None, password):
        return _failed(uow, tools, person, key, login, address=address, source=source,
                       now=now)
    if person.status != ACTIVE:
        audit.record(session, "sign_in_refused", account_id=person.id, actor=person.id,
                     source=source, status=person.status)
        return Refusal(403, f"this account is {person.status}")
    if tools.passwords.needs_rehash(person.password_hash):
        person.password_hash = tools.passwords.hash(password)
    return start_session(uow, tools, person, source, now)


def _failed(uow: UnitOfWork, tools: Tools, person: Person | None, key: str,
            login: str | None, *, address: str, source: str, now: datetime) -> Refusal:
    session, policy = uow.session, tools.policy
    people.add_failure(session, key, address, now)
    audit.record(session, "sign_in_failed", account_id=person.id if person else None,
                 actor=person.id if person else SYSTEM, source=source,
                 login_masked=masked_login(login))
    if person is not None and person.status == ACTIVE:
        since = now - timedelta(seconds=policy.throttle.lock_window_s)
        last = person.last_signed_in_at.timestamp() if person.last_signed_in_at else None
        if throttle.locks(policy.throttle,
                          people.failure_times(session, since=since, login_key=key),
                          last, now.timestamp()):
            person.status = LOCKED
            people.touch(person, SYSTEM, now)
            people.revoke_sessions(session, person.id, now, "locked")
            audit.record(session, "locked", account_id=person.id, actor=SYSTEM,
                         source=source, reason="failed sign-ins",
                         failures=policy.throttle.lock_after)
    return Refusal(401, WRONG)


def refresh(uow: UnitOfWork, tools: Tools, token: str, *, source: str,
            now: datetime) -> SignedIn | Refusal:
    session = uow.session
    row = people.refresh_by_token(session, token)
    if row is None:
        return Refusal(401, NOT_VALID)
    owner = people.session_row(session, row.session_id, lock=True)
    if row.replaced_at is not None:
        if owner.revoked_at is None:
            owner.revoked_at, owner.revoked_reason = now, "refresh_reused"
            audit.record(session, "refresh_reused", account_id=owner.person_id,
                         actor=SYSTEM, source=source, session_id=owner.id)
        return Refusal(401, NOT_VALID)
    if owner.revoked_at is not None or row.expires_at <= now:
        return Refusal(401, NOT_VALID)
    person = people.by_id(session, owner.person_id)
    if person.status != ACTIVE:
        return Refusal(403, f"this account is {person.status}")
    row.replaced_at = now
    return _tokens(uow, tools, person, owner.id, now)


def revoke(uow: UnitOfWork, token: str, *, source: str, now: datetime) -> None:
    """Sign-out: the token's session ends (its access tokens live out their minutes).
    An unknown token is no error: the answer says nothing about it."""
    row = people.refresh_by_token(uow.session, token)
    if row is None:
        return
    owner = people.session_row(uow.session, row.session_id, lock=True)
    if owner.revoked_at is None:
        owner.revoked_at, owner.revoked_reason = now, "signed_out"
        audit.record(uow.session, "signed_out", account_id=owner.person_id,
                     actor=owner.person_id, source=source, session_id=owner.id)
