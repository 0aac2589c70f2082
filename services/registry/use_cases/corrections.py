"""Corrections proposed by visits (`visits.correction_proposed`), applied to the registry.

Each kind goes through the registry's own use cases (residents.register / update / move),
so the events and the change trail are the same as over HTTP, with the cause
`visit:<visit_id>`:

- new_resident: the sealed name and ID number are opened (only the registry holds the
  key) and checked against `id_hash`; the person is registered in the household, or moved
  there when the registry already knows them elsewhere.
- moved_out: the resident leaves the household and the area, on `moved_on` (default: the
  visit's day). A resident the registry already has in another household, or already out
  of the area, stays where they are: the registry agrees they no longer live here.
- tags_changed / status_changed: on a resident living in that household.

A correction that cannot be applied (unknown household or resident, a resident of another
household, a seal that does not open, a hash that does not match, a bad tag or status)
changes nothing and is answered with `registry.correction_rejected` and its reason: a
business outcome, not a dead letter. Success is answered with `correction_applied`.
Duplicates are the inbox's business: the event id is recorded with the effect.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from services.common import config
from services.common.envelope import Envelope
from services.common.seal import SealError, seal_key, unseal
from services.common.unit_of_work import UnitOfWork
from services.registry.adapters.models import Household, Resident, ResidentMove
from services.registry.domain.corrections import (
    Refused,
    cause_of,
    effective_day,
    new_resident_facts,
    opened_identity,
    status_columns,
    tags_after,
    wanted_changes,
)
from services.registry.domain.rules import RuleBroken, check_test_pair, facts_from_id, move_needed
from services.registry.use_cases import residents
from services.registry.use_cases.lookups import BIGINT_MAX

log = logging.getLogger(__name__)

CORRECTION_EVENT = "visits.correction_proposed"
MOVED_IN = "found at the door"
MOVED_OUT = "moved out (found at the door)"


class _Correction:
    """One correction being applied inside the message's transaction."""

    def __init__(self, uow: UnitOfWork, env: Envelope, data: dict) -> None:
        self.uow, self.session, self.env, self.data = uow, uow.session, env, data
        self.cause = cause_of(data["visit_id"])

    # -- lookups ---------------------------------------------------------------------
    def household(self) -> Household:
        code = self.data["household_code"]
        household = self.session.execute(
            select(Household).where(Household.code == code)).scalar_one_or_none()
        if household is None:
            raise Refused("household_code", f"unknown household {code}")
        return household

    def resident(self) -> Resident:
        resident_id = self.data["resident_id"]
        if resident_id is None:
            raise Refused("resident_id", f"required for {self.data['kind']}")
        resident = None
        if 0 < resident_id <= BIGINT_MAX:
            resident = self.session.execute(select(Resident).where(Resident.id == resident_id)
                                            .with_for_update()).scalar_one_or_none()
        if resident is None:
            raise Refused("resident_id", f"unknown resident {resident_id}")
        return resident

    def resident_here(self, household: Household) -> Resident:
        resident = self.resident()
        if resident.household_id != household.id:
            raise Refused("resident_id", f"resident {resident.id} does not live in household "
                                         f"{household.code}")
        return resident

    def day(self):
        return effective_day(self.data.get("moved_on"), self.data.get("day"), self.env.time,
                             config.local_tz())

    # -- changes ---------------------------------------------------------------------
    def update(self, resident: Resident, wanted: dict) -> None:
        try:
            check_test_pair(wanted.get("latest_test_date", resident.latest_test_date),
                            wanted.get("latest_test_result", resident.latest_test_result))
        except RuleBroken as exc:
            raise Refused(exc.field, exc.reason) from None
        residents.update(self.uow, resident, wanted, self.cause)

    def move(self, resident: Resident, to_household_id: int | None, reason: str) -> None:
        last_moved_on = self.session.execute(
            select(func.max(ResidentMove.moved_on)).where(ResidentMove.resident_id ==
                                                          resident.id)).scalar_one()
        day = self.day()
        try:
            needed = move_needed(resident.household_id, to_household_id, last_moved_on, day)
        except RuleBroken as exc:
            raise Refused(exc.field, exc.reason) from None
        if needed:
            residents.move(self.uow, resident, to_household_id, day, reason, self.cause)

    # -- kinds -----------------------------------------------------------------------
    def new_resident(self) -> int:
        household = self.household()
        if not self.data.get("sealed"):
            raise Refused("sealed", "required for a new resident")
        key = seal_key()  # a misconfigured key is a failure to retry, not a refusal
        try:
            plain = unseal(self.data["sealed"], key, context=self.data["correction_id"])
        except SealError as exc:
            raise Refused("sealed", str(exc)) from None
        id_key = config.id_hash_key()
        id_number, name = opened_identity(plain, self.data.get("id_hash"), id_key)
        resident = residents.find_by_id_number(self.session, id_number, id_key, lock=True)
        if resident is not None:
            # Known already (registered elsewhere, or moved out earlier): one person, one
            # record, now living where the visitor found them.
            self.move(resident, household.id, MOVED_IN)
            extra = self._extras(resident.tags)
            if extra:
                self.update(resident, extra)
            return resident.id
        columns = {"name": name, **new_resident_facts(self.data.get("gender"),
                                                      self.data.get("birth_year"),
                                                      facts_from_id(id_number)),
                   **self._extras([])}
        try:
            check_test_pair(columns.get("latest_test_date"), columns.get("latest_test_result"))
        except RuleBroken as exc:
            raise Refused(exc.field, exc.reason) from None
        resident, _ = residents.register(self.uow, id_key, id_number, columns, household.id,
                                         self.cause)
        return resident.id

    def _extras(self, current_tags: list[str] | None) -> dict:
        """Tags and status a new-resident correction may carry too."""
        extra = status_columns(self.data["status"]) if self.data.get("status") else {}
        if self.data.get("tags_add") or self.data.get("tags_remove"):
            extra["tags"] = tags_after(current_tags, self.data.get("tags_add") or [],
                                       self.data.get("tags_remove") or [])
        return extra

    def moved_out(self) -> int:
        household = self.household()
        resident = self.resident()
        if resident.household_id == household.id:
            self.move(resident, None, MOVED_OUT)
        return resident.id

    def changed(self) -> int:
        resident = self.resident_here(self.household())
        self.update(resident, wanted_changes(self.data["kind"], resident.tags, self.data))
        return resident.id

    def apply(self) -> int:
        kind = self.data["kind"]
        if kind == "new_resident":
            return self.new_resident()
        if kind == "moved_out":
            return self.moved_out()
        return self.changed()


def _outcome(data: dict, resident_id: int | None, reason: str | None) -> dict:
    return {"correction_id": data["correction_id"], "visit_id": data["visit_id"],
            "campaign_id": data["campaign_id"], "household_code": data["household_code"],
            "resident_id": resident_id, "reason": reason}


def apply_correction(uow: UnitOfWork, env: Envelope, data: dict) -> None:
    """Apply one proposed correction, or refuse it; either way the outcome is answered."""
    try:
        # nothing of a refused correction stays: its rows and events roll back together
        # (the attempt's events are flushed into the savepoint only if it holds)
        with uow.session.begin_nested(), \
                UnitOfWork.within(uow.session, uow.events.outbox) as attempt:
            resident_id = _Correction(attempt, env, data).apply()
    except Refused as refused:
        reason = str(refused)
        log.warning("correction %s (event %s) rejected: %s", data["correction_id"],
                    env.id, reason)
        uow.events.add("correction_rejected", _outcome(data, data["resident_id"], reason),
                       subject=data["correction_id"])
        return
    log.info("correction %s (event %s) applied to resident %s", data["correction_id"],
             env.id, resident_id)
    uow.events.add("correction_applied", _outcome(data, resident_id, None),
                   subject=data["correction_id"])
