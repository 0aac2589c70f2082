"""A household's state in a campaign: the door-to-door state machine.

Every household of the campaign area is in exactly one state:

    unassigned ──assign──▶ assigned ──visit──▶ reached | not_home | refused | vacant
        ▲                     │                            │
        └──────release────────┘        not_home, refused ──assign──▶ assigned

- `reached` is final: no later visit, late or duplicate, changes it (record_visit then
  returns the state unchanged with changed=False, so duplicates and late arrivals are
  harmless). A reached visit ends a follow-up.
- `not_home` comes back in later shifts (`needs_visit`) until reached or until
  `max_attempts` not-home visits; then `follow_up` is set: the household goes on the
  list for phone/video checks and door-to-door stops planning it.
- `refused` is not planned again by door-to-door; it goes on the follow-up list. It can
  still be assigned on purpose (a grid worker trying again).
- `vacant` (nobody lives there) is not assigned again; a newer visit (say, a phone call
  to the owner) still updates it.
- `release` returns an assigned household to what it was before: its last visit outcome,
  or unassigned if it was never visited. Pass `max_attempts` so that a not-home
  household at the limit goes back onto the follow-up list.

Late and out-of-order visits (phones capture offline and send later; messages can be
redelivered in any order). Visits carry `visited_at`, when they happened:
- `attempts` counts every not-home visit, whenever it arrives (the inbox, keyed by visit
  id, keeps the same visit from being counted twice);
- the state follows the newest visit by `visited_at`; a visit older than the last one
  recorded adds its attempt but does not replace the newer outcome. Two visits at the
  same instant resolve by precedence refused > vacant > not_home, so the result does not
  depend on arrival order;
- a visit that happened before the household's current assignment (`assigned_at`)
  leaves the assignment standing: the volunteer sent now still goes (a reached visit
  excepted, since reached is final);
- a visit without `visited_at` counts as the newest.
So for visits between assignments the final state is the same whatever order they
arrive in: reached if any visit reached it, else the outcome of the newest visit.

Every change returns a new state with `version` + 1, which is the version published in
`visits.household_state_changed`; a consumer keeps the highest version it has seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from services.common.vocab import HOUSEHOLD_STATES as STATES
from services.common.vocab import VISIT_OUTCOMES as OUTCOMES

# Same-instant visits: the outcome that says more about the household wins.
_PRECEDENCE = {"not_home": 0, "vacant": 1, "refused": 2, "reached": 3}
ASSIGNABLE = ("unassigned", "not_home", "refused")


class TransitionError(ValueError):
    """A change the household's current state does not allow."""

    def __init__(self, state: str, action: str, reason: str) -> None:
        super().__init__(f"cannot {action} a household that is {state}: {reason}")
        self.state = state
        self.action = action
        self.reason = reason


@dataclass(frozen=True)
class HouseholdState:
    state: str = "unassigned"
    attempts: int = 0
    follow_up: bool = False
    version: int = 0
    last_outcome: str | None = None
    """outcome of the newest visit; what `release` returns to."""
    last_visit_at: datetime | None = None
    assigned_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"state {self.state!r} is not one of {', '.join(STATES)}")
        if self.last_outcome is not None and self.last_outcome not in OUTCOMES:
            raise ValueError(f"last_outcome {self.last_outcome!r} is not an outcome")
        if self.attempts < 0 or self.version < 0:
            raise ValueError("attempts and version cannot be negative")


def assign(st: HouseholdState, *, at: datetime | None = None,
           max_attempts: int | None = None) -> HouseholdState:
    """Hand the household to a volunteer. `at` (when) lets late visits that happened
    before this assignment leave it standing; `max_attempts`, when given, refuses a
    not-home household already on the follow-up list."""
    if st.state not in ASSIGNABLE:
        reasons = {"assigned": "it already has an open task",
                   "reached": "it has been reached in this campaign",
                   "vacant": "it was found vacant"}
        raise TransitionError(st.state, "assign", reasons[st.state])
    if max_attempts is not None and st.state == "not_home" and st.attempts >= max_attempts:
        raise TransitionError(st.state, "assign", f"not home {st.attempts} times (limit "
                                                  f"{max_attempts}): on the follow-up list")
    return replace(st, state="assigned", follow_up=False, assigned_at=at,
                   version=st.version + 1)


def release(st: HouseholdState, *, max_attempts: int | None = None) -> HouseholdState:
    """Take back an open task (shift cancelled or ended, volunteer removed): back to the
    last visit outcome, or unassigned if it was never visited."""
    if st.state != "assigned":
        raise TransitionError(st.state, "release", "only an assigned household has a task "
                                                   "to release")
    back = st.last_outcome or "unassigned"
    return replace(st, state=back, assigned_at=None,
                   follow_up=_follow_up(back, st.attempts, max_attempts),
                   version=st.version + 1)


def record_visit(st: HouseholdState, outcome: str, *, max_attempts: int,
                 visited_at: datetime | None = None) -> tuple[HouseholdState, bool]:
    """The state after one visit, and whether it changed (False: nothing to publish)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
        raise ValueError("max_attempts must be a whole number of at least 1")
    if st.state == "reached":
        return st, False

    newer = _is_newer(outcome, visited_at, st.last_outcome, st.last_visit_at)
    attempts = st.attempts + (1 if outcome == "not_home" else 0)
    last_outcome, last_at = ((outcome, visited_at) if newer
                             else (st.last_outcome, st.last_visit_at))
    if outcome == "reached":
        state = "reached"
    elif st.state == "assigned" and _before(visited_at, st.assigned_at):
        state = "assigned"
    elif newer:
        state = outcome
    else:
        # An older visit arriving late. While assigned, the newest outcome known ends the
        # task; otherwise the newer state stands.
        state = st.last_outcome if st.state == "assigned" and st.last_outcome else st.state
    after = replace(st, state=state, attempts=attempts, last_outcome=last_outcome,
                    last_visit_at=last_at,
                    assigned_at=st.assigned_at if state == "assigned" else None,
                    follow_up=_follow_up(state, attempts, max_attempts))
    if after == st:
        return st, False
    return replace(after, version=st.version + 1), True


def needs_visit(st: HouseholdState, *, max_attempts: int) -> bool:
    """Eligible for the next door_to_door shift's tasks."""
    return st.state == "unassigned" or (st.state == "not_home" and st.attempts < max_attempts)


def coverage(counts: Mapping[str, int]) -> float:
    """Reached ÷ all households (counts per state); 0 when there are none."""
    for state, n in counts.items():
        if state not in STATES:
            raise ValueError(f"{state!r} is not a household state")
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"count of {state} must be a whole number of at least 0")
    total = sum(counts.values())
    return counts.get("reached", 0) / total if total else 0.0


def count_states(states: Iterable[HouseholdState]) -> dict[str, int]:
    """Households per state, every state present (so figures always add up)."""
    counts = dict.fromkeys(STATES, 0)
    for st in states:
        counts[st.state] += 1
    return counts


def _follow_up(state: str, attempts: int, max_attempts: int | None) -> bool:
    if state == "refused":
        return True
    return state == "not_home" and max_attempts is not None and attempts >= max_attempts


def _is_newer(outcome: str, at: datetime | None, last_outcome: str | None,
              last_at: datetime | None) -> bool:
    if last_outcome is None or at is None or last_at is None:
        return True
    if at != last_at:
        return at > last_at
    return _PRECEDENCE[outcome] > _PRECEDENCE[last_outcome]


def _before(at: datetime | None, assigned_at: datetime | None) -> bool:
    return at is not None and assigned_at is not None and at < assigned_at
