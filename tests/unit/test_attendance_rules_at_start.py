"""The attendance windows' settings (docs/shifts.md) are read once, when dispatch and
visits start: a bad value stops the start naming the variable, and the hot paths (each
batch of visits, each scan or visit in dispatch) never read the environment again, so a
value read there cannot fail batch after batch into the dead-letter queues."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from services.common import slots
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")
# nowhere: should the check be missing, the service fails on these instead of touching
# the machine's own broker, databases or ports
NOWHERE = {"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/",
           "DISPATCH_DATABASE_URL": "postgresql+psycopg2://nobody@127.0.0.1:1/nowhere",
           "VISITS_DATABASE_URL": "postgresql+psycopg2://nobody@127.0.0.1:1/nowhere",
           "WEB_SERVER_ADDRESS": "127.0.0.1:0", "OUTBOX_RELAY": "off"}


@pytest.fixture
def fresh_rules():
    slots.attendance_rules.cache_clear()
    yield
    slots.attendance_rules.cache_clear()


@pytest.mark.parametrize("service", ["dispatch", "visits"])
def test_a_bad_setting_stops_the_service_at_start_naming_the_variable(service):
    env = {**os.environ, **NOWHERE, "CHECKIN_OPENS_MINUTES": "3O"}
    done = subprocess.run([sys.executable, "-m", f"services.{service}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == (
        "CHECKIN_OPENS_MINUTES: must be a whole number of minutes, not '3O'"), done.stderr


def test_the_check_at_start_names_the_variable(monkeypatch, fresh_rules):
    monkeypatch.setenv("VISIT_HOURS_TOLERANCE_MINUTES", "500")
    with pytest.raises(SystemExit, match="VISIT_HOURS_TOLERANCE_MINUTES: must be between"):
        slots.check_attendance_rules_at_start()


def test_the_hot_paths_use_the_rules_read_at_start(monkeypatch, fresh_rules):
    from services.dispatch.adapters.models import MESSAGING as DISPATCH_MESSAGING
    from services.dispatch.use_cases.visit_evidence import presence_from_visit
    from services.visits.adapters.capture_batch import VisitBatch
    from services.visits.adapters.models import MESSAGING as VISITS_MESSAGING

    monkeypatch.setenv("VISIT_HOURS_TOLERANCE_MINUTES", "20")
    slots.check_attendance_rules_at_start()
    # changed (and wrong) after the start: the running service keeps what it read
    monkeypatch.setenv("VISIT_HOURS_TOLERANCE_MINUTES", "2O")
    batch = VisitBatch(Outbox("visits", VISITS_MESSAGING), now=datetime.now(UTC),
                       tz=SHANGHAI)
    assert batch.rules.visit_tolerance == timedelta(minutes=20)
    # dispatch's visit evidence: a phone call shows nobody's presence, and it costs no
    # query (an unbound session), but it read the environment first
    assert presence_from_visit(UnitOfWork(Session(), Outbox("dispatch", DISPATCH_MESSAGING)), {
        "shift_key": "o1:2030-03-04:am:BJ-01", "method": "phone", "visitor_id": "U1-v01",
        "visit_id": "v1", "visited_at": datetime.now(UTC)}, tz=SHANGHAI) is False
