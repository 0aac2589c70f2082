"""Dispatch's one lock order (services/dispatch/adapters/locks.py, lock_units) held by
attendance:
an audited correction, a batch of scans and a staffing change of the same unit, all at
once, end without a deadlock; and a replacement, swap or amendment over HTTP against a
consumer's batch that checked someone in on the shift and then enrols in the unit.

The interleaving is forced, not hoped for: each transaction is let go only once the one
before it waits on a lock (pg_stat_activity), so the test takes the same path every run.
"""

from __future__ import annotations

from datetime import datetime, time

import eventlet
import pytest

from services.common.auth import Grant, Principal
from services.common.contracts import integration
from services.common.errors import Conflict
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.dispatch import clock
from services.dispatch.adapters.models import MESSAGING, Pairing
from services.dispatch.use_cases.attendance import record_scan
from services.dispatch.use_cases.attendance_corrections import correct_checkin
from services.dispatch.use_cases.orders import amend_order
from services.dispatch.use_cases.people import enrol_volunteer
from services.dispatch.use_cases.replacements import replace
from services.dispatch.use_cases.swaps import swap_shifts
from services.dispatch.use_cases.visit_evidence import presence_from_visit
from tests.support.amqp import wait_until
from tests.support.dispatch_world import volunteer
from tests.support.http import Client

from .support import order_today_at_bj01, today_shift


def local(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(clock.today(), time(hour, minute), tzinfo=clock.tz())


def run(use_case, session, outbox, *args, **kwargs):
    """The use case in a unit of work inside ``session``'s transaction, as a handler or an
    HTTP request runs it: its events reach the outbox with its rows."""
    with UnitOfWork.within(session, outbox) as uow:
        return use_case(uow, *args, **kwargs)


def waiting_on_locks(sql) -> int:
    return sql("select count(*) n from pg_stat_activity where datname = current_database() "
               "and wait_event_type = 'Lock'")[0]["n"]


def scans(session, outbox, shift: str, volunteer: str, now: datetime) -> None:
    """One message of an integration batch: a check-out scan, after the end."""
    run(record_scan, session, outbox, shift, volunteer, "out", local(12, 20), "QR",
        now=now, tz=clock.tz())


def visits(session, outbox, shift: str, volunteer: str, now: datetime) -> None:
    """One message of a batch of visits.visit_recorded: presence shown by a visit."""
    run(presence_from_visit, session, outbox, {
        "shift_key": shift, "method": "in_person", "visitor_id": volunteer,
        "visited_at": local(11, 40), "visit_id": f"visit-{volunteer}"}, tz=clock.tz())


@pytest.mark.parametrize("consumer", [scans, visits])
def test_a_correction_a_consumers_batch_and_a_replacement_of_one_unit_never_deadlock(
        dispatch, outside, dispatch_sql, dispatch_db, at_local, consumer):
    api = Client(dispatch.base_url)
    # placed at 07:00: the service's own no-show sweep finds nothing ended meanwhile
    order_today_at_bj01(api, outside, dispatch_sql, at_local)
    morning, (m1, m2) = today_shift(api, "am")
    afternoon, (a1, _a2) = today_shift(api, "pm")
    outbox, tz = Outbox("dispatch", MESSAGING), clock.tz()
    # m1 forgot to scan in but scanned out: their attendance row exists, with no check-in
    with dispatch_db.transaction() as session:
        run(record_scan, session, outbox, morning, m1, "out", local(11, 50), "QR-1",
            now=local(11, 50), tz=tz)
    now = local(12, 30)   # the morning is over; the afternoon has not begun
    coordinator = Principal("coordinator", (Grant("unit_coordinator", unit="U1"),), token_id="t")

    def correction() -> dict | Conflict:
        try:
            with dispatch_db.transaction() as session:
                return run(correct_checkin, session, outbox, morning, {
                    "volunteer_id": m1, "checked_in_at": local(8, 10),
                    "reason": "扫码枪故障，现场确认到岗"}, coordinator, "test", now=now, tz=tz)
        except Conflict as refused:
            return refused

    def replacement() -> dict:
        with dispatch_db.transaction() as session:
            return run(replace, session, outbox, afternoon, a1, None, now=now, tz=tz)

    # a consumer's batch: its messages run in one transaction
    with dispatch_db.transaction() as batch:
        consumer(batch, outbox, morning, m1, now)       # holds m1's attendance row
        corrected = eventlet.spawn(correction)           # waits for it
        wait_until(lambda: waiting_on_locks(dispatch_sql) == 1, what="the correction waits")
        replaced = eventlet.spawn(replacement)           # a staffing change of the unit
        wait_until(lambda: replaced.dead or waiting_on_locks(dispatch_sql) == 2,
                   what="the replacement done or waiting")
        # a row referring to the morning shift: KEY SHARE on it, which the correction must
        # not exclude while it waits on a row this batch holds
        consumer(batch, outbox, morning, m2, now)
    done = corrected.wait()
    if consumer is scans:
        assert (done["volunteer_id"], done["basis"]) == (m1, "correction")
    else:   # the visit made m1 present first: nothing left to correct
        assert isinstance(done, Conflict) and "present on shift" in done.reason
    assert replaced.wait()["left"] == a1
    present = {r["volunteer_id"] for r in dispatch_sql(
        "select volunteer_id from attendance where checked_in_at is not null")}
    assert present == ({m1} if consumer is scans else {m1, m2})


# -- a staffing change over HTTP against a consumer's batch that wrote attendance --------
def replacing(session, outbox, shifts: dict, now: datetime) -> dict:
    """POST /shifts/S/replace: the unit, then shift S."""
    return run(replace, session, outbox, shifts["morning"], shifts["m2"], None, now=now,
               tz=clock.tz())


def swapping(session, outbox, shifts: dict, now: datetime) -> dict:
    """POST /shifts/S/swap: the unit, then both shifts."""
    return run(swap_shifts, session, outbox, shifts["morning"], shifts["m2"],
               shifts["afternoon"], shifts["a1"], now=now, tz=clock.tz())


def amending(session, outbox, shifts: dict, now: datetime) -> Pairing:
    """PATCH /orders/O: the order, its unit, then every scheduled shift of it."""
    return run(amend_order, session, outbox, "o1", {"head_count": 3, "version": 1}, "api",
               now=now, tz=clock.tz())


@pytest.mark.parametrize("staffing", [replacing, swapping, amending])
def test_a_staffing_change_and_a_batch_that_checked_someone_in_never_deadlock(
        dispatch, outside, dispatch_sql, dispatch_db, at_local, staffing):
    """The reviewer's deadlock (issue 11, finding 1): a batch of dispatch.integration
    writes a check-in on shift S (KEY SHARE on S), the HTTP use case locks unit U and
    then shift S, and a later message of the batch (an enrolment in U) waits for U. With
    FOR UPDATE on S the use case waited on the batch and the batch on it: PostgreSQL
    killed one of them (HTTP has no rerun: 500). FOR NO KEY UPDATE does not exclude the
    check-in's KEY SHARE, so the use case ends and then the batch does."""
    api = Client(dispatch.base_url)
    order_today_at_bj01(api, outside, dispatch_sql, at_local)
    morning, (m1, m2) = today_shift(api, "am")
    afternoon, (a1, _a2) = today_shift(api, "pm")
    shifts = {"morning": morning, "m2": m2, "afternoon": afternoon, "a1": a1}
    # 07:45: the morning's check-in window is open and it has not begun (a swap needs that)
    now = at_local(7, 45)
    outbox, tz = Outbox("dispatch", MESSAGING), clock.tz()
    enrolment = integration.VolunteerEnrolled().load(volunteer(20))

    def change():
        with dispatch_db.transaction() as session:
            return staffing(session, outbox, shifts, now)

    with dispatch_db.transaction() as batch:
        # the batch's first message: m1 checks in on the morning shift (KEY SHARE on it)
        run(record_scan, batch, outbox, morning, m1, "in", local(7, 40), "QR", now=now, tz=tz)
        changed = eventlet.spawn(change)
        # on the old code it waits for the shift; now nothing of the batch excludes it
        wait_until(lambda: changed.dead or waiting_on_locks(dispatch_sql) == 1,
                   what="the staffing change done or waiting")
        # a later message of the batch: an enrolment in the unit, which takes its lock
        run(enrol_volunteer, batch, outbox, enrolment, "integration")
    done = changed.wait()
    if staffing is replacing:
        assert done["left"] == m2
    elif staffing is swapping:
        assert m2 in {s["shift_key"]: s["volunteers"] for s in done["shifts"]}[afternoon]
    else:
        assert done.version == 2
    assert dispatch_sql("select volunteer_id from attendance where checked_in_at is not null"
                        ) == [{"volunteer_id": m1}]
    assert dispatch_sql("select id from volunteers where id = :v", v=volunteer(20)[
        "volunteer_id"])
