"""A household's door-to-door state in a campaign: transitions, follow-up, late visits."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from services.common import vocab
from services.visits.domain import (
    HouseholdState,
    TransitionError,
    count_states,
    coverage,
    needs_visit,
    record_visit,
    release,
)
from services.visits.domain import assign_household as assign
from services.visits.domain.households import OUTCOMES, STATES

T0 = datetime(2030, 3, 4, 1, 0, tzinfo=UTC)
MAX = 3


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def visit(st: HouseholdState, outcome: str, hours: float | None = None,
          max_attempts: int = MAX) -> HouseholdState:
    after, _ = record_visit(st, outcome, max_attempts=max_attempts,
                            visited_at=None if hours is None else at(hours))
    return after


def test_the_state_machine_speaks_the_vocabulary():
    assert STATES is vocab.HOUSEHOLD_STATES
    assert OUTCOMES is vocab.VISIT_OUTCOMES


def test_a_new_household_is_unassigned_and_needs_a_visit():
    st = HouseholdState()
    assert (st.state, st.attempts, st.follow_up, st.version) == ("unassigned", 0, False, 0)
    assert needs_visit(st, max_attempts=MAX)


def test_assign_then_release_returns_to_unassigned():
    st = assign(HouseholdState(), at=at(0))
    assert (st.state, st.version, st.assigned_at) == ("assigned", 1, at(0))
    assert not needs_visit(st, max_attempts=MAX)
    back = release(st)
    assert (back.state, back.version, back.assigned_at) == ("unassigned", 2, None)


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_a_visit_ends_the_task_with_its_outcome(outcome):
    st, changed = record_visit(assign(HouseholdState()), outcome, max_attempts=MAX,
                               visited_at=at(1))
    assert changed
    assert st.state == outcome
    assert st.attempts == (1 if outcome == "not_home" else 0)
    assert st.version == 2
    assert st.assigned_at is None


def test_not_home_comes_back_until_max_attempts_then_follow_up():
    st = HouseholdState()
    for n in range(1, MAX + 1):
        st = visit(assign(st), "not_home", n)
        assert (st.state, st.attempts) == ("not_home", n)
        assert st.follow_up is (n == MAX)
        assert needs_visit(st, max_attempts=MAX) is (n < MAX)
    with pytest.raises(TransitionError, match="follow-up list"):
        assign(st, max_attempts=MAX)


def test_release_after_a_not_home_visit_keeps_the_attempts():
    st = visit(assign(HouseholdState()), "not_home", 1)
    again = assign(st, at=at(2))
    back = release(again)
    assert (back.state, back.attempts, back.last_outcome) == ("not_home", 1, "not_home")
    assert back.version == again.version + 1


def test_release_at_the_limit_returns_to_the_follow_up_list():
    st = HouseholdState()
    for n in range(1, MAX + 1):
        st = visit(assign(st), "not_home", n)
    retried = assign(st)   # a grid worker trying once more, without the limit check
    assert not retried.follow_up
    assert release(retried, max_attempts=MAX).follow_up


def test_refused_goes_to_follow_up_and_is_not_planned_but_may_be_assigned():
    st = visit(assign(HouseholdState()), "refused", 1)
    assert st.follow_up
    assert not needs_visit(st, max_attempts=MAX)
    again = assign(st)
    assert again.state == "assigned"
    assert release(again).state == "refused"


def test_reached_is_final():
    st = visit(assign(HouseholdState()), "reached", 1)
    assert not needs_visit(st, max_attempts=MAX)
    for outcome in OUTCOMES:
        after, changed = record_visit(st, outcome, max_attempts=MAX, visited_at=at(5))
        assert after is st
        assert not changed


def test_reached_by_phone_ends_a_follow_up():
    st = HouseholdState()
    for n in range(1, MAX + 1):
        st = visit(st, "not_home", n)
    assert st.follow_up
    st = visit(st, "reached", 10)
    assert (st.state, st.follow_up, st.attempts) == ("reached", False, MAX)


def test_vacant_is_not_planned_again():
    st = visit(assign(HouseholdState()), "vacant", 1)
    assert not needs_visit(st, max_attempts=MAX)
    assert not st.follow_up
    with pytest.raises(TransitionError, match="vacant"):
        assign(st)


@pytest.mark.parametrize(("state", "reason"), [
    (HouseholdState(state="assigned"), "already has an open task"),
    (HouseholdState(state="reached"), "reached"),
    (HouseholdState(state="vacant"), "vacant"),
])
def test_invalid_assignments(state, reason):
    with pytest.raises(TransitionError, match=reason) as caught:
        assign(state)
    assert caught.value.action == "assign"


@pytest.mark.parametrize("state", ["unassigned", "reached", "not_home", "refused", "vacant"])
def test_only_an_assigned_household_can_be_released(state):
    with pytest.raises(TransitionError, match="only an assigned household"):
        release(HouseholdState(state=state))


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="outcome"):
        record_visit(HouseholdState(), "moved", max_attempts=MAX)
    with pytest.raises(ValueError, match="max_attempts"):
        record_visit(HouseholdState(), "reached", max_attempts=0)
    with pytest.raises(ValueError, match="state"):
        HouseholdState(state="lost")
    with pytest.raises(ValueError, match="negative"):
        HouseholdState(attempts=-1)


def test_a_visit_without_a_task_still_counts():
    st = visit(HouseholdState(), "not_home", 1)
    assert (st.state, st.attempts, st.version) == ("not_home", 1, 1)


# -- late and out-of-order visits ------------------------------------------------------------

def test_an_older_visit_arriving_late_does_not_override_a_newer_outcome():
    st = visit(HouseholdState(), "refused", 5)
    after, changed = record_visit(st, "vacant", max_attempts=MAX, visited_at=at(2))
    assert after is st and not changed


def test_an_older_not_home_arriving_late_still_counts_its_attempt():
    st = visit(HouseholdState(), "refused", 5)
    after, changed = record_visit(st, "not_home", max_attempts=MAX, visited_at=at(2))
    assert changed
    assert (after.state, after.attempts, after.last_outcome) == ("refused", 1, "refused")
    assert after.version == st.version + 1


def test_an_older_reached_visit_arriving_late_still_reaches():
    st = visit(HouseholdState(), "not_home", 5)
    assert visit(st, "reached", 2).state == "reached"


def test_a_visit_from_before_the_assignment_leaves_the_task_standing():
    st = visit(HouseholdState(), "not_home", 1)
    st = assign(st, at=at(10))
    late = visit(st, "not_home", 2)   # captured offline before the new shift, sent now
    assert (late.state, late.attempts, late.assigned_at) == ("assigned", 2, at(10))
    assert release(late).state == "not_home"
    done = visit(late, "refused", 11)
    assert (done.state, done.assigned_at) == ("refused", None)


def test_a_reached_visit_from_before_the_assignment_ends_it():
    st = assign(visit(HouseholdState(), "not_home", 1), at=at(10))
    assert visit(st, "reached", 3).state == "reached"


def test_without_times_a_visit_counts_as_the_newest():
    st = visit(HouseholdState(), "refused", 5)
    assert visit(st, "vacant").state == "vacant"


def test_same_instant_visits_resolve_by_precedence_not_arrival():
    a = visit(visit(HouseholdState(), "not_home", 1), "refused", 1)
    b = visit(visit(HouseholdState(), "refused", 1), "not_home", 1)
    assert (a.state, a.attempts) == (b.state, b.attempts) == ("refused", 1)


VISITS = [("not_home", 1), ("not_home", 3), ("vacant", 2), ("refused", 4), ("not_home", 4)]


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(VISITS))))[::7])
def test_the_result_does_not_depend_on_arrival_order(order):
    st = HouseholdState()
    for i in order:
        st = visit(st, *VISITS[i], max_attempts=10)
    assert (st.state, st.attempts, st.last_visit_at) == ("refused", 3, at(4))
    assert st.follow_up


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_reached_wins_in_any_order(order):
    visits = [("not_home", 1), ("reached", 2), ("not_home", 3), ("refused", 4)]
    st = HouseholdState()
    for i in order:
        st = visit(st, *visits[i])
    assert st.state == "reached"


def test_every_change_raises_the_version_and_nothing_else_does():
    st = HouseholdState()
    versions = []
    for step in (lambda s: assign(s), lambda s: visit(s, "not_home", 1),
                 lambda s: assign(s), lambda s: release(s), lambda s: visit(s, "reached", 2)):
        st = step(st)
        versions.append(st.version)
    assert versions == [1, 2, 3, 4, 5]
    assert visit(st, "not_home", 3).version == 5


# -- coverage --------------------------------------------------------------------------------

def test_coverage_is_reached_over_all_households():
    assert coverage({"reached": 3, "not_home": 1, "unassigned": 4, "assigned": 0,
                     "refused": 1, "vacant": 1}) == 0.3
    assert coverage({"reached": 5}) == 1.0
    assert coverage({}) == 0.0
    assert coverage({"reached": 0, "unassigned": 0}) == 0.0


@pytest.mark.parametrize("counts", [{"lost": 1}, {"reached": -1}, {"reached": 1.5}])
def test_coverage_refuses_bad_counts(counts):
    with pytest.raises(ValueError):
        coverage(counts)


def test_count_states_lists_every_state():
    states = [HouseholdState(), HouseholdState(state="reached"), HouseholdState(state="reached")]
    counts = count_states(states)
    assert counts == {"unassigned": 1, "assigned": 0, "reached": 2, "not_home": 0,
                      "refused": 0, "vacant": 0}
    assert coverage(counts) == pytest.approx(2 / 3)
