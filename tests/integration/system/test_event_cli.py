"""`wangge events publish|subscribe` on the real broker: files go to integration.events
with confirms and mandatory routing; subscriptions print a service's events, masked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from services.cli.main import app
from tests.support.amqp import envelope

INTEGRATION = "integration.events"
RESULTS = "test_result_recorded"
TYPE = f"integration.{RESULTS}"
ID = "440106198001011230"
CLI = "from services.cli.main import app; app()"


def result(tested_on: str = "2026-11-20", outcome: str = "negative") -> dict:
    return {"id_number": ID, "tested_on": tested_on, "result": outcome}


@pytest.fixture
def wangge(amqp_uri):
    def run(*args: str):
        return CliRunner().invoke(app, ["events", *args], env={"AMQP_URI": amqp_uri})

    return run


@pytest.fixture
def results_queue(outside) -> str:
    """Someone listening to test results on integration.events, so they are routable."""
    return outside.listen(INTEGRATION, RESULTS)


def lines_file(path, items) -> str:
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n",
                    encoding="utf-8")
    return str(path)


def errors_of(run) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.strip()]


def test_a_json_lines_file_of_envelopes_is_published_in_order(
        wangge, outside, results_queue, tmp_path):
    events = [envelope(TYPE, result(f"2026-11-2{n}")) for n in range(3)]
    run = wangge("publish", lines_file(tmp_path / "e.jsonl", events))

    assert run.exit_code == 0, run.output
    assert "published 3 event(s) to integration.events" in run.stdout
    got = outside.collect(INTEGRATION)
    assert [e["id"] for e in got] == [e["id"] for e in events]
    assert got[0] == events[0]


def test_bare_payloads_are_wrapped_in_envelopes_of_the_given_type(
        wangge, outside, results_queue, tmp_path):
    path = tmp_path / "payloads.json"
    path.write_text(json.dumps([result("2026-11-01"), result("2026-11-02", "pending")]),
                    encoding="utf-8")
    run = wangge("publish", str(path), "--type", TYPE)

    assert run.exit_code == 0, run.output
    got = outside.collect(INTEGRATION)
    assert [(e["specversion"], e["type"], e["source"], e["data"]["tested_on"]) for e in got] \
        == [("1.0", TYPE, "wangge-cli", "2026-11-01"), ("1.0", TYPE, "wangge-cli", "2026-11-02")]
    assert len({e["id"] for e in got}) == 2


def test_one_invalid_event_refuses_the_whole_file_naming_line_field_and_reason(
        wangge, outside, results_queue, tmp_path):
    missing = result()
    del missing["tested_on"]
    file = lines_file(tmp_path / "mixed.jsonl", [
        envelope(TYPE, result()), envelope(TYPE, result(outcome="maybe")),
        envelope(TYPE, missing)])
    run = wangge("publish", file)

    assert run.exit_code == 2
    errors = errors_of(run)
    assert errors[0].startswith("error: line 2: data.result: Must be one of")
    assert errors[1] == "error: line 3: data.tested_on: Missing data for required field."
    assert "nothing published" in errors[-1]
    assert ID not in run.stderr
    assert outside.queue_depth(results_queue) == 0

    # --no-validate sends them as they are: the consumers will reject what they must
    forced = wangge("publish", file, "--no-validate")
    assert forced.exit_code == 0, forced.output
    assert outside.queue_depth(results_queue) == 3


@pytest.mark.parametrize(("content", "args", "words"), [
    ('{"id": 1,\n', (), "line 1: not valid JSON"),
    (json.dumps(result()), (), "the file: not a CloudEvents envelope (no specversion); give "
                               "--type"),
    (json.dumps(envelope("integration.no_such_event", {})), (),
     "the file: type: integration.no_such_event has no published contract"),
    (json.dumps(envelope(TYPE, result())), ("--type", "integration.checkin_recorded"),
     "type: is integration.test_result_recorded, not the --type given"),
    (json.dumps({**envelope(TYPE, result()), "time": "yesterday"}), (),
     "the file: time: Not a valid datetime."),
    ("", (), "the file is empty"),
])
def test_bad_input_is_one_clear_line_and_exit_2(wangge, tmp_path, content, args, words):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    run = wangge("publish", str(path), *args)

    assert run.exit_code == 2, run.output
    assert words in errors_of(run)[0]
    assert errors_of(run)[0].startswith("error: ")


def test_an_event_nobody_listens_to_is_an_error_not_a_silent_drop(
        wangge, results_queue, tmp_path):
    file = lines_file(tmp_path / "e.jsonl", [envelope(TYPE, result()), envelope(TYPE, result())])
    run = wangge("publish", file, "--routing-key", "nobody_listens_here")

    assert run.exit_code == 1
    [line] = errors_of(run)
    assert line.startswith("error: line 1: unroutable: no queue is bound to "
                           "integration.events for nobody_listens_here")
    assert "2 event(s) not delivered, published 0 of 2" in line


def test_a_large_file_goes_out_in_confirmed_batches(wangge, outside, results_queue,
                                                    tmp_path):
    file = lines_file(tmp_path / "big.jsonl", [result() for _ in range(1203)])
    run = wangge("publish", file, "--type", TYPE)

    assert run.exit_code == 0, run.output
    assert "published 1203 event(s)" in run.stdout
    assert outside.queue_depth(results_queue) == 1203


def test_an_unreachable_broker_is_named_without_its_password(tmp_path):
    file = lines_file(tmp_path / "e.jsonl", [envelope(TYPE, result())])
    run = CliRunner().invoke(app, ["events", "publish", file, "--amqp-uri",
                                   "amqp://guest:s3cret@127.0.0.1:1/"])
    assert run.exit_code == 3
    [line] = errors_of(run)
    assert line.startswith("error: the broker at 127.0.0.1:1/ is not reachable")
    assert "s3cret" not in line


# -- subscribe (a real process: it runs until --count, Ctrl-C or --timeout) ---------------
def subscriber(amqp_uri: str, *args: str) -> subprocess.Popen:
    """Start `wangge events subscribe …` and return once its queue is bound."""
    proc = subprocess.Popen([sys.executable, "-c", CLI, "events", "subscribe", *args],
                            env={**os.environ, "AMQP_URI": amqp_uri},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()
    if "listening on" not in first:
        proc.kill()
        raise AssertionError(f"subscriber did not start: {first}{proc.stderr.read()}")
    return proc


def finished(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


def test_subscribe_prints_events_as_json_lines_until_count(amqp_uri, outside):
    proc = subscriber(amqp_uri, "registry", "--count", "2", "--json")
    sent = [envelope(f"registry.resident_{kind}", {"resident_id": n})
            for n, kind in enumerate(("updated", "moved", "updated"), 1)]
    for env in sent:
        outside.publish_raw(env["type"].split(".", 1)[1], json.dumps(env),
                            exchange="registry.events")

    code, out, err = finished(proc)
    assert code == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == \
        [sent[0]["id"], sent[1]["id"]]
    assert "2 event(s)" in err


def test_subscribe_filters_by_type_and_masks_id_numbers_in_its_table(amqp_uri, outside):
    proc = subscriber(amqp_uri, "integration", "--type", TYPE, "--count", "1")
    other = envelope("integration.resident_self_reported", {"id_number": ID})
    # an id whose digits the scrubber's patterns once matched (a CI run printed it masked)
    wanted = {**envelope(TYPE, result()), "id": "680b5345-95b5-4280-9926-58231929ceb0"}
    outside.publish_raw("resident_self_reported", json.dumps(other))
    outside.publish_raw(RESULTS, json.dumps(wanted))

    code, out, err = finished(proc)
    assert code == 0, err
    [row] = [line for line in out.splitlines() if line.strip()]
    assert TYPE in row and wanted["id"] in row
    assert "4401**********1230" in row and ID not in row
    assert "resident_self_reported" not in out


def test_subscribe_errors_are_one_line(amqp_uri):
    bad = CliRunner().invoke(app, ["events", "subscribe", "Registry!"],
                             env={"AMQP_URI": amqp_uri})
    assert bad.exit_code == 2
    assert errors_of(bad) == ["error: service: 'Registry!' is not a service name "
                              "(e.g. registry)"]

    away = CliRunner().invoke(app, ["events", "subscribe", "registry", "--amqp-uri",
                                    "amqp://guest:s3cret@127.0.0.1:1/"])
    assert away.exit_code == 3
    assert errors_of(away)[0].startswith("error: the broker at 127.0.0.1:1/ is not reachable")

    short = CliRunner().invoke(app, ["events", "subscribe", "dispatch", "--count", "1",
                                     "--timeout", "0.2"], env={"AMQP_URI": amqp_uri})
    assert short.exit_code == 1
    assert "error: 0 of 1 event(s) arrived before stopping" in short.stderr
