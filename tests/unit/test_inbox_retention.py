"""The inbox's retention rule without a server (services/common/inbox_retention.py): what
is too old to accept, what may be pruned, and that the two never leave a gap through
which a pruned event could be applied again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.common import inbox_retention
from services.common.backbone import Backbone
from services.common.inbox import Inbox
from services.common.inbox_retention import DEFAULT_HOURS, MARGIN, SETTING, InboxRetention
from services.common.outbox import Outbox
from services.registry.adapters.models import MESSAGING

NOW = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)


def test_the_default_window_is_thirty_days(monkeypatch):
    monkeypatch.delenv(SETTING, raising=False)
    assert InboxRetention.from_env().hours == DEFAULT_HOURS == 720


def test_the_window_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv(SETTING, "48")
    assert InboxRetention.from_env().window == timedelta(hours=48)


def test_a_negative_window_is_refused(monkeypatch):
    monkeypatch.setenv(SETTING, "-1")
    with pytest.raises(ValueError, match=SETTING):
        InboxRetention.from_env()


@pytest.mark.parametrize("value", ["30d", "-1", "nan", "inf", ""])
def test_a_bad_window_stops_the_service_at_start_naming_the_setting(monkeypatch, value):
    monkeypatch.setenv(SETTING, value)
    with pytest.raises(SystemExit, match=f"{SETTING}: must be 0 .* not '{value}'"):
        inbox_retention.check_at_start()
    # and a backbone is not set up with it: nothing reads it again per batch
    with pytest.raises(ValueError, match=SETTING):
        Backbone.create("registry", MESSAGING, database_url="postgresql://nowhere/none",
                        amqp_uri="amqp://nowhere//")


def test_a_good_window_passes_the_start_check(monkeypatch):
    monkeypatch.setenv(SETTING, "0.5")
    inbox_retention.check_at_start()


def test_an_inbox_never_reads_the_environment(monkeypatch):
    """Built per batch: the window is the backbone's, read once at start."""
    monkeypatch.setenv(SETTING, "30d")
    inbox = Inbox("registry", MESSAGING, Outbox("registry", MESSAGING), {},
                  retention=InboxRetention(24))
    assert inbox.retention.hours == 24


def test_zero_keeps_every_row_and_refuses_nothing():
    keep = InboxRetention(0)
    assert keep.prune_before(NOW) is None
    assert not keep.too_old(datetime(2001, 1, 1, tzinfo=UTC), NOW)


def test_an_event_is_too_old_once_its_time_is_past_the_window():
    window = InboxRetention(24)
    assert not window.too_old(NOW - timedelta(hours=24), NOW)
    assert window.too_old(NOW - timedelta(hours=24, seconds=1), NOW)
    assert not window.too_old(NOW + timedelta(days=400), NOW)  # dated ahead: accepted


def test_rows_go_a_margin_after_the_window():
    assert InboxRetention(24).prune_before(NOW) == NOW - timedelta(hours=24) - MARGIN


def test_the_refusal_names_the_time_and_the_setting():
    reason, errors = InboxRetention(24).refusal()
    assert reason.startswith("time: ") and SETTING in reason
    assert list(errors) == ["time"]


moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1),
                       timezones=st.just(UTC))


@given(hours=st.floats(min_value=0.01, max_value=24 * 365), event_time=moments,
       processed=moments, pruned_at=moments,
       later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3650)),
       skew=st.timedeltas(min_value=-MARGIN + timedelta(seconds=1),
                          max_value=MARGIN - timedelta(seconds=1)))
def test_an_event_whose_row_was_pruned_is_refused_on_any_later_arrival(
        hours, event_time, processed, pruned_at, later, skew):
    """A row goes when the later of its event time and processing is before
    prune_before(P); a delivery at any A >= P, on a clock up to a margin behind or ahead
    of the pruner's, finds the event too old."""
    window = InboxRetention(hours)
    if max(event_time, processed) >= window.prune_before(pruned_at):
        return  # the row is kept: the inbox itself tells the duplicate
    arrival = pruned_at + later + skew
    assert window.too_old(event_time, arrival)
