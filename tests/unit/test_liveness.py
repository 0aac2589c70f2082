"""Consumer liveness for /health, the errors that rerun a batch, and the batch slots that
leave workers to HTTP (services/common/liveness.py, batch_slots.py)."""

from __future__ import annotations

import psycopg2.errors
from sqlalchemy.exc import IntegrityError, OperationalError

from services.common.batch_slots import BatchSlots, reserved_for_http
from services.common.liveness import Progress, is_transient


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_consumer_holding_messages_without_progress_is_stalled():
    clock = Clock()
    progress = Progress("dispatch.integration", stall_seconds=30, clock=clock)
    assert progress.problem() == "not connected to the broker (retrying)"
    progress.connection(True)
    assert progress.problem() is None
    clock.now += 300  # idle with nothing held is fine
    assert progress.problem() is None
    progress.received(3)
    clock.now += 29
    assert progress.problem() is None
    clock.now += 2
    assert progress.problem() == "stalled: 3 message(s) held with no batch finished for 31s"
    progress.settled(2)  # a batch finished: the clock starts again
    assert progress.problem() is None
    clock.now += 31
    assert progress.problem().startswith("stalled: 1 message(s)")
    progress.connection(False)
    assert progress.problem() == "not connected to the broker (retrying)"
    progress.connection(True)  # what was held went back to the broker with the connection
    assert progress.held == 0 and progress.problem() is None


def _wrapped(pg_error: Exception) -> OperationalError:
    return OperationalError("select …", {}, pg_error)


def test_deadlocks_and_serialization_failures_are_transient_other_errors_are_not():
    assert is_transient(_wrapped(psycopg2.errors.DeadlockDetected()))
    assert is_transient(_wrapped(psycopg2.errors.SerializationFailure()))
    try:  # as the cause of another exception (a use case that re-raised)
        try:
            raise _wrapped(psycopg2.errors.DeadlockDetected())
        except OperationalError as exc:
            raise RuntimeError("staffing failed") from exc
    except RuntimeError as exc:
        assert is_transient(exc)
    assert not is_transient(IntegrityError("insert …", {}, psycopg2.errors.UniqueViolation()))
    assert not is_transient(ValueError("bad payload"))
    assert not is_transient(None)


def test_batch_slots_leave_workers_to_http():
    assert reserved_for_http({}, 10) == 5
    assert reserved_for_http({}, 2) == 2
    assert reserved_for_http({"HTTP_RESERVED_WORKERS": "3"}, 10) == 3
    slots = BatchSlots(10 - reserved_for_http({}, 10))
    assert [slots.take() for _ in range(6)] == [True] * 5 + [False]
    assert slots.take(force=True)  # a stopping consumer's last batch
    slots.give_back()
    slots.give_back()
    assert slots.take() and not slots.take()
    assert BatchSlots(0).size == 1  # never none: consumers always make progress
