"""The outbox relay as a process of its own (OUTBOX_RELAY=process|off, services/common/relay.py),
on the real broker and database."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from services.common import relay
from tests.support.amqp import wait_until

from .support import SERVICE_STAND_IN, gone

EVENTS = "registry.events"


def area(i: int) -> dict:
    return {"area_id": i, "code": f"R{i:05d}", "level": "city", "name": f"城市{i}",
            "parent_code": None, "path": [f"R{i:05d}"], "version": 1}


def relay_process(amqp_uri: str, url: str, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "services.common.relay", "registry"],
        env={**os.environ, "AMQP_URI": amqp_uri, "REGISTRY_DATABASE_URL": url,
             "HISTORY_STREAM": "", "OUTBOX_POLL_SECONDS": "30", **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        proc.terminate()
    out, _ = proc.communicate(timeout=20)
    return out.decode()


def pending(backbone) -> int:
    with backbone.db.transaction() as session:
        return session.execute(text(
            "select count(*) from outbox where published_at is null")).scalar_one()


def test_mode_is_read_from_the_environment(monkeypatch):
    monkeypatch.delenv("OUTBOX_RELAY", raising=False)
    assert relay.mode() == "thread"
    monkeypatch.setenv("OUTBOX_RELAY", " Process ")
    assert relay.mode() == "process"
    monkeypatch.setenv("OUTBOX_RELAY", "sidecar")
    with pytest.raises(ValueError, match="OUTBOX_RELAY must be one of thread, process, off"):
        relay.mode()


def test_a_commit_wakes_the_relay_process_by_notify(backbone, clean_registry_db, amqp_uri,
                                                    outside):
    outside.listen(EVENTS)
    backbone.db.notify_on_outbox_commit(relay.notify_sql("registry"))
    proc = relay_process(amqp_uri, clean_registry_db)
    try:
        # its poll is 30 s: events within seconds came from the NOTIFY of each commit
        time.sleep(2)
        sent = []
        for i in range(3):
            with backbone.db.transaction() as session:
                sent.append(backbone.outbox.add(session, "area_registered", area(i)).id)
        seen = outside.wait_for(EVENTS, lambda ms: len(ms) >= 3, timeout=10)
        assert sorted(m["id"] for m in seen) == sorted(sent)
        wait_until(lambda: pending(backbone) == 0, timeout=10)
    finally:
        log = stop(proc)
    assert proc.returncode == 0, log
    assert "outbox relay for registry stopped (3 published)" in log


def test_rows_committed_while_no_relay_ran_go_out_when_it_starts(backbone, clean_registry_db,
                                                                 amqp_uri, outside):
    outside.listen(EVENTS)
    with backbone.db.transaction() as session:  # nobody listens, nobody is notified
        first = backbone.outbox.add(session, "area_registered", area(10)).id
    proc = relay_process(amqp_uri, clean_registry_db)
    try:
        seen = outside.wait_for(EVENTS, lambda ms: len(ms) >= 1, timeout=10)
        assert [m["id"] for m in seen] == [first]
    finally:
        stop(proc)


def test_the_relay_process_stops_when_its_service_is_gone(clean_registry_db, amqp_uri,
                                                          tmp_path):
    log = tmp_path / "relay.log"
    service = subprocess.Popen(
        [sys.executable, "-c", SERVICE_STAND_IN, str(log)], stdout=subprocess.PIPE,
        env={**os.environ, "AMQP_URI": amqp_uri, "REGISTRY_DATABASE_URL": clean_registry_db,
             "HISTORY_STREAM": ""})
    child = int(service.stdout.readline())
    try:
        wait_until(lambda: "running" in log.read_text(), timeout=15)
        assert not gone(child), "the relay must run while its service runs"
        service.kill()  # no chance to stop its child
        service.wait()
        wait_until(lambda: gone(child), timeout=15)
    finally:
        if not gone(child):
            os.kill(child, 9)
        service.stdout.close()
    assert "is gone; stopping" in log.read_text()


def test_a_service_with_outbox_relay_process_publishes_through_its_child(
        registry_config, purge_registry_queues, outside, clean_registry_db):
    from services.registry.entrypoints.service import RegistryService
    from tests.support.servers import running

    outside.listen(EVENTS)
    service = running(RegistryService, {**registry_config, "OUTBOX_RELAY": "process"})
    runner = next(service)
    try:
        store = list(runner.containers)[0].dependencies
        backbone = next(d for d in store if hasattr(d, "backbone")).backbone
        with backbone.db.transaction() as session:
            sent = backbone.outbox.add(session, "area_registered", area(20)).id
        seen = outside.wait_for(EVENTS, lambda ms: len(ms) >= 1, timeout=20)
        assert [m["id"] for m in seen] == [sent]
        child = next(d for d in store if hasattr(d, "backbone")).child
        assert child.proc is not None and child.proc.poll() is None
    finally:
        next(service, None)
    assert child.proc.poll() is not None, "stopping the service stops its relay process"
