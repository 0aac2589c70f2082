"""Dispatch rules as plain Python: pairing orders → shifts → volunteers, and person-times.

No database, broker or nameko import here (docs/architecture.md rule 6).
"""

from services.common.vocab import HALVES, SLOT_KINDS, TASK_KINDS
from services.dispatch.domain.assignment import (
    SKILL_PREFERENCES,
    Assignment,
    Staffing,
    assign,
    reassign_shift,
    swap,
)
from services.dispatch.domain.availability import BookingIndex, why_not
from services.dispatch.domain.model import (
    Booking,
    OrderSpec,
    PlanDiff,
    RuleBroken,
    ShiftPlan,
    Slot,
    Volunteer,
    shift_key,
)
from services.dispatch.domain.person_times import (
    PersonTimes,
    Presence,
    daily_figures,
    figures,
    no_show_bookings,
    shift_end,
    shift_start,
)
from services.dispatch.domain.scheduling import (
    diff_plans,
    field_capacity,
    order_slots,
    plan_shifts,
    validate_order,
)
from services.dispatch.domain.versions import check_version
from services.dispatch.domain.withdrawal import withdrawals

__all__ = [
    "HALVES", "SKILL_PREFERENCES", "SLOT_KINDS", "TASK_KINDS", "Assignment", "Booking",
    "BookingIndex", "OrderSpec", "PersonTimes", "PlanDiff", "Presence", "RuleBroken",
    "ShiftPlan", "Slot", "Staffing", "Volunteer", "assign", "check_version",
    "daily_figures", "diff_plans", "field_capacity", "figures", "no_show_bookings",
    "order_slots", "plan_shifts", "reassign_shift", "shift_end", "shift_key", "shift_start",
    "swap", "validate_order", "why_not", "withdrawals",
]
