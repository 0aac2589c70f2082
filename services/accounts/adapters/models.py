"""Accounts' own tables. Nobody else reads them (docs/architecture.md rule 1): other
services learn who is calling from the access tokens accounts signs.

Logins (mobile numbers) are personal data and stay here; everything leaving the service
names a person by their account id. Passwords are kept only as argon2id hashes, refresh
tokens and one-time codes only as SHA-256 hashes (they are long random strings), and the
signing keys' private halves only sealed (services/common/seal.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.messaging_tables import messaging_tables
from services.common.models import service_metadata

SERVICE = "accounts"


class Base(DeclarativeBase):
    metadata = service_metadata()


MESSAGING = messaging_tables(Base.metadata)


class Person(Base):
    """A person or a service account (`kind`). `login` is the normal form
    (domain/logins.py): a mobile number, or a service account's user name."""

    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(200))
    login: Mapped[str] = mapped_column(String(100), unique=True)
    # null until an invitation is accepted
    password_hash: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    updated_by: Mapped[str] = mapped_column(String(64))
    last_signed_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    # the person's id at an external identity platform (ACCOUNTS_OIDC_MATCH=external_id)
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)


class GrantRow(Base):
    """A role and its scope held by a person; revoked grants are kept with who revoked
    them and when."""

    __tablename__ = "grants"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    area: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(64))
    volunteer: Mapped[str | None] = mapped_column(String(64))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    granted_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (
        # one live grant per role and scope
        Index("uq_grants_live", "person_id", "role", text("coalesce(area, '')"),
              text("coalesce(unit, '')"), unique=True,
              postgresql_where=text("revoked_at is null")),
        Index("ix_grants_area", "area"),
        Index("ix_grants_unit", "unit"),
    )


class SessionRow(Base):
    """A signed-in session: its refresh tokens rotate, the session stays; revoked by
    sign-out, by a refresh token presented twice (reuse), or by a password change."""

    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(300))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str | None] = mapped_column(String(32))


class RefreshToken(Base):
    """One refresh token of a session, by its hash. `replaced_at` set: it was used and
    a new one issued; presenting it again revokes the session."""

    __tablename__ = "refresh_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Invitation(Base):
    """A one-time code with an expiry with which an invited person sets their password."""

    __tablename__ = "invitations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SigningKey(Base):
    """An Ed25519 key pair. The newest without `retires_at` signs; a retired one is
    published until the tokens it signed have expired."""

    __tablename__ = "signing_keys"
    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    public_key: Mapped[str] = mapped_column(String(100))      # raw, urlsafe base64
    sealed_private_key: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))


class AccountAudit(Base):
    """Every sign-in, failure, lock, unlock, password change and grant change: who
    (`account_id`, the person concerned; `actor`, the account acting or `system`), from
    where, and a detail without secrets (a login only masked)."""

    __tablename__ = "account_audit"
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    account_id: Mapped[str | None] = mapped_column(String(36), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(300))
    detail: Mapped[dict] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))


class SignInFailure(Base):
    """A failed sign-in, for the sliding windows of domain/throttle.py. The login is kept
    as a keyed hash: it may be a stranger's phone number typed by mistake."""

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    login_key: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(100))
    __table_args__ = (Index("ix_sign_in_failures_login", "login_key", "at"),
                      Index("ix_sign_in_failures_address", "address", "at"))


class Area(Base):
    """Accounts' copy of the registry's areas (events): what grant rules match scopes
    against. Replaced only by a higher version."""

    __tablename__ = "areas"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(64))
    # PostgreSQL's ARRAY: subtree queries use its overlap (&&)
    path: Mapped[list[str]] = mapped_column(postgresql.ARRAY(String(64)))
    version: Mapped[int] = mapped_column(Integer)


class Unit(Base):
    """Accounts' copy of dispatch's units: the area that pairs each (null until dispatch
    says it)."""

    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    area_code: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(server_default=text("true"))
    version: Mapped[int] = mapped_column(Integer)


class Volunteer(Base):
    """Accounts' copy of dispatch's volunteers: which unit each belongs to."""

    __tablename__ = "volunteers"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(server_default=text("true"))
    version: Mapped[int] = mapped_column(Integer)


class VolunteerApplication(Base):
    """A sign-up for a unit (domain/applications.py). The phone, in normal form, is the
    login the approved account gets; the password only as its argon2id hash, dropped
    once the application is decided. `volunteer_id` is what dispatch will know them by."""

    __tablename__ = "volunteer_applications"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(64))
    volunteer_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    party_member: Mapped[bool]
    skills: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    weekdays: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    halves: Mapped[list[str]] = mapped_column(ARRAY(String(8)))
    note: Mapped[str | None] = mapped_column(Text)      # identifiers masked
    status: Mapped[str] = mapped_column(String(16))
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    address: Mapped[str] = mapped_column(String(100))   # the client's, for the rate limit
    source: Mapped[str] = mapped_column(String(300))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    person_id: Mapped[str | None] = mapped_column(String(36))
    # set when a rejected application's personal data were replaced by masks (retention:
    # use_cases/housekeeping.py); name and phone then hold the masks
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        # one pending application per phone and unit
        Index("uq_volunteer_applications_pending", "unit_id", "phone", unique=True,
              postgresql_where=text("status = 'pending'")),
        Index("ix_volunteer_applications_unit", "unit_id", "status", "applied_at"),
        Index("ix_volunteer_applications_address", "address", "applied_at"),
        Index("ix_volunteer_applications_phone", "phone", "applied_at"),
    )


class PasswordReset(Base):
    """A one-time code to set a new password (domain/reset_codes.py), kept as a keyed
    hash. Closed when used, replaced by a newer one, or tried too often."""

    __tablename__ = "password_resets"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_reason: Mapped[str | None] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(100))
    __table_args__ = (Index("ix_password_resets_address", "address", "created_at"),)


class PhoneCode(Base):
    """A one-time code proving the phone of a volunteer sign-up (domain/phone_codes.py).
    The phone only as a keyed hash (codes are asked for numbers that may never apply), the
    code only as a keyed hash. Closed when used, replaced or tried too often; pruned once
    neither its life nor the rate limits' window counts it."""

    __tablename__ = "phone_codes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    phone_hash: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_reason: Mapped[str | None] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(100))
    __table_args__ = (Index("ix_phone_codes_phone", "phone_hash", "created_at"),
                      Index("ix_phone_codes_address", "address", "created_at"))
