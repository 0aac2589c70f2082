"""Visits rules as plain Python: questionnaires, task splitting, the household state
machine, head-count reconciliation and residents' requests.

No database, broker or nameko import here (docs/architecture.md rule 6).
"""

from services.visits.domain import households, requests
from services.visits.domain.households import (
    ASSIGNABLE,
    STATES,
    HouseholdState,
    TransitionError,
    count_states,
    coverage,
    needs_visit,
    record_visit,
    release,
)
from services.visits.domain.households import assign as assign_household
from services.visits.domain.questionnaire import (
    QUESTION_TYPES,
    TEXT_MAX,
    Condition,
    Question,
    Questionnaire,
    QuestionnaireError,
    asked_questions,
    default_questionnaire,
    dump_questionnaire,
    load_questionnaire,
    parse_document,
    validate_answers,
)
from services.visits.domain.reconcile import (
    CORRECTION_KINDS,
    RESIDENT_TAGS,
    STATUS_FIELDS,
    Correction,
    explained,
    head_count_gap,
    opens_discrepancy,
    validate_corrections,
)
from services.visits.domain.requests import (
    CATEGORIES,
    CLOSERS,
    DEFAULT_SLA_HOURS,
    URGENCIES,
    HistoryEntry,
    Request,
    RequestError,
    due_at,
    escalate,
    escalation,
    is_overdue,
    median_hours,
    raise_request,
    reopen,
    resolve,
    sla_hours,
)
from services.visits.domain.requests import assign as assign_request
from services.visits.domain.requests import close as close_request
from services.visits.domain.tasks import HouseholdSlot, split_households, unassigned, walking_order

__all__ = [
    "ASSIGNABLE", "CATEGORIES", "CLOSERS", "CORRECTION_KINDS", "DEFAULT_SLA_HOURS",
    "QUESTION_TYPES", "RESIDENT_TAGS", "STATES", "STATUS_FIELDS", "TEXT_MAX", "URGENCIES",
    "Condition", "Correction", "HistoryEntry", "HouseholdSlot", "HouseholdState", "Question",
    "Questionnaire", "QuestionnaireError", "Request", "RequestError", "TransitionError",
    "asked_questions", "assign_household", "assign_request", "close_request", "count_states",
    "coverage", "default_questionnaire", "due_at", "dump_questionnaire", "escalate",
    "escalation", "explained", "head_count_gap", "households", "is_overdue",
    "load_questionnaire", "median_hours", "needs_visit", "opens_discrepancy",
    "parse_document", "raise_request", "record_visit", "release", "reopen", "requests",
    "resolve", "sla_hours", "split_households", "unassigned", "validate_answers",
    "validate_corrections", "walking_order",
]
