"""Visits' own tables (入户走访). Nobody else reads them (docs/architecture.md rule 1).

Areas, buildings, households and residents are visits' copy of the registry, and shifts
with their volunteers a copy of dispatch, both kept from events (never read from the
other services' databases). Campaigns, tasks, visits, discrepancies, corrections, hazards
and requests are visits' own.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.messaging_tables import messaging_tables
from services.common.models import Timestamps, service_metadata
from services.visits.domain.shifts import (  # noqa: F401 (read from here by the adapters)
    ASSIGNED,
    CANCELLED,
    DOOR_TO_DOOR,
    SCHEDULED,
    UNASSIGNED,
)

SERVICE = "visits"

# campaign statuses
ACTIVE, ENDED = "active", "ended"
# task statuses
OPEN, DONE, RELEASED = "open", "done", "released"
# correction states
PROPOSED, APPLIED, REJECTED = "proposed", "applied", "rejected"


class Base(DeclarativeBase):
    metadata = service_metadata()


MESSAGING = messaging_tables(Base.metadata)


# -- the registry's areas, buildings, households and residents (copy) ------------------------
class Area(Base):
    """Any level of the area tree; ``path`` runs from the city down to this area, so a
    campaign named by community finds its grids and an overdue request its next level up."""

    __tablename__ = "areas"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    area_id: Mapped[int] = mapped_column(BigInteger)
    level: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    parent_code: Mapped[str | None] = mapped_column(String(64))
    path: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    version: Mapped[int] = mapped_column(Integer)
    __table_args__ = (Index("ix_areas_path", "path", postgresql_using="gin"),)


class Building(Base):
    __tablename__ = "buildings"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    building_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    grid_code: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)


class Household(Base):
    """A household as the registry last described it. Bulk imports announce households
    without an address or version: such a row holds version 0, so the next
    household_registered/updated replaces it."""

    __tablename__ = "households"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    household_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    grid_code: Mapped[str] = mapped_column(String(64), index=True)
    building_code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer)


class Resident(Base):
    """Only what visits needs of a resident: where they are registered (head-counts, and
    which residents a correction may name) and what a volunteer's task list shows at the
    door: the name masked as the registry publishes it (李*明) and the tags (elderly
    living alone, disabled…). No name in clear, no ID number, no phone."""

    __tablename__ = "residents"
    resident_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # null once moved out of the area; registry ids, no foreign key (events are not ordered)
    household_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    version: Mapped[int] = mapped_column(Integer)
    # null until an event that carries them (rows from before the field app, a resident
    # known so far only from resident_moved or from an import of an older registry)
    name_masked: Mapped[str | None] = mapped_column(String(100))
    tags: Mapped[list[str] | None] = mapped_column(ARRAY(Text))


# -- dispatch's door-to-door shifts and their volunteers (copy) -------------------------------
class Shift(Base):
    """A dispatch shift. A volunteer_assigned may arrive before its shift_scheduled: the
    row is then created from the shift reference with ``task_kinds`` still unknown (null)
    and version 0."""

    __tablename__ = "shifts"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[str] = mapped_column(String(64))
    community_code: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    half: Mapped[str] = mapped_column(String(4))
    place_code: Mapped[str] = mapped_column(String(64))
    task_kinds: Mapped[list[str] | None] = mapped_column(ARRAY(String(32)))
    head_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    # when its unvisited tasks were handed back because the shift was over
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_shifts_place_code_day", "place_code", "day"),)


class ShiftVolunteer(Base):
    __tablename__ = "shift_volunteers"
    shift_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    volunteer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    replaces: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(32))
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # a visit made before this moment still counts as made on the shift
    unassigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# -- campaigns -------------------------------------------------------------------------------
class Questionnaire(Base):
    """One version of a questionnaire, as given. Never changed once stored: visits are
    validated against the version their campaign uses, whatever came after."""

    __tablename__ = "questionnaires"
    questionnaire_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[dict] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class Campaign(Timestamps, Base):
    __tablename__ = "campaigns"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    area_codes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    grid_codes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    max_attempts: Mapped[int] = mapped_column(SmallInteger)
    # most households one volunteer gets per shift; null: an even split of all
    per_volunteer: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    ended_on: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (Index("ix_campaigns_grid_codes", "grid_codes", postgresql_using="gin"),)


class CampaignHousehold(Base):
    """A household in a campaign: exactly one state at any time (the issue's rule)."""

    __tablename__ = "campaign_households"
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    household_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    grid_code: Mapped[str] = mapped_column(String(64))
    building_code: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    shift_key: Mapped[str | None] = mapped_column(String(200))
    volunteer_id: Mapped[str | None] = mapped_column(String(64))
    # what a released task goes back to, and what a late visit is compared with
    last_outcome: Mapped[str | None] = mapped_column(String(16))
    last_visit_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reached_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_campaign_households_campaign_id_grid_code_state",
                            "campaign_id", "grid_code", "state"),)


class ShiftPlan(Base):
    """A shift's households were split among its volunteers for a campaign (once)."""

    __tablename__ = "shift_plans"
    shift_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    planned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    households: Mapped[int] = mapped_column(Integer)


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"))
    shift_key: Mapped[str] = mapped_column(String(200))
    volunteer_id: Mapped[str] = mapped_column(String(64))
    household_code: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    close_reason: Mapped[str | None] = mapped_column(String(32))
    visit_id: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (
        # a household is on at most one open task per campaign
        Index("uq_tasks_open_household", "campaign_id", "household_code", unique=True,
              postgresql_where=text("status = 'open'")),
        Index("ix_tasks_shift_key_volunteer_id", "shift_key", "volunteer_id"),
        # whose task holds a household: a volunteer's capture is checked by it
        Index("ix_tasks_household_code", "household_code"),
    )


# -- visits and what they find ---------------------------------------------------------------
class Visit(Base):
    __tablename__ = "visits"
    visit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"))
    household_code: Mapped[str] = mapped_column(String(64))
    grid_code: Mapped[str] = mapped_column(String(64))
    visitor_id: Mapped[str] = mapped_column(String(64))
    shift_key: Mapped[str | None] = mapped_column(String(200))
    visited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the local day it happened (WANGGE_TZ), not the day it arrived
    day: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    attempt: Mapped[int] = mapped_column(SmallInteger)
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict] = mapped_column(JSONB)
    people_found: Mapped[int | None] = mapped_column(SmallInteger)
    people_registered: Mapped[int] = mapped_column(SmallInteger)
    # keyed hash of what was submitted: the same id sent again with other content is a
    # conflict, not a duplicate (the submission may hold an ID number: hence keyed)
    fingerprint: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(120))
    # the account that captured it (a person's or an integrator's service account); null
    # for a phone's visit that came through the broker, and for visits before issue 13
    recorded_by: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                  server_default=func.now())
    __table_args__ = (
        Index("ix_visits_campaign_id_household_code", "campaign_id", "household_code"),
        Index("ix_visits_day_grid_code", "day", "grid_code"),
    )


class Discrepancy(Base):
    __tablename__ = "discrepancies"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"))
    household_code: Mapped[str] = mapped_column(String(64))
    grid_code: Mapped[str] = mapped_column(String(64), index=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.visit_id"))
    people_found: Mapped[int] = mapped_column(SmallInteger)
    people_registered: Mapped[int] = mapped_column(SmallInteger)
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    resolution: Mapped[str | None] = mapped_column(String(16))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_discrepancies_campaign_id_household_code",
                            "campaign_id", "household_code"),)


class Correction(Base):
    """A change to the registry proposed by a visit. A new resident's name and ID number
    are kept only sealed (for the registry) plus hash and masks: never in clear."""

    __tablename__ = "corrections"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.visit_id"), index=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"))
    household_code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    resident_id: Mapped[int | None] = mapped_column(BigInteger)
    id_hash: Mapped[str | None] = mapped_column(String(64))
    id_masked: Mapped[str | None] = mapped_column(String(32))
    name_masked: Mapped[str | None] = mapped_column(String(100))
    sealed: Mapped[str | None] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(8))
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)
    tags_add: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    tags_remove: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    status_changes: Mapped[dict] = mapped_column(JSONB)
    moved_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    applied_resident_id: Mapped[int | None] = mapped_column(BigInteger)
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Hazard(Base):
    __tablename__ = "hazards"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.visit_id"), index=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"))
    household_code: Mapped[str] = mapped_column(String(64))
    grid_code: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(8))
    # the visitor's words stay here: never in an event (they can hold anything)
    note: Mapped[str | None] = mapped_column(Text)
    day: Mapped[date] = mapped_column(Date)
    found_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- residents' requests (困难诉求) -------------------------------------------------------------
class Request(Base):
    __tablename__ = "requests"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    grid_code: Mapped[str] = mapped_column(String(64), index=True)
    household_code: Mapped[str | None] = mapped_column(String(64))
    campaign_id: Mapped[str | None] = mapped_column(String(64))
    visit_id: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(32))
    urgency: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    # as typed (a department's name); assigned_to is the code of the unit or department
    # (a request handler's grant names it): who may see and act on the request
    assignee: Mapped[str | None] = mapped_column(String(100))
    assigned_to: Mapped[str | None] = mapped_column(String(64), index=True)
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(16))
    escalation_level: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    escalated_to: Mapped[str | None] = mapped_column(String(64))
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # a request handler took it on (the field app's "accept"): when and which account;
    # null again once it is transferred (转办) to another unit or department
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by: Mapped[str | None] = mapped_column(String(64))
    # when the overdue sweep next has work on it: the due time, then one service-level
    # period per level; null once escalated to the top of the area tree
    next_escalation_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __table_args__ = (Index("ix_requests_status_next_escalation_at", "status",
                            "next_escalation_at"),)


class RequestHistory(Base):
    """Every step of a request, with who moved it (`actor`, an account id; null for the
    overdue sweep's escalations and for steps before issue 13) and the note: the trail
    转办 needs."""

    __tablename__ = "request_history"
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    assignee: Mapped[str | None] = mapped_column(String(100))
    assigned_to: Mapped[str | None] = mapped_column(String(64))
    actor: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[int | None] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(Text)
