"""Dispatch's own tables (下沉/双报到). Nobody else reads them (docs/architecture.md rule 1).

Communities and grids are dispatch's copy of the registry's areas, kept from registry
events (never read from the registry's database). Sites (checkpoints, testing
sites), units, volunteers, pairings, shifts, bookings and attendance are dispatch's own.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.audit import audit_table
from services.common.messaging_tables import messaging_tables
from services.common.models import Timestamps, service_metadata

SERVICE = "dispatch"

# booking statuses: only 'assigned' bookings are on a shift; the others are kept as history
ASSIGNED, RELEASED, DECLINED, CANCELLED = "assigned", "released", "declined", "cancelled"
# shift and pairing statuses
SCHEDULED, ACTIVE = "scheduled", "active"


# two version-4 UUIDs without their dashes: 32 bytes, 244 of them random
CHECKIN_SECRET = text("decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, "
                      "'-', ''), 'hex')")


class Base(DeclarativeBase):
    metadata = service_metadata()


MESSAGING = messaging_tables(Base.metadata)
# who read a volunteer's or a coordinator's name or phone in clear (services/common/audit.py)
AUDIT = audit_table(Base.metadata)


class Community(Base):
    """A community (社区/村) as the registry last described it."""

    __tablename__ = "communities"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    area_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    parent_code: Mapped[str | None] = mapped_column(String(64))
    # area codes from the city down to this community, as the registry's event said: what
    # access checks match a token's area against. Null for a row kept before paths were
    # (nobody's scope until the registry sends the area again).
    # postgresql's ARRAY: its `@>` is what access.array_in_subtree asks
    path: Mapped[list[str] | None] = mapped_column(postgresql.ARRAY(String(64)))
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(), onupdate=func.now())
    # lists narrowed to a token's area ask `path @> {code}`
    __table_args__ = (Index("ix_communities_path", "path", postgresql_using="gin"),)


class Grid(Base):
    """A grid (网格) of a community, as the registry last described it."""

    __tablename__ = "grids"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    area_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    # no foreign key: a grid may arrive before its community (events are not ordered)
    community_code: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[list[str] | None] = mapped_column(postgresql.ARRAY(String(64)))  # as above
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(), onupdate=func.now())
    __table_args__ = (Index("ix_grids_path", "path", postgresql_using="gin"),)


class Site(Timestamps, Base):
    """A place that is not a grid: a checkpoint (卡口), a testing site (核酸采样点), ….

    Dispatch's own (the registry knows only areas): an order names it in ``places`` and
    its shifts are at that site. Codes share the namespace of grid codes, since both are
    place codes in orders and shift keys, so a site never takes a grid's code.
    """

    __tablename__ = "sites"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    # no foreign key: communities are a copy kept from registry events (see Grid)
    community_code: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    # the account that registered it (null: before authors were kept)
    changed_by: Mapped[str | None] = mapped_column(String(200))


class Unit(Timestamps, Base):
    """An agency, enterprise or institution (单位) that sends people down."""

    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    coordinator_name: Mapped[str] = mapped_column(String(100))
    # kept only here; every output masks it (docs/architecture.md rule 9)
    coordinator_phone: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    # the area (a city, a district) whose organisation pairs the unit: its scope for
    # access (scopes.py), and where its pairings may be. Null only for a unit kept before
    # units had areas that migration 0004 could not place: nobody's but its coordinator's.
    area_code: Mapped[str | None] = mapped_column(String(64), index=True)
    # the account that registered or last changed it (null: before authors were kept);
    # each change's author is in its event (`actor`)
    changed_by: Mapped[str | None] = mapped_column(String(200))


class Volunteer(Timestamps, Base):
    """A member of a unit who can be dispatched (党员干部/志愿者)."""

    __tablename__ = "volunteers"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # kept only here; every output masks it
    phone: Mapped[str | None] = mapped_column(String(32))
    party_member: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    skills: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list,
                                              server_default="{}")
    # date.weekday() numbers, 0 = Monday
    weekdays: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger))
    halves: Mapped[list[str]] = mapped_column(ARRAY(String(2)))
    blackout: Mapped[list[date]] = mapped_column(ARRAY(Date), default=list, server_default="{}")
    weekly_limit: Mapped[int] = mapped_column(SmallInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    # the person's account in accounts, for a volunteer approved there (an id, issue 13):
    # their token's volunteer grant names this row's id. Not unique: one person may
    # volunteer for several units, a volunteer id (and grant) for each
    account_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # the account that created or last changed the row (null: an event without an author,
    # or a row from before authors were kept); each change's author is in its event
    changed_by: Mapped[str | None] = mapped_column(String(200))


class Pairing(Timestamps, Base):
    """A unit paired with a community for a period (结对), from a pairing order."""

    __tablename__ = "pairings"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    community_code: Mapped[str] = mapped_column(String(64), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    batches: Mapped[int | None] = mapped_column(Integer)
    slot_kind: Mapped[str] = mapped_column(String(16))
    head_count: Mapped[int] = mapped_column(Integer)
    head_count_per_place: Mapped[bool] = mapped_column(Boolean)
    task_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    places: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list,
                                              server_default="{}")
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE, server_default=ACTIVE)
    cause: Mapped[str] = mapped_column(String(120))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OrderChange(Base):
    """One step in an order's history: placed, amended or cancelled, by whom (an account
    id; null for an event from another system, whose id is in `cause`) and what it changed.
    Kept for ever, never edited (GET /orders/<id>/history)."""

    __tablename__ = "order_history"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("pairings.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(String(200))
    cause: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    # the terms that changed: {field: [before, after]} (an order holds no personal data)
    fields: Mapped[dict] = mapped_column(postgresql.JSONB, default=dict, server_default="{}")


class Shift(Base):
    """One batch (批次/班次): a slot, a place, the order's task kinds, a head-count."""

    __tablename__ = "shifts"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    pairing_id: Mapped[str] = mapped_column(ForeignKey("pairings.id"), index=True)
    unit_id: Mapped[str] = mapped_column(String(64))
    community_code: Mapped[str] = mapped_column(String(64), index=True)
    day: Mapped[date] = mapped_column(Date)
    half: Mapped[str] = mapped_column(String(3))
    place_code: Mapped[str] = mapped_column(String(64))
    task_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    head_count: Mapped[int] = mapped_column(Integer)
    # people still missing (understaffed when > 0)
    missing: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(16), default=SCHEDULED, server_default=SCHEDULED)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # the secret its check-in codes are made from (domain/checkin_codes.py): 32 random
    # bytes drawn by PostgreSQL (gen_random_uuid uses its strong random source) for every
    # shift however it is written (orders write shifts in one statement). Never answered,
    # never logged, never in an event.
    checkin_secret: Mapped[bytes] = mapped_column(LargeBinary, server_default=CHECKIN_SECRET)
    __table_args__ = (Index("ix_shifts_unit_day", "unit_id", "day"),
                      # a grid's shifts by day (GET /grids/<code>/shifts)
                      Index("ix_shifts_place_day", "place_code", "day"))


class Booking(Base):
    """A volunteer put on a shift. Only status 'assigned' counts; released, declined and
    cancelled bookings stay as history (and 'declined' people are not asked again)."""

    __tablename__ = "bookings"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    shift_key: Mapped[str] = mapped_column(ForeignKey("shifts.key"))
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteers.id"))
    day: Mapped[date] = mapped_column(Date)
    half: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    # set when volunteer_no_show was published: once per booking
    no_show_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the account whose request last set the status (a decline, replacement or swap);
    # null when dispatch's own staffing did (an order, a refill, a withdrawal)
    changed_by: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (
        UniqueConstraint("shift_key", "volunteer_id"),
        Index("ix_bookings_volunteer_day", "volunteer_id", "day"),
        # what the no-show sweep scans: bookings still waiting for a check-in or a verdict
        Index("ix_bookings_no_show_pending", "day",
              postgresql_where=text("status = 'assigned' and no_show_at is null")),
    )


class Attendance(Base):
    """Check-in and check-out of one volunteer on one shift, however often they scanned."""

    __tablename__ = "attendance"
    shift_key: Mapped[str] = mapped_column(ForeignKey("shifts.key"), primary_key=True)
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteers.id"), primary_key=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_out_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    booked: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(200))
    # what made them present: scan, visit (one they recorded on the shift) or correction
    basis: Mapped[str] = mapped_column(String(16), default="scan", server_default="scan")
    # the account that recorded the check-in over HTTP (the volunteer themself, their
    # coordinator, a grid worker, an integrator's service account); null for a scan from
    # an event or a visit
    recorded_by: Mapped[str | None] = mapped_column(String(200))


class AttendanceCorrection(Base):
    """A check-in recorded after the fact by someone entitled to (docs/shifts.md): who,
    when, why and what it changed. Kept for ever, never edited: the audit trail."""

    __tablename__ = "attendance_corrections"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    shift_key: Mapped[str] = mapped_column(ForeignKey("shifts.key"))
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteers.id"))
    checked_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    checked_out_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # identifiers in it are masked before it is stored
    reason: Mapped[str] = mapped_column(String(500))
    # a no-show had been recorded (and published) for this booking
    was_no_show: Mapped[bool] = mapped_column(Boolean)
    corrected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the token that made it, as access_audit keeps it
    subject: Mapped[str] = mapped_column(String(200))
    # the roles the admitting grants hold, joined by '+' (auth.Principal.role)
    role: Mapped[str] = mapped_column(String(200))
    token_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(300))
    __table_args__ = (UniqueConstraint("shift_key", "volunteer_id"),)


class GridLead(Base):
    """A grid worker (网格员) of a grid, as accounts' `accounts.grant_changed` said: who
    leads the shifts at that grid (each shift answer's `leads`). One row per grant; a
    revoked grant is kept as revoked, so a `given` that arrives after its `revoked` (events
    are not ordered) does not bring it back. A grant id is never given again."""

    __tablename__ = "grid_leads"
    grant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64))
    # the grant's area: a grid code (a grid worker's grant names their grid)
    area_code: Mapped[str] = mapped_column(String(64), index=True)
    # masked by accounts: dispatch never sees the clear name
    name_masked: Mapped[str] = mapped_column(String(100))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(), onupdate=func.now())


class WrongCheckinCode(Base):
    """A wrong check-in code an account typed (when, never what): past
    domain/checkin_codes.MAX_WRONG_CODES in its window the account is refused codes for a
    while, so nobody finds a code by trying them all. Rows older than the window are
    deleted as the account's next ones are written."""

    __tablename__ = "wrong_checkin_codes"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    account_id: Mapped[str] = mapped_column(String(200))
    typed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_wrong_checkin_codes_account_at", "account_id", "typed_at"),)
