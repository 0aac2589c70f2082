"""docs/rules.md: the rules people work by, written from the code that applies them (the
shift hours, request service levels and escalation, the shipped questionnaire, the roster
file's headers), so the document cannot drift from the code; a test fails when it is
stale. `make contracts` (or `python -m services.common.rules_doc`) rewrites it."""

from __future__ import annotations

import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def _shifts() -> list[str]:
    from services.common import slots

    lines = ["## Shift hours (半天班次)", "",
             "A slot is a date and a half: `am`, `pm` or `day`, in local time "
             "(`WANGGE_TZ`). Dispatch (check-ins, no-shows, what may still be cancelled "
             "or amended) and visits (when a shift's households are handed out and taken "
             "back, which visit times a shift accepts) read the same hours from "
             "`services/common/slots.py`.", "",
             "| half | starts | ends |", "| --- | --- | --- |"]
    lines += [f"| `{half}` | {slots.SHIFT_STARTS[half]:%H:%M} | {slots.SHIFT_ENDS[half]:%H:%M} |"
              for half in slots.SHIFT_STARTS]
    lines += ["", "| window | default | setting |", "| --- | --- | --- |"]
    lines += [f"| {what} | {minutes} min | `{name}` |" for what, (name, minutes) in (
        ("check-in opens before the start (closes at the end)", slots.CHECKIN_EARLY),
        ("check-out closes after the end", slots.CHECKOUT_LATE),
        ("a visit on the shift, either side of its hours", slots.VISIT_TOLERANCE))]
    lines += ["", "A booking without a check-in at the end is a no-show; a check-in after "
              "the end is only an audited correction; an in-person visit on the shift "
              "counts its visitor present. The whole rule: `docs/shifts.md`.", ""]
    return lines


def _service_levels() -> list[str]:
    from services.visits.domain import requests as domain

    urgencies = domain.URGENCIES
    lines = ["## Request service levels (困难诉求时限)", "",
             "Hours from raising a request to its due time, by category and urgency (the "
             "code table `DEFAULT_SLA_HOURS` in `services/visits/domain/requests.py`). A "
             "deployment overrides any cell with `VISITS_SERVICE_LEVELS` (YAML or JSON "
             "text) or `VISITS_SERVICE_LEVELS_FILE` (a file of it), e.g. "
             "`medical: {critical: 1, high: 4}`; cells not named keep the default. An "
             "unknown category or urgency, or hours that are not a whole number ≥ 1, stop "
             "the visits service at start with the cell named.", "",
             "| category | " + " | ".join(urgencies) + " |",
             "| --- |" + " --- |" * len(urgencies)]
    lines += [f"| `{category}` | " + " | ".join(
        f"{domain.DEFAULT_SLA_HOURS[(category, urgency)]} h" for urgency in urgencies) + " |"
        for category in domain.CATEGORIES]
    lines += ["", "## Escalation (逐级上报)", "",
              "A request still `open` or `assigned` after its due time is overdue. The "
              "first overdue check escalates it one level up the area tree (grid → "
              "community); each further whole service-level period overdue escalates one "
              "more level (→ street → district → city), each with a "
              "`visits.request_overdue` event naming the area told. Above the city there "
              "is nowhere further. A reopened request keeps its original due time. The "
              "lifecycle: `open` → `assigned` (转办; again to transfer) → `resolved` → "
              "`closed`; resolve works from `open` (settled on the spot); a resolved "
              "request can be reopened; closed is final.", ""]
    return lines


def _questionnaire() -> list[str]:
    from services.visits.domain.questionnaire import default_questionnaire

    q = default_questionnaire()
    lines = [f"## The shipped questionnaire: {q.title} (`{q.id}`, version {q.version})", "",
             q.description, "",
             "Every visit with outcome `reached` answers it; a required question must be "
             "answered whenever it is asked (a question with a condition is asked only when "
             "the earlier answer matches). Source: "
             "`services/visits/questionnaires/san_xunwen_yi_wanshan.yaml`.", ""]
    section = None
    for question in q.questions:
        if question.section != section:
            section = question.section
            lines += [f"### {section}", "",
                      "| id | question | type | required | asked when | answers |",
                      "| --- | --- | --- | --- | --- | --- |"]
        when = (f"`{question.when.question}` = `{question.when.equals}`".replace(
            "`True`", "`true`").replace("`False`", "`false`") if question.when else "always")
        answers = ", ".join(f"`{value}` {question.label(value)}" for value in question.options)
        if question.type == "yes_no":
            answers = "`true` 是, `false` 否"
        elif question.type == "date":
            answers = "a date, YYYY-MM-DD"
        elif question.type == "text":
            answers = "free text"
        elif question.type == "number":
            bounds = [f"≥ {question.min:g}" if question.min is not None else "",
                      f"≤ {question.max:g}" if question.max is not None else ""]
            answers = " ".join(b for b in bounds if b) + (" whole" if question.integer else "")
        lines.append(f"| `{question.id}` | {question.text} | {question.type} | "
                     f"{'yes' if question.required else 'no'} | {when} | {answers} |")
        if question is q.questions[-1] or q.questions[q.questions.index(question) + 1] \
                .section != section:
            lines.append("")
    return lines


def _roster() -> list[str]:
    from services.dispatch.domain import roster_rows

    lines = ["## The volunteer roster file (志愿者花名册)", "",
             "CSV (UTF-8) or XLSX, first sheet, header in row 1, at most "
             f"{roster_rows.MAX_ROWS:,} rows (`wangge dispatch roster import FILE`). Each "
             "column may be headed by any of its names; required columns: "
             + ", ".join(f"`{c}`" for c in roster_rows.REQUIRED) + ". Yes/no cells take "
             "是/否 or yes/no; weekdays take Mon…Sun, 一…日, 1…7 or ranges (周一至周五); "
             "halves take am/pm/day or 上午/下午/全天.", "",
             "| column | headers accepted |", "| --- | --- |"]
    lines += [f"| `{column}`{' (required)' if column in roster_rows.REQUIRED else ''} | "
              + ", ".join(aliases) + " |" for column, aliases in roster_rows.HEADERS.items()]
    return lines + [""]


def render() -> str:
    head = ["# The rules people work by", "",
            "Generated from the code that applies them by `make contracts` "
            "(`python -m services.common.rules_doc`); a test fails when this file is stale. "
            "The resident import template is `docs/import-template.md`; roles and scopes "
            "are `docs/access-control.md`.", ""]
    return "\n".join(head + _shifts() + _service_levels() + _questionnaire() + _roster())


def main() -> None:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
