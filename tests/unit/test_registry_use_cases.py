"""The registry's use cases with fakes: a session that answers its lookups from a list and
numbers what it inserts, the lookups of rows by code replaced by what the test hands
over, and the real Events stager over an outbox that keeps what it is given (payloads
are checked against their contracts all the same). No database, no broker: what a write
stages, what a refusal leaves behind (nothing), and in which order.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from services.common.errors import Conflict, NotFound, Refused
from services.common.inbound import Rejected
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.registry.adapters.models import (
    MESSAGING,
    SERVICE,
    Area,
    PlaceChange,
    Resident,
    ResidentChange,
    ResidentMove,
)
from services.registry.entrypoints import handlers
from services.registry.use_cases import areas, corrections, households, lookups, moves, residents

TODAY = date(2026, 3, 10)
EVENT = SimpleNamespace(id="e1", time=datetime(2026, 3, 10, 4, 0, tzinfo=UTC))


class KeptOutbox(Outbox):
    """An outbox whose rows are a list: what a unit of work flushed, in order."""

    def __init__(self) -> None:
        super().__init__(SERVICE, MESSAGING)
        self.written: list = []

    def add_envelopes(self, session, envelopes) -> None:
        self.written.extend(envelopes)


class Result:
    def __init__(self, value) -> None:
        self.value = value

    def all(self):
        return self.value

    def first(self):
        return self.value

    def scalar_one(self):
        return self.value

    scalar_one_or_none = scalar = scalar_one


class FakeSession:
    """Answers each query with the next of `answers`; keeps what is added and gives it an
    id and its columns' defaults on flush, as the database would."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.added: list = []
        self.next_id = 1000

    def execute(self, statement, params=None):
        assert self.answers, f"an unexpected query: {statement}"
        return Result(self.answers.pop(0))

    def add(self, row) -> None:
        self.added.append(row)

    def flush(self) -> None:
        for row in self.added:
            if getattr(row, "id", 0) is None:
                self.next_id += 1
                row.id = self.next_id
                for column in row.__table__.columns:  # what an insert would default
                    default = column.default
                    if default is not None and default.is_scalar \
                            and getattr(row, column.key, None) is None:
                        setattr(row, column.key, default.arg)

    @contextmanager
    def begin_nested(self):
        yield


def unit(*answers) -> tuple[UnitOfWork, KeptOutbox]:
    outbox = KeptOutbox()
    return UnitOfWork(FakeSession(*answers), outbox), outbox


def resident(**columns) -> Resident:
    row = Resident(id=7, id_hash="h", id_masked="1101**********002X", name="王小明",
                   phone="13800000000", gender="male", birth_year=1949, household_id=3,
                   tags=[], registration_code_applied=False, vaccination="none",
                   latest_test_date=None, latest_test_result=None, recent_travel=None,
                   returned_on=None, version=4)
    for key, value in columns.items():
        setattr(row, key, value)
    return row


@pytest.fixture(autouse=True)
def _grids(monkeypatch):
    """Households 3 and 4 sit in grids G1 and G2."""
    monkeypatch.setattr(residents, "grid_code_of",
                        lambda session, hid: {3: "G1", 4: "G2"}.get(hid))


# --- areas ------------------------------------------------------------------------------

def test_an_area_under_the_wrong_level_is_refused_and_writes_nothing(monkeypatch):
    city = Area(id=1, code="4401", level="city", path="4401", version=1)
    monkeypatch.setattr(areas, "area_by_code", lambda session, code: city)
    uow, _ = unit()
    with pytest.raises(Conflict) as err:
        areas.create_area(uow, {"code": "G9", "level": "grid", "name": "九", "parent_code": "4401",
                                "leader_name": None})
    assert err.value.field == "parent_code" and "community" in err.value.reason
    assert uow.session.added == [] and uow.events.staged == []


def test_a_grid_is_announced_as_grid_registered_with_its_path(monkeypatch):
    community = Area(id=5, code="C1", level="community", path="4401/440106/S1/C1", version=1)
    monkeypatch.setattr(areas, "area_by_code", lambda session, code: community)
    uow, outbox = unit(None)  # no area has the code yet
    area, parent_code = areas.create_area(uow, {"code": "G1", "level": "grid", "name": "一",
                                                "parent_code": "C1", "leader_name": "李"})
    uow.flush()
    assert parent_code == "C1" and area.id is not None
    [event] = outbox.written
    assert event.type == "registry.grid_registered" and event.subject == "G1"
    assert event.data["path"] == ["4401", "440106", "S1", "C1", "G1"]


def test_a_taken_code_is_a_conflict_before_any_insert(monkeypatch):
    monkeypatch.setattr(areas, "area_by_code", lambda session, code: None)
    uow, _ = unit((1,))  # the code's row exists
    with pytest.raises(Conflict, match="already exists"):
        areas.create_area(uow, {"code": "4401", "level": "city", "name": "广州",
                                "parent_code": None, "leader_name": None})
    assert uow.session.added == [] and uow.events.staged == []


@pytest.mark.parametrize(("data", "events", "version"), [
    ({"name": "新名"}, ["area_updated"], 3),
    ({"name": "旧名"}, [], 2),                    # nothing really changes: no new version
    ({"name": "旧名", "leader_name": "王"}, ["area_updated"], 3),
])
def test_an_area_takes_a_new_version_and_an_event_only_when_it_changes(monkeypatch, data,
                                                                        events, version):
    street = Area(id=4, code="S1", level="street", name="旧名", leader_name=None,
                  parent_id=2, path="4401/440106/S1", version=2)
    monkeypatch.setattr(areas, "area_by_code", lambda session, code, lock=False: street)
    monkeypatch.setattr(areas, "area_code", lambda session, area_id: "440106")
    uow, _ = unit()
    areas.update_area(uow, "S1", {**data, "version": 2})
    assert [e.name for e in uow.events.staged] == events and street.version == version


def test_a_stale_version_is_a_conflict_and_changes_nothing(monkeypatch):
    street = Area(id=4, code="S1", level="street", name="旧名", path="S1", version=5)
    monkeypatch.setattr(areas, "area_by_code", lambda session, code, lock=False: street)
    uow, _ = unit()
    with pytest.raises(Conflict) as err:
        areas.update_area(uow, "S1", {"name": "新名", "version": 4})
    assert err.value.field == "version" and "is 5 now, not 4" in err.value.reason
    assert street.name == "旧名" and uow.events.staged == []


# --- residents --------------------------------------------------------------------------

def test_an_update_keeps_a_trail_with_the_phone_masked_and_stages_one_event():
    person = resident()
    uow, _ = unit()
    changes = residents.update(uow, person, {"phone": "13900000000", "tags": ["returnee"],
                                             "vaccination": "none"}, "api")
    assert set(changes) == {"phone", "tags"} and person.version == 5
    [trail] = [row for row in uow.session.added if isinstance(row, ResidentChange)]
    assert trail.changes == {"phone": ["***", "***"], "tags": [[], ["returnee"]]}
    [event] = uow.events.staged
    assert event.type == "registry.resident_updated" and event.data["grid_code"] == "G1"
    assert "13900000000" not in str(event.data) and event.data["cause"] == "api"


ACCOUNT = "0c7d2b8e-5a41-4f0e-9c3b-6e2f1a9d4b70"


def test_the_account_behind_a_change_is_kept_in_the_trail_and_the_events():
    person = resident()
    uow, _ = unit()
    residents.update(uow, person, {"tags": ["returnee"]}, "api", ACCOUNT)
    residents.move(uow, person, 4, TODAY, None, "api", ACCOUNT)
    [change] = [row for row in uow.session.added if isinstance(row, ResidentChange)]
    [move] = [row for row in uow.session.added if isinstance(row, ResidentMove)]
    assert (change.cause, change.actor) == ("api", ACCOUNT)
    assert (move.cause, move.actor) == ("api", ACCOUNT)
    assert [(e.type, e.data["actor"]) for e in uow.events.staged] == [
        ("registry.resident_updated", ACCOUNT), ("registry.resident_moved", ACCOUNT)]


def test_a_change_no_account_made_names_none():
    """Imports, inbound events and visits' corrections name their cause only."""
    uow, _ = unit()
    residents.update(uow, resident(), {"tags": ["returnee"]}, "visit:v-1")
    [change] = [row for row in uow.session.added if isinstance(row, ResidentChange)]
    assert (change.cause, change.actor) == ("visit:v-1", None)
    assert uow.events.staged[0].data["actor"] is None


def test_a_place_change_names_its_account_and_masks_a_leaders_name(monkeypatch):
    street = Area(id=4, code="S1", level="street", name="旧名", leader_name=None,
                  parent_id=2, path="4401/440106/S1", version=2)
    monkeypatch.setattr(areas, "area_by_code", lambda session, code, lock=False: street)
    monkeypatch.setattr(areas, "area_code", lambda session, area_id: "440106")
    uow, _ = unit()
    areas.update_area(uow, "S1", {"name": "新名", "leader_name": "王小明", "version": 2},
                      ACCOUNT)
    [trail] = [row for row in uow.session.added if isinstance(row, PlaceChange)]
    assert (trail.kind, trail.code, trail.actor, trail.cause) == ("area", "S1", ACCOUNT, "api")
    assert trail.changes == {"name": "新名", "leader_name": "王*明"}
    uow, _ = unit()
    areas.update_area(uow, "S1", {"name": "新名", "version": 3}, ACCOUNT)  # no change
    assert uow.session.added == []


def test_an_update_that_changes_nothing_writes_nothing():
    uow, _ = unit()
    assert residents.update(uow, resident(), {"vaccination": "none"}, "api") == {}
    assert uow.session.added == [] and uow.events.staged == []


def test_a_test_result_without_its_date_is_a_bad_request(monkeypatch):
    monkeypatch.setattr(residents, "resident_by_id", lambda session, rid, lock=False: resident())
    uow, _ = unit()
    with pytest.raises(Refused) as err:
        residents.update_resident(uow, 7, {"status": {"latest_test_result": "negative"}}, "api")
    assert err.value.messages_dict == {
        "status.latest_test_date": ["the test date and result go together"]}
    assert uow.events.staged == []


STANDARD_ID = "11010519491231002X"  # born 1949, a woman (the 17th digit is even)


def test_a_new_resident_takes_birth_year_and_gender_from_the_id_number(monkeypatch):
    monkeypatch.setattr(residents, "household_by_code",
                        lambda session, code: SimpleNamespace(id=3, code=code))
    uow, _ = unit(None)  # nobody has this ID number yet
    person, created = residents.create_resident(uow, b"k", {
        "id_number": STANDARD_ID, "household_code": "H3", "name": "王五", "phone": None,
        "gender": None, "birth_year": None, "tags": ["returnee", "returnee"]}, "api")
    assert created and (person.birth_year, person.gender) == (1949, "female")
    assert person.tags == ["returnee"] and person.id_masked == "1101**********002X"
    assert STANDARD_ID not in repr(vars(person))
    [event] = uow.events.staged
    assert event.type == "registry.resident_registered" and event.data["household_id"] == 3


def test_the_same_id_number_again_is_the_same_person_unchanged(monkeypatch):
    known = resident()
    monkeypatch.setattr(residents, "household_by_code",
                        lambda session, code: SimpleNamespace(id=4, code=code))
    uow, _ = unit(known)  # the ID number's hash finds them
    person, created = residents.create_resident(uow, b"k", {
        "id_number": STANDARD_ID, "household_code": "H4", "name": "别名", "gender": None,
        "birth_year": None}, "api")
    assert person is known and not created and known.household_id == 3
    assert uow.session.added == [] and uow.events.staged == []


def test_a_grid_named_in_a_body_that_is_not_a_grid_is_a_conflict():
    session = FakeSession(Area(id=5, code="C1", level="community", path="C1"))
    with pytest.raises(Conflict) as err:
        lookups.grid_by_code(session, "C1", "grid_code")
    assert (err.value.field, err.value.reason) == ("grid_code", "C1 is a community, not a grid")


def test_a_grid_list_filtered_by_a_building_elsewhere_is_a_bad_parameter(monkeypatch):
    grid = Area(id=9, code="G1", level="grid", path="G1", parent_id=5)
    monkeypatch.setattr(households, "grid_by_code", lambda session, code: grid)
    session = FakeSession([], [], None)  # no households, no residents, no such building
    with pytest.raises(Refused) as err:
        households.grid_households(session, "G1", {"building": "B9"})
    assert err.value.messages_dict == {"building": ["grid G1 has no building B9"]}


def test_a_move_records_where_from_and_where_to():
    person = resident()
    uow, _ = unit()
    record = residents.move(uow, person, 4, TODAY, "搬家", "api")
    assert (record.from_household_id, record.to_household_id) == (3, 4)
    assert person.household_id == 4 and person.version == 5
    [event] = uow.events.staged
    assert event.type == "registry.resident_moved"
    assert (event.data["from_grid_code"], event.data["to_grid_code"]) == ("G1", "G2")


def test_moving_a_resident_where_they_live_writes_nothing(monkeypatch):
    person = resident()
    monkeypatch.setattr(moves, "resident_by_id", lambda session, rid, lock=False: person)
    monkeypatch.setattr(moves, "household_by_code",
                        lambda session, code: SimpleNamespace(id=3, code=code))
    uow, _ = unit(None)  # no move recorded yet
    moved = moves.move_resident(uow, 7, {"to_household_code": "H3", "moved_on": TODAY,
                                         "reason": None}, "api")
    assert moved.move is None and uow.session.added == [] and uow.events.staged == []


def test_a_move_dated_before_the_last_one_is_a_conflict(monkeypatch):
    person = resident()
    monkeypatch.setattr(moves, "resident_by_id", lambda session, rid, lock=False: person)
    monkeypatch.setattr(moves, "household_by_code",
                        lambda session, code: SimpleNamespace(id=4, code=code))
    uow, _ = unit(date(2026, 3, 12))  # the last recorded move
    with pytest.raises(Conflict) as err:
        moves.move_resident(uow, 7, {"to_household_code": "H4", "moved_on": TODAY,
                                     "reason": None}, "api")
    assert err.value.field == "moved_on"
    assert person.household_id == 3 and uow.events.staged == []


# --- corrections proposed by visits ------------------------------------------------------

def correction(**changes) -> dict:
    return {"correction_id": "k1", "visit_id": "v1", "campaign_id": "c1",
            "household_code": "H3", "resident_id": 7, "kind": "tags_changed",
            "tags_add": ["returnee"], "tags_remove": [], **changes}


def test_an_applied_correction_answers_after_the_change_it_made():
    household = SimpleNamespace(id=3, code="H3")
    uow, outbox = unit(household, resident())
    corrections.apply_correction(uow, EVENT, correction())
    uow.flush()
    assert [e.name for e in outbox.written] == ["resident_updated", "correction_applied"]
    assert outbox.written[0].data["cause"] == "visit:v1"
    assert outbox.written[1].data["resident_id"] == 7


def test_a_refused_tag_drops_what_the_correction_did_before_it(monkeypatch):
    """A new resident the registry knows elsewhere is moved here first, then their tags
    are checked: an unknown tag refuses the whole correction, and the resident_moved its
    attempt staged goes with the savepoint. Only the rejection is published."""
    known = resident()  # lives in household 3
    monkeypatch.setattr(corrections, "seal_key", lambda: b"k")
    monkeypatch.setattr(corrections, "unseal", lambda blob, key, context: {})
    monkeypatch.setattr(corrections, "opened_identity",
                        lambda plain, id_hash, key: ("11010519491231002X", "王五"))
    monkeypatch.setattr(corrections, "config", SimpleNamespace(
        id_hash_key=lambda: b"k", local_tz=lambda: ZoneInfo("Asia/Shanghai")))
    monkeypatch.setattr(residents, "find_by_id_number",
                        lambda session, id_number, key, lock=False: known)
    proposed = correction(kind="new_resident", resident_id=None, household_code="H4",
                          sealed="blob", id_hash="h", day=TODAY, tags_add=["returnee"])

    uow, outbox = unit(SimpleNamespace(id=4, code="H4"), None)  # no earlier move
    corrections.apply_correction(uow, EVENT, proposed)
    uow.flush()
    assert [e.name for e in outbox.written] == ["resident_moved", "resident_updated",
                                                "correction_applied"]

    known = resident()
    uow, outbox = unit(SimpleNamespace(id=4, code="H4"), None)
    corrections.apply_correction(uow, EVENT,
                                 {**proposed, "tags_add": ["wizard"]})
    uow.flush()
    [event] = outbox.written
    assert event.name == "correction_rejected"
    assert event.data["reason"] == "tags_add: unknown tag(s) wizard"


def test_a_correction_for_someone_living_elsewhere_is_refused():
    household = SimpleNamespace(id=4, code="H4")
    uow, outbox = unit(household, resident())  # the resident lives in household 3
    corrections.apply_correction(uow, EVENT,
                                 correction(household_code="H4"))
    uow.flush()
    [event] = outbox.written
    assert event.data["reason"] == "resident_id: resident 7 does not live in household H4"


# --- what other systems report (integration.events) -------------------------------------

ARRIVAL = {"id_number": STANDARD_ID, "arrived_on": TODAY, "from_region": "深圳市",
           "returnee": True}


@pytest.fixture
def keyed(monkeypatch):
    monkeypatch.setattr(handlers, "config", SimpleNamespace(id_hash_key=lambda: b"k"))


def handled(handler, *answers, **data):
    """Run an inbound handler over a fake session; what it wrote into the outbox."""
    outbox = KeptOutbox()
    table = handlers.INTEGRATION_EVENTS
    bound = table.bind(outbox=outbox)
    [on] = {bound[t] for t, (fn, _wrap) in table.declared.items() if fn is handler}
    on(FakeSession(*answers), EVENT, data)
    return outbox.written


def test_a_self_report_tags_a_known_returnee_and_keeps_the_latest_arrival(keyed):
    [event] = handled(handlers.on_self_reported, resident(), **ARRIVAL)
    assert event.type == "registry.resident_updated" and event.data["cause"] == "event:e1"
    assert event.data["tags"] == ["returnee"]
    assert event.data["status"]["returned_on"] == TODAY.isoformat()


def test_a_self_report_of_a_stranger_names_what_registering_them_needs(keyed):
    with pytest.raises(Rejected) as err:
        handled(handlers.on_self_reported, None, **ARRIVAL)
    assert err.value.reason == "unknown resident: data.household_code; data.name"
    assert err.value.errors == {
        "data.household_code": ["required for a person not yet registered"],
        "data.name": ["required for a person not yet registered"]}


def test_a_self_report_into_an_unknown_household_is_rejected(keyed):
    with pytest.raises(Rejected) as err:
        handled(handlers.on_self_reported, None, None, **ARRIVAL, name="王五",
                household_code="NO-SUCH")
    assert err.value.reason == "data.household_code: unknown household NO-SUCH"
    assert err.value.errors == {"data.household_code": ["unknown household"]}


def test_a_self_report_of_a_stranger_registers_them_first(keyed):
    # unknown by ID number, household H3 has id 3, and still unknown when registering
    events = handled(handlers.on_self_reported, None, 3, None, **ARRIVAL, name="王五",
                     household_code="H3")
    assert [e.name for e in events] == ["resident_registered", "resident_updated"]
    assert events[0].data["household_id"] == 3


@pytest.mark.parametrize(("kept", "reported", "events"), [
    ((None, None), (TODAY, "negative"), ["resident_updated"]),
    ((TODAY, "positive"), (TODAY, "negative"), []),        # outranked on the same day
    ((TODAY, "negative"), (date(2026, 3, 9), "positive"), []),  # older than the one kept
])
def test_a_test_result_replaces_only_an_older_or_outranked_one(keyed, kept, reported,
                                                                events):
    person = resident(latest_test_date=kept[0], latest_test_result=kept[1])
    written = handled(handlers.on_test_result, person, id_number=STANDARD_ID,
                      tested_on=reported[0], result=reported[1])
    assert [e.name for e in written] == events


def test_a_test_result_for_nobody_registered_is_rejected(keyed):
    with pytest.raises(Rejected) as err:
        handled(handlers.on_test_result, None, id_number=STANDARD_ID, tested_on=TODAY,
                result="negative")
    assert err.value.reason == "data.id_number: no registered resident has this ID number"


@pytest.mark.parametrize(("raised", "reason"), [
    (Refused([("arrived_on", "after the day reported")]), "arrived_on: after the day reported"),
    (NotFound("household", "H7"), "data.household_code: household H7 not found"),
    (NotFound("resident", 9), "data.id_number: resident 9 not found"),
    (Conflict("version", "changed meanwhile"), "data.version: changed meanwhile")])
def test_other_refusals_of_a_report_are_not_relabelled(keyed, monkeypatch, raised, reason):
    # only what reports.py raises for a stranger or nobody registered is worded its own way
    def refuse(*_args):
        raise raised

    monkeypatch.setattr(handlers.reports, "self_reported", refuse)
    monkeypatch.setattr(handlers.reports, "test_reported", refuse)
    for handler in (handlers.on_self_reported, handlers.on_test_result):
        with pytest.raises(Rejected) as err:
            handled(handler, **ARRIVAL, tested_on=TODAY, result="negative")
        assert err.value.reason == reason
