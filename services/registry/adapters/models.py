"""The registry's own tables (人口底数). Nobody else reads them (docs/architecture.md rule 1)."""

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
    SmallInteger,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.audit import audit_table
from services.common.messaging_tables import messaging_tables
from services.common.models import Timestamps, service_metadata

SERVICE = "registry"


class Base(DeclarativeBase):
    metadata = service_metadata()


MESSAGING = messaging_tables(Base.metadata)
# who read residents' names or phones in clear (services/common/audit.py)
AUDIT = audit_table(Base.metadata)


class Area(Timestamps, Base):
    """city → district → street → community → grid, one tree."""

    __tablename__ = "areas"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    # codes from the city down, '/'-joined: subtree queries are a prefix match
    path: Mapped[str] = mapped_column(Text, index=True)
    leader_name: Mapped[str | None] = mapped_column(String(100))
    __table_args__ = (Index("ix_areas_path_prefix", "path", postgresql_ops={"path":
                                                                          "text_pattern_ops"}),)


class Building(Timestamps, Base):
    __tablename__ = "buildings"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    grid_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)


class Household(Timestamps, Base):
    __tablename__ = "households"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(300))
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"), index=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)


class Resident(Timestamps, Base):
    __tablename__ = "residents"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    id_masked: Mapped[str] = mapped_column(String(32))
    # kept only here; every output masks it (docs/architecture.md rule 9)
    phone: Mapped[str | None] = mapped_column(String(32))
    gender: Mapped[str | None] = mapped_column(String(8))
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list,
                                            server_default="{}")
    registration_code_applied: Mapped[bool] = mapped_column(Boolean, default=False,
                                                            server_default="false")
    vaccination: Mapped[str] = mapped_column(String(16), default="none",
                                             server_default="none")
    latest_test_date: Mapped[date | None] = mapped_column(Date)
    latest_test_result: Mapped[str | None] = mapped_column(String(16))
    recent_travel: Mapped[str | None] = mapped_column(String(200))
    returned_on: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        Index("ix_residents_tags", "tags", postgresql_using="gin"),
    )


class ResidentMove(Base):
    """Readable history of where a resident lived; never updated, only appended."""

    __tablename__ = "resident_moves"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    from_household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    to_household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    moved_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))
    # api, import:<id>, event:<id>, visit:<visit id>: ids come from other systems and
    # clients, so no length is assumed here (a too-long cause must not fail a change)
    cause: Mapped[str] = mapped_column(Text)
    # the account (a person or a service account: the token's subject) that made it over
    # HTTP; null for imports, inbound events and visits' corrections, which `cause` names
    actor: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                  server_default=func.now())


class ResidentChange(Base):
    """What changed about a resident, why (api, import:<id>, event:<id>, visit:<visit
    id>) and, over HTTP, which account changed it (`actor`)."""

    __tablename__ = "resident_changes"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    # api, import:<id>, event:<id>, visit:<visit id>: ids come from other systems and
    # clients, so no length is assumed here (a too-long cause must not fail a change)
    cause: Mapped[str] = mapped_column(Text)
    # the account (a person or a service account: the token's subject) that made it over
    # HTTP; null for imports, inbound events and visits' corrections, which `cause` names
    actor: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[dict] = mapped_column(JSONB)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                  server_default=func.now())


class PlaceChange(Base):
    """Who registered or changed an area, a building or a household over HTTP, and the
    fields it set (issue 13: every write names its author). Never updated, only appended;
    imports are recorded as their run (`imports`), not here."""

    __tablename__ = "place_changes"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # area, building, household
    code: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str | None] = mapped_column(Text)
    cause: Mapped[str] = mapped_column(Text)
    # {"registered": true} or {field: new value}, masked like the answers
    changes: Mapped[dict] = mapped_column(JSONB)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                  server_default=func.now())
    __table_args__ = (Index("ix_place_changes_kind_code", "kind", "code"),)


class ImportRun(Base):
    __tablename__ = "imports"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    households_created: Mapped[int] = mapped_column(Integer, default=0)
    residents_created: Mapped[int] = mapped_column(Integer, default=0)
    residents_moved: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ImportError_(Base):
    """One row of an import's error report: row, column and reason."""

    __tablename__ = "import_errors"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    import_id: Mapped[str] = mapped_column(ForeignKey("imports.id"), index=True)
    row: Mapped[int] = mapped_column(Integer)
    column: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
