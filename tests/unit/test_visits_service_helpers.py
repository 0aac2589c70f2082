"""Visits' service-level helpers, without a broker or database: the route table, refusals
for HTTP and events, shift windows, the task lead setting and visit fingerprints."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from marshmallow import ValidationError

from services.common.errors import Conflict, DomainError, NotFound
from services.common.slots import shift_hours
from services.visits.entrypoints.errors import Refused, rejecting
from services.visits.entrypoints.schemas import CampaignCreate, VisitCreate
from services.visits.settings import task_policy
from services.visits.use_cases.capture import fingerprint
from tests.support.refusals import rejection

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_refusal_names_every_field_for_http_and_for_events():
    refused = Refused([("visitor_id", "is not on shift k"), ("answers.q1", "required")])
    assert isinstance(refused, DomainError) and not isinstance(refused, ValidationError)
    assert refused.reason == "visitor_id: is not on shift k; answers.q1: required"

    assert rejection(rejecting, refused).errors == {
        "data.visitor_id": ["is not on shift k"], "data.answers.q1": ["required"]}
    assert rejection(rejecting, NotFound("campaign", "c9")).errors == {
        "data.campaign_id": ["campaign c9 not found"]}
    assert rejection(rejecting, Conflict("visit_id", "other content")).reason == \
        "data.visit_id: other content"


def test_shift_windows_follow_the_local_half_days():
    day = date(2030, 3, 4)
    am, pm, whole = (shift_hours(day, half, SHANGHAI) for half in ("am", "pm", "day"))
    assert (am[0].hour, am[1].hour, pm[0].hour, pm[1].hour) == (8, 12, 14, 18)
    assert whole == (am[0], pm[1])
    # the afternoon starts after the morning ends: its not-home households can join it
    assert am[1] < pm[0]
    assert am[0].astimezone(UTC).hour == 0


def test_visits_and_dispatch_read_the_same_hours_for_a_half_day():
    from services.dispatch.domain.model import Slot
    from services.dispatch.domain.person_times import shift_end, shift_start

    day = date(2030, 3, 4)
    for half in ("am", "pm", "day"):
        slot = Slot(day, half)
        assert shift_hours(day, half, SHANGHAI) == (shift_start(slot, SHANGHAI),
                                                     shift_end(slot, SHANGHAI))


def test_the_task_lead_comes_from_config_or_environment(monkeypatch):
    assert task_policy({}).lead == timedelta(minutes=60)
    assert task_policy({"VISITS_TASK_LEAD_MINUTES": "0"}).lead == timedelta(0)
    monkeypatch.setenv("VISITS_TASK_LEAD_MINUTES", "90")
    assert task_policy().lead == timedelta(minutes=90)
    with pytest.raises(ValueError):
        task_policy({"VISITS_TASK_LEAD_MINUTES": "-5"})


def _visit(**changes) -> dict:
    body = {"visit_id": "v-00000001", "campaign_id": "c1", "household_code": "H1",
            "visitor_id": "V1", "shift_key": "k", "outcome": "reached",
            "visited_at": "2030-03-04T09:00:00+08:00",
            "corrections": [{"kind": "new_resident", "id_number": "11010519491231002X",
                             "name": "王小明"}], **changes}
    return VisitCreate().load(body)


def test_a_resent_visit_has_the_same_fingerprint_and_other_content_does_not():
    same_instant = _visit(visited_at="2030-03-04T01:00:00+00:00")
    assert fingerprint(_visit()) == fingerprint(same_instant)
    assert fingerprint(_visit()) != fingerprint(_visit(outcome="not_home"))
    # keyed: the ID number inside cannot be tested against the stored fingerprint
    assert "11010519491231002X" not in fingerprint(_visit()) and len(fingerprint(_visit())) == 64


def test_a_campaign_period_must_not_run_backwards():
    with pytest.raises(ValidationError) as caught:
        CampaignCreate().load({"name": "x", "start": "2030-03-04", "end": "2030-03-01",
                               "area_codes": ["G1"]})
    assert caught.value.messages == {"end": ["must not be before start"]}
    loaded = CampaignCreate().load({"name": "x", "start": "2030-03-04", "end": "2030-03-04",
                                    "area_codes": ["G1"]})
    assert (loaded["max_attempts"], loaded["per_volunteer"], loaded["questionnaire"]) == \
        (3, None, None)
    assert datetime(2030, 3, 4).date() == loaded["start"]
