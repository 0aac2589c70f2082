"""Reporting's own tables: read models fed only by events (docs/architecture.md rule 1).

Three families:
- copies of what other services announced (areas, registry households and residents,
  campaigns, shifts, campaign households, requests, discrepancies, visits seen): the
  per-entity state each projection needs to turn the next event into a *difference*;
- `counters`: the figures themselves, one row per (area, campaign, dim, metric, local day),
  kept for the entity's area and every ancestor so a city reads as fast as a grid;
- reporting's own outputs and bookkeeping (daily reports, closed days, re-issues, dirty
  areas for coalesced coverage updates, overdue notices, rebuild runs). A rebuild
  truncates the first two families and keeps the third: what was published stays published,
  and a re-issue still pending (`report_reissues`) is made after the rebuild, from the
  rebuilt figures (the rebuild holds the projection lock the re-issue waits for).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Identity,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.messaging_tables import messaging_tables
from services.common.models import service_metadata

SERVICE = "reporting"


class Base(DeclarativeBase):
    metadata = service_metadata()


MESSAGING = messaging_tables(Base.metadata)


class Area(Base):
    """The area tree as the registry last described it; `path` is city/…/this code."""

    __tablename__ = "areas"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    parent_code: Mapped[str | None] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(String(600))
    version: Mapped[int] = mapped_column(Integer)


class RegistryHousehold(Base):
    __tablename__ = "registry_households"
    household_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    grid_code: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)


class RegistryResident(Base):
    __tablename__ = "registry_residents"
    resident_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    household_id: Mapped[int | None] = mapped_column(BigInteger)
    grid_code: Mapped[str | None] = mapped_column(String(64))
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    version: Mapped[int] = mapped_column(Integer)


class Unit(Base):
    """Dispatch's units as its unit events last described them: where each belongs
    (`area_code`, a city or district; null until dispatch names one), for the
    applications' figures and who may read them."""

    __tablename__ = "units"
    unit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    area_code: Mapped[str | None] = mapped_column(String(64), index=True)
    active: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)


class Application(Base):
    """One volunteer application (accounts' sign-up, issue 13): its unit, when it came
    and how it was decided. No name, no phone: accounts keeps them. Either event may
    come first; a row made by the decision alone has no `applied_at` yet."""

    __tablename__ = "applications"
    # accounts' id (a UUID today); its contract sets no length, so none is assumed here
    application_id: Mapped[str] = mapped_column(Text, primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(64), index=True)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    applied_day: Mapped[date | None] = mapped_column(Date)  # local day (WANGGE_TZ)
    outcome: Mapped[str | None] = mapped_column(String(16))  # null: pending
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_day: Mapped[date | None] = mapped_column(Date)


class Campaign(Base):
    __tablename__ = "campaigns"
    campaign_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    households: Mapped[int] = mapped_column(Integer)
    grid_codes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    ended_on: Mapped[date | None] = mapped_column(Date)


class CampaignGrid(Base):
    __tablename__ = "campaign_grids"
    grid_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class CampaignHousehold(Base):
    """A household's state in a campaign (versioned by visits) and its first reach."""

    __tablename__ = "campaign_households"
    campaign_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    household_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    grid_code: Mapped[str] = mapped_column(String(64))
    state: Mapped[str | None] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer)
    follow_up: Mapped[bool] = mapped_column(Boolean)
    # None until the first household_state_changed: its household_reached may come first
    version: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[date | None] = mapped_column(Date)
    reached_day: Mapped[date | None] = mapped_column(Date)
    people_found: Mapped[int | None] = mapped_column(Integer)
    people_registered: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (Index("ix_campaign_households_grid", "grid_code", "campaign_id"),)


class SeenVisit(Base):
    """Visit ids already counted: visits may announce one visit under two event ids."""

    __tablename__ = "seen_visits"
    visit_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class Discrepancy(Base):
    __tablename__ = "discrepancies"
    discrepancy_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(64))
    grid_code: Mapped[str] = mapped_column(String(64))
    opened_day: Mapped[date | None] = mapped_column(Date)
    closed_day: Mapped[date | None] = mapped_column(Date)


class Shift(Base):
    """A shift (班次) and who is on it; `volunteers` maps id → on/at/in/no_show."""

    __tablename__ = "shifts"
    shift_key: Mapped[str] = mapped_column(String(120), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[str] = mapped_column(String(64))
    community_code: Mapped[str] = mapped_column(String(64))
    place_code: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    half: Mapped[str] = mapped_column(String(8))
    task_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    head_count: Mapped[int] = mapped_column(Integer)
    cancelled: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    volunteers: Mapped[dict] = mapped_column(JSONB)


class Request(Base):
    """A resident's request (困难诉求); `area_path` lets medians be taken per area."""

    __tablename__ = "requests"
    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    grid_code: Mapped[str] = mapped_column(String(64))
    area_path: Mapped[str | None] = mapped_column(String(600))
    campaign_id: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(40))
    urgency: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    overdue_day: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        Index("ix_requests_area_path", "area_path",
              postgresql_ops={"area_path": "text_pattern_ops"}),
        Index("ix_requests_due", "due_at", postgresql_where=text("overdue_day is null and "
                                                                 "status in ('open', 'assigned')")),
    )


class Counter(Base):
    """One figure: the change on `day` of `metric` in `area` (and its campaign and dim:
    '' or unit:/order:/task:/category:). A stock as of a day is the sum up to that day; a
    flow on a day is that day's row."""

    __tablename__ = "counters"
    area_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), primary_key=True)
    dim: Mapped[str] = mapped_column(String(100), primary_key=True)
    metric: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


# -- reporting's own outputs and bookkeeping (kept by a rebuild) ---------------------------
class DirtyArea(Base):
    """Areas whose coverage changed since the last coalesced coverage_updated."""

    __tablename__ = "dirty_areas"
    area_code: Mapped[str] = mapped_column(String(64), primary_key=True)


class ReportDay(Base):
    """A local day whose daily reports were frozen at the cut-off."""

    __tablename__ = "report_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # false while the areas are being frozen: late events already mark re-issues then
    frozen: Mapped[bool] = mapped_column(Boolean)
    # when the last area was frozen (how long a city's freeze takes is an operator's
    # question the next morning)
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FreezeProbe(Base):
    """A day's freeze waits for each consumer to project what its queue held at the
    cut-off: a probe message is put at the back of the queue (daily.caught_up) and the
    consumer marks it seen in the transaction of its batch, so everything before it in
    the queue is projected once it is seen."""

    __tablename__ = "freeze_probes"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    consumer: Mapped[str] = mapped_column(String(32), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))     # first sent
    resent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))   # last sent
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DailyReport(Base):
    __tablename__ = "daily_reports"
    area_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    figures: Mapped[dict] = mapped_column(JSONB)
    event_id: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                   server_default=func.now())


class ReportReissue(Base):
    """A closed day of an area that a late event changed: re-issued by the next tick.

    Append-only, one row per (batch, area, day), with no unique key on (area, day): a
    batch marking a day never waits on, or is absorbed by, a mark another transaction
    holds. With `on conflict do nothing` a batch's mark could vanish into a row that the
    re-issue was consuming at that moment (its snapshot without the batch's counters),
    and that change would never be re-issued. The re-issue deletes exactly the marks its
    snapshot saw, in the statement that reads the figures."""

    __tablename__ = "report_reissues"
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)


class OverdueNotice(Base):
    """reporting.request_overdue sent once per request; `source` timer or escalated."""

    __tablename__ = "overdue_notices"
    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(20))


class Rebuild(Base):
    __tablename__ = "rebuilds"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20))
    events: Mapped[int] = mapped_column(BigInteger, default=0)
    skipped: Mapped[int] = mapped_column(BigInteger, default=0)
    error: Mapped[str | None] = mapped_column(Text)


READ_MODELS = ("areas", "registry_households", "registry_residents", "campaigns",
               "campaign_grids", "campaign_households", "seen_visits", "discrepancies",
               "shifts", "requests", "counters", "dirty_areas", "units", "applications")
