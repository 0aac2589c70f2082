"""Campaigns from a YAML file through the CLI, households registered later joining,
questionnaire versions kept, follow-up by phone, ending; coverage in the CLI."""

from __future__ import annotations

from datetime import timedelta

from services.visits import clock
from tests.support.http import Client
from tests.support.published import kinds
from tests.support.visits_world import COMMUNITY, answers, seed_area

from .support import EVENTS, of_type, settle, wait_until

QUESTIONNAIRE = """
  id: short_check
  version: 1
  title: 简单核查
  questions:
    - {id: people_present, type: number, text: 人数, required: true}
    - {id: needs_help, type: yes_no, text: 是否需要帮助}
    - {id: help_kind, type: single_choice, text: 帮助类型, required: true,
       options: [food, medicine], when: {question: needs_help, equals: true}}
"""


def wangge(base_url: str, *args: str):
    from typer.testing import CliRunner

    from services.cli.main import app

    return CliRunner().invoke(app, ["visits", *args], env={"VISITS_URL": base_url})


def test_a_campaign_file_follow_up_by_phone_and_the_end(visits, outside, visits_sql,
                                                          tmp_path, visits_mid_morning):
    api = Client(visits.base_url)
    households = seed_area(outside, visits_sql, buildings=1, per_building=2)
    today = clock.today()
    file = tmp_path / "campaign.yaml"
    file.write_text(f"""
campaign_id: spring
name: 春季走访
start: {today.isoformat()}
end: {(today + timedelta(days=10)).isoformat()}
area_codes: [{COMMUNITY}]
max_attempts: 1
questionnaire:{QUESTIONNAIRE}""", encoding="utf-8")
    outside.listen(EVENTS)
    result = wangge(visits.base_url, "campaign", "create", str(file))
    assert result.exit_code == 0, result.output
    assert "started: spring 春季走访 (active)" in result.output and "2 households" in result.output
    again = wangge(visits.base_url, "campaign", "create", str(file))
    assert again.exit_code == 0 and "unchanged" in again.output
    # the same questionnaire version with other questions is refused
    file.write_text(file.read_text(encoding="utf-8").replace("spring", "autumn")
                    .replace("人数", "人口"), encoding="utf-8")
    refused = wangge(visits.base_url, "campaign", "create", str(file))
    assert refused.exit_code == 1 and "questionnaire.version" in refused.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed", encoding="utf-8")
    result = wangge(visits.base_url, "campaign", "create", str(bad))
    assert result.exit_code == 1 and "not valid YAML" in result.output

    # a household registered later joins the running campaign
    outside.publish_as("registry", "household_registered", {
        "household_id": 99001, "code": "G01-NEW", "kind": "rental", "address": "新楼1号",
        "building_code": "G01-B1", "grid_code": "G01", "version": 1})
    wait_until(lambda: visits_sql("select 1 from campaign_households where household_code "
                                  "= 'G01-NEW'"), what="late household joined")
    assert api.ok("GET", "/campaigns/spring")["households"] == 3

    # not home once (max_attempts 1): on the follow-up list, then reached by phone
    outside.publish_as("dispatch", "shift_scheduled", {
        "shift_key": "o9:x:day:G01", "order_id": "o9", "unit_id": "U1",
        "community_code": COMMUNITY, "day": clock.today().isoformat(), "half": "day",
        "place_code": "G01", "task_kinds": ["door_to_door"], "head_count": 1, "version": 1})
    outside.publish_as("dispatch", "volunteer_assigned", {
        "shift_key": "o9:x:day:G01", "order_id": "o9", "unit_id": "U1",
        "community_code": COMMUNITY, "day": clock.today().isoformat(), "half": "day",
        "place_code": "G01", "volunteer_id": "V1", "replaces": None})
    wait_until(lambda: visits_sql("select 1 from shift_volunteers"), what="shift staffed")
    result = wangge(visits.base_url, "capture", "--campaign", "spring", "--household",
                    households[0], "--visitor", "V1", "--shift", "o9:x:day:G01",
                    "--outcome", "not_home", "--visit-id", "cli-visit-0001",
                    "--at", visits_mid_morning.isoformat())
    assert result.exit_code == 0 and "recorded: visit cli-visit-0001" in result.output
    follow = api.ok("GET", "/campaigns/spring/follow-up")["households"]
    assert [(h["household_code"], h["attempts"]) for h in follow] == [(households[0], 1)]
    wrong = wangge(visits.base_url, "capture", "--campaign", "spring", "--household",
                   households[0], "--visitor", "GW1", "--method", "phone", "--outcome",
                   "reached", "--people", "2", "--answers",
                   '{"people_present": 2, "needs_help": true}',
                   "--at", visits_mid_morning.isoformat())
    assert wrong.exit_code == 1 and "answers.help_kind: required" in wrong.output
    result = wangge(visits.base_url, "capture", "--campaign", "spring", "--household",
                    households[0], "--visitor", "GW1", "--method", "phone", "--outcome",
                    "reached", "--people", "2", "--answers",
                    '{"people_present": 2, "needs_help": true, "help_kind": "food"}',
                    "--at", visits_mid_morning.isoformat())
    assert result.exit_code == 0, result.output
    assert api.ok("GET", "/campaigns/spring/follow-up")["households"] == []
    # the default questionnaire's answers do not fit this campaign's version
    status, body = api.call("POST", "/visits", {
        "visit_id": "http-visit-1", "campaign_id": "spring", "household_code": households[1],
        "visitor_id": "V1", "shift_key": "o9:x:day:G01", "outcome": "reached",
        "visited_at": clock.now().isoformat(), "answers": answers()})
    assert status == 400 and "answers.test_status" in body["errors"]

    table = wangge(visits.base_url, "coverage", "spring")
    assert table.exit_code == 0 and "33.3%" in table.output
    ended = wangge(visits.base_url, "campaign", "end", "spring")
    assert ended.exit_code == 0 and "ended: spring" in ended.output
    seen = settle(outside, visits_sql, [])
    assert kinds(seen)["campaign_started"] == 1
    assert of_type(seen, "campaign_ended")[0]["data"] == {
        "campaign_id": "spring", "ended_on": clock.today().isoformat(), "households": 3,
        "reached": 1}
    listed = wangge(visits.base_url, "campaign", "list")
    assert "spring 春季走访 (ended)" in listed.output
