"""examples/ run as an integrator would run them: separate processes, plain pika, the real
broker, and a real Wangge service answering."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _publish(amqp_uri: str, name: str, payload: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(EXAMPLES / "publish_event.py"), "--url", amqp_uri,
                           name, payload, *extra], capture_output=True, text=True, timeout=60)


def _subscriber(amqp_uri: str, service: str, pattern: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, str(EXAMPLES / "subscribe_events.py"), "--url",
                             amqp_uri, service, pattern, "--count", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready = proc.stderr.readline()  # printed once its queue is bound
    assert ready.startswith("listening on"), ready + proc.stderr.read()
    return proc


def test_an_event_nobody_listens_for_is_reported_unroutable(amqp_uri, outside):
    outside.listen("integration.events", "some_other_event")  # the exchange exists
    result = _publish(amqp_uri, f"nobody_listens_{uuid.uuid4().hex[:8]}",
                      str(EXAMPLES / "visit_captured.json"))
    assert result.returncode == 2, result.stderr
    assert "unroutable" in result.stderr


def test_published_event_reaches_a_subscriber_as_a_cloudevent(amqp_uri, outside):
    outside.listen("integration.events", "visit_captured")
    subscriber = _subscriber(amqp_uri, "integration", "visit_captured")
    event_id = str(uuid.uuid4())
    result = _publish(amqp_uri, "visit_captured", str(EXAMPLES / "visit_captured.json"),
                      "--id", event_id, "--source", "test/examples")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == event_id
    out, err = subscriber.communicate(timeout=30)
    assert subscriber.returncode == 0, err
    (line,) = out.splitlines()
    printed = json.loads(line)
    assert printed["routing_key"] == "visit_captured"
    assert printed["type"] == "integration.visit_captured" and printed["id"] == event_id
    assert printed["data"] == json.loads((EXAMPLES / "visit_captured.json").read_text())


def test_a_service_answers_an_invalid_event_that_the_subscriber_prints(amqp_uri, registry):
    subscriber = _subscriber(amqp_uri, "registry", "event_rejected")
    event_id = str(uuid.uuid4())
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "publish_event.py"), "--url", amqp_uri, "--id",
         event_id, "test_result_recorded", "-"],
        input=json.dumps({"id_number": "not-an-id", "tested_on": "2026-11-20",
                          "result": "negative"}),
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out, err = subscriber.communicate(timeout=30)
    assert subscriber.returncode == 0, err
    printed = json.loads(out.splitlines()[0])
    assert printed["type"] == "registry.event_rejected"
    assert printed["data"]["event_id"] == event_id
    assert "data.id_number" in printed["data"]["errors"]
