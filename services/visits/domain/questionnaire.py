"""Campaign questionnaires: definition, loading from YAML/JSON, and answer validation.

A questionnaire is versioned: a visit is checked against the version its campaign uses,
so editing the questions later never invalidates visits already recorded.

Conditions ("ask B only if A is yes") point back to an earlier question. B is asked when
A was asked and answered with `equals` (for a multiple-choice A: when `equals` is among
the options chosen). Conditions chain: if A was not asked, B is not asked either.

Answers are what a phone sends as JSON: booleans, numbers, strings (dates as
"YYYY-MM-DD"), lists of strings. A missing answer and `null` mean the same: not given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import PurePath

import yaml

from services.common import untrusted
from services.common.vocab import VISIT_OUTCOMES as OUTCOMES

QUESTION_TYPES = ("yes_no", "number", "single_choice", "multiple_choice", "date", "text")
CHOICE_TYPES = ("single_choice", "multiple_choice")
# Conditions compare for equality, which is meaningless on free text and fragile on dates.
CONDITION_TYPES = ("yes_no", "number", "single_choice", "multiple_choice")
TEXT_MAX = 1000
DEFAULT_FILE = "san_xunwen_yi_wanshan.yaml"

_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_ID_RULE = "must be 1-64 lower-case letters, digits or '_', starting with a letter"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QUESTION_KEYS = {"id", "type", "text", "required", "options", "when", "min", "max",
                  "integer", "section"}
_TOP_KEYS = {"id", "version", "title", "description", "questions", "sections"}


class QuestionnaireError(ValueError):
    """A defect in a questionnaire or campaign document; `path` names where it is."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Condition:
    question: str
    equals: object


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    required: bool = False
    options: tuple[str, ...] = ()
    when: Condition | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = True
    """number questions only: whole numbers (head-counts) unless declared otherwise."""
    section: str = ""
    option_labels: tuple[str, ...] = ()
    """display labels, parallel to `options` (the values stay English ids)."""

    def label(self, value: str) -> str:
        if value in self.options and self.option_labels:
            return self.option_labels[self.options.index(value)]
        return value


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: str
    questions: tuple[Question, ...]
    description: str = ""

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)


# -- loading -------------------------------------------------------------------------------

def parse_document(text: str, filename: str) -> dict:
    """A campaign or questionnaire file as a mapping: YAML (.yaml/.yml) or JSON (.json)."""
    suffix = PurePath(filename).suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            data = untrusted.check(yaml.safe_load(text))
        elif suffix == ".json":
            data = untrusted.loads(text)
        else:
            raise QuestionnaireError(filename, f"unsupported file type {suffix or '(none)'!r}: "
                                               "use .yaml, .yml or .json")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise QuestionnaireError(filename, f"not valid YAML{where}: {problem}") from None
    except untrusted.UntrustedInput as exc:  # JSON that does not parse, or past the limits
        where = f"{exc.where}: " if exc.where else ""
        raise QuestionnaireError(filename, f"{where}{exc.reason}") from None
    except RecursionError:  # YAML nested deeper than its parser can follow
        raise QuestionnaireError(filename, f"nested more than {untrusted.MAX_DEPTH} levels "
                                           "deep") from None
    if not isinstance(data, dict):
        raise QuestionnaireError(filename, "must hold a mapping (key: value pairs) at the "
                                           f"top, not {_kind(data)}")
    return data


def load_questionnaire(data: Mapping) -> Questionnaire:
    """A Questionnaire from a parsed document. Questions come either as a flat
    `questions` list or grouped in `sections` (each with a `title` and `questions`)."""
    if not isinstance(data, Mapping):
        raise QuestionnaireError("", f"must be a mapping, not {_kind(data)}")
    _no_unknown_keys(data, _TOP_KEYS, "")
    qid = _identifier(data.get("id"), "id")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise QuestionnaireError("version", "must be a whole number of at least 1")
    title = _text(data.get("title"), "title", required=True, limit=200)
    description = _text(data.get("description"), "description", required=False,
                        limit=TEXT_MAX)

    raw: list[tuple[str, str, object]] = []   # (path, section, question mapping)
    if ("questions" in data) == ("sections" in data):
        raise QuestionnaireError("questions", "give either `questions` or `sections`")
    if "questions" in data:
        for i, item in enumerate(_list(data["questions"], "questions")):
            raw.append((f"questions.{i}", "", item))
    else:
        for s, section in enumerate(_list(data["sections"], "sections")):
            spath = f"sections.{s}"
            if not isinstance(section, Mapping):
                raise QuestionnaireError(spath, f"must be a mapping, not {_kind(section)}")
            _no_unknown_keys(section, {"title", "questions"}, spath)
            stitle = _text(section.get("title"), f"{spath}.title", required=True, limit=200)
            for i, item in enumerate(_list(section.get("questions"), f"{spath}.questions")):
                raw.append((f"{spath}.questions.{i}", stitle, item))

    questions: list[Question] = []
    seen: dict[str, Question] = {}
    for path, section, item in raw:
        question = _question(item, path, section, seen)
        seen[question.id] = question
        questions.append(question)
    return Questionnaire(qid, version, title, tuple(questions), description or "")


def dump_questionnaire(questionnaire: Questionnaire) -> dict:
    """The mapping load_questionnaire reads back (to store a version as JSON)."""
    out: dict = {"id": questionnaire.id, "version": questionnaire.version,
                 "title": questionnaire.title}
    if questionnaire.description:
        out["description"] = questionnaire.description
    items = []
    for q in questionnaire.questions:
        item: dict = {"id": q.id, "type": q.type, "text": q.text}
        if q.required:
            item["required"] = True
        if q.section:
            item["section"] = q.section
        if q.options:
            item["options"] = ([{"value": v, "label": label}
                                for v, label in zip(q.options, q.option_labels, strict=True)]
                               if q.option_labels else list(q.options))
        if q.when is not None:
            item["when"] = {"question": q.when.question, "equals": q.when.equals}
        if q.type == "number":
            item["integer"] = q.integer
            if q.min is not None:
                item["min"] = q.min
            if q.max is not None:
                item["max"] = q.max
        items.append(item)
    out["questions"] = items
    return out


@lru_cache(maxsize=1)
def default_questionnaire() -> Questionnaire:
    """The shipped "三询问一完善" questionnaire (immutable, so one copy is shared)."""
    text = resources.files("services.visits.questionnaires").joinpath(DEFAULT_FILE) \
        .read_text(encoding="utf-8")
    return load_questionnaire(parse_document(text, DEFAULT_FILE))


def _question(item: object, path: str, section: str, earlier: dict[str, Question]) -> Question:
    if not isinstance(item, Mapping):
        raise QuestionnaireError(path, f"must be a mapping, not {_kind(item)}")
    _no_unknown_keys(item, _QUESTION_KEYS, path)
    qid = _identifier(item.get("id"), f"{path}.id")
    if qid in earlier:
        raise QuestionnaireError(f"{path}.id", f"{qid!r} is used by an earlier question")
    qtype = item.get("type")
    if qtype not in QUESTION_TYPES:
        raise QuestionnaireError(f"{path}.type", f"{qtype!r} is not a question type; use one "
                                                 f"of {', '.join(QUESTION_TYPES)}")
    text = _text(item.get("text"), f"{path}.text", required=True, limit=500)
    required = item.get("required", False)
    if not isinstance(required, bool):
        raise QuestionnaireError(f"{path}.required", "must be true or false")
    section = _text(item.get("section", section), f"{path}.section", required=False,
                    limit=200) or ""

    options, labels = _options(item, qtype, path)

    integer = item.get("integer", True)
    if "integer" in item and qtype != "number":
        raise QuestionnaireError(f"{path}.integer", "only number questions take `integer`")
    if not isinstance(integer, bool):
        raise QuestionnaireError(f"{path}.integer", "must be true or false")
    bounds = {}
    for key in ("min", "max"):
        if item.get(key) is None:
            bounds[key] = None
            continue
        if qtype != "number":
            raise QuestionnaireError(f"{path}.{key}", "only number questions take bounds")
        value = item[key]
        if not _is_number(value):
            raise QuestionnaireError(f"{path}.{key}", "must be a number")
        if integer and value != int(value):
            raise QuestionnaireError(f"{path}.{key}", "must be a whole number: the question "
                                                      "takes whole numbers")
        bounds[key] = value
    if bounds["min"] is not None and bounds["max"] is not None \
            and bounds["min"] > bounds["max"]:
        raise QuestionnaireError(f"{path}.min", f"is above max ({bounds['max']})")

    when = _condition(item.get("when"), f"{path}.when", earlier)
    return Question(qid, qtype, text, required, options, when, bounds["min"], bounds["max"],
                    integer, section, labels)


def _options(item: Mapping, qtype: str, path: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = item.get("options")
    if qtype not in CHOICE_TYPES:
        if raw:
            raise QuestionnaireError(f"{path}.options", "only choice questions take options")
        return (), ()
    if not raw:
        raise QuestionnaireError(f"{path}.options", "a choice question needs at least two "
                                                    "options")
    values: list[str] = []
    labels: list[str] = []
    for i, option in enumerate(_list(raw, f"{path}.options")):
        opath = f"{path}.options.{i}"
        if isinstance(option, Mapping):
            _no_unknown_keys(option, {"value", "label"}, opath)
            value = _identifier(option.get("value"), f"{opath}.value")
            label = _text(option.get("label"), f"{opath}.label", required=True, limit=200)
        else:
            value = _identifier(option, opath)
            label = value
        if value in values:
            raise QuestionnaireError(opath, f"{value!r} is listed twice")
        values.append(value)
        labels.append(label)
    if len(values) < 2:
        raise QuestionnaireError(f"{path}.options", "a choice question needs at least two "
                                                    "options")
    # Plain-string options carry no separate label: keep labels empty rather than copies.
    if labels == values:
        labels = []
    return tuple(values), tuple(labels)


def _condition(raw: object, path: str, earlier: dict[str, Question]) -> Condition | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise QuestionnaireError(path, "must be a mapping with `question` and `equals`")
    _no_unknown_keys(raw, {"question", "equals"}, path)
    target = raw.get("question")
    if target not in earlier:
        raise QuestionnaireError(f"{path}.question", f"{target!r} is not an earlier question "
                                                     "(a condition can only look back)")
    if "equals" not in raw or raw["equals"] is None:
        raise QuestionnaireError(f"{path}.equals", "is required")
    source = earlier[target]
    if source.type not in CONDITION_TYPES:
        raise QuestionnaireError(f"{path}.question", f"{target!r} is a {source.type} question; "
                                                     "conditions can only test "
                                                     f"{', '.join(CONDITION_TYPES)}")
    equals = raw["equals"]
    problem = _check_single(source, equals)
    if problem:
        raise QuestionnaireError(f"{path}.equals", f"can never match {target!r}: {problem}")
    return Condition(target, equals)


def _no_unknown_keys(data: Mapping, allowed: set[str], path: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        where = f"{path}.{unknown[0]}" if path else unknown[0]
        raise QuestionnaireError(where, f"unknown field (allowed: {', '.join(sorted(allowed))})")


def _identifier(value: object, path: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise QuestionnaireError(path, _ID_RULE)
    return value


def _text(value: object, path: str, *, required: bool, limit: int) -> str | None:
    if value is None:
        if required:
            raise QuestionnaireError(path, "is required")
        return None
    if not isinstance(value, str):
        raise QuestionnaireError(path, f"must be text, not {_kind(value)}")
    value = value.strip()
    if required and not value:
        raise QuestionnaireError(path, "must not be empty")
    if len(value) > limit:
        raise QuestionnaireError(path, f"must be at most {limit} characters")
    return value


def _list(value: object, path: str) -> list:
    if not isinstance(value, list) or not value:
        raise QuestionnaireError(path, "must be a non-empty list")
    return value


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def _is_number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


# -- answers ---------------------------------------------------------------------------------

def validate_answers(questionnaire: Questionnaire, answers: Mapping, *,
                     outcome: str) -> dict[str, list[str]]:
    """Errors keyed by question id; an empty dict means the answers are acceptable.

    Required questions must be answered only when the household was reached and the
    question was asked (its condition held). An answer to a question that was not asked
    is an error: it would be counted in figures that assume the condition. For other
    outcomes answers may be left out, but what is given must still be valid.
    Problems with the answers mapping itself are keyed `_schema`.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    if not isinstance(answers, Mapping):
        return {"_schema": [f"answers must be a mapping of question id to answer, "
                            f"not {_kind(answers)}"]}
    errors: dict[str, list[str]] = {}
    known = set(questionnaire.ids)
    for key in answers:
        if key not in known:
            errors.setdefault(str(key), []).append(
                f"unknown question for {questionnaire.id} version {questionnaire.version}")

    asked: dict[str, bool | None] = {}   # None: cannot tell, its condition's answer is bad
    valid: dict[str, object] = {}
    must_answer = outcome == "reached"
    for q in questionnaire.questions:
        value = answers.get(q.id)
        is_asked = _is_asked(q, asked, valid)
        asked[q.id] = is_asked
        if value is None:
            if is_asked and q.required and must_answer:
                errors.setdefault(q.id, []).append("required")
            continue
        if is_asked is False:
            errors.setdefault(q.id, []).append(f"not asked: only when {_describe(q)}")
            continue
        problem = _check(q, value)
        if problem is None and is_asked and q.required and must_answer and _blank(value):
            problem = "choose at least one" if q.type == "multiple_choice" else "required"
        if problem:
            errors.setdefault(q.id, []).append(problem)
            # Whether its dependants were asked cannot be told from a bad answer: they
            # get their own type checks but no "required"/"not asked" verdict.
            asked[q.id] = None
            continue
        valid[q.id] = value
    return errors


def asked_questions(questionnaire: Questionnaire, answers: Mapping) -> tuple[str, ...]:
    """Ids of the questions the (valid) answers make relevant, in order, for display."""
    asked: dict[str, bool | None] = {}
    valid: dict[str, object] = {}
    for q in questionnaire.questions:
        asked[q.id] = _is_asked(q, asked, valid)
        value = answers.get(q.id)
        if asked[q.id] and value is not None and _check(q, value) is None:
            valid[q.id] = value
    return tuple(qid for qid, yes in asked.items() if yes)


def _is_asked(q: Question, asked: dict[str, bool | None],
              valid: dict[str, object]) -> bool | None:
    if q.when is None:
        return True
    parent = asked.get(q.when.question)
    if parent is None:
        return None
    if not parent or q.when.question not in valid:
        # An unasked or unanswered question asks nothing further.
        return False
    answer = valid[q.when.question]
    if isinstance(answer, list):
        return q.when.equals in answer
    # Answers in `valid` passed their type check, and so did `equals` when loaded, so
    # True never meets 1 here.
    return answer == q.when.equals


def _blank(value: object) -> bool:
    return value == [] or (isinstance(value, str) and not value.strip())


def _describe(q: Question) -> str:
    cond = q.when
    equals = cond.equals
    shown = {True: "yes", False: "no"}.get(equals, equals) if isinstance(equals, bool) \
        else equals
    return f"{cond.question} is {shown}"


def _check_single(q: Question, value: object) -> str | None:
    """Whether one value fits a question, treating a multiple-choice question as a single
    option (how conditions refer to it)."""
    if q.type == "multiple_choice":
        return None if value in q.options else _one_of(q)
    return _check(q, value)


def _check(q: Question, value: object) -> str | None:
    if q.type == "yes_no":
        return None if isinstance(value, bool) else "must be true or false"
    if q.type == "number":
        if not _is_number(value):
            return "must be a number"
        if q.integer and value != int(value):
            return "must be a whole number"
        if q.min is not None and value < q.min:
            return f"must be at least {_num(q.min)}"
        if q.max is not None and value > q.max:
            return f"must be at most {_num(q.max)}"
        return None
    if q.type == "single_choice":
        return None if isinstance(value, str) and value in q.options else _one_of(q)
    if q.type == "multiple_choice":
        if not isinstance(value, list):
            return "must be a list of options"
        bad = [v for v in value if not isinstance(v, str) or v not in q.options]
        if bad:
            return f"{bad[0]!r} is not an option; {_one_of(q)}"
        if len(set(value)) != len(value):
            return "lists an option twice"
        return None
    if q.type == "date":
        if isinstance(value, date):
            return None
        if isinstance(value, str) and _DATE.match(value):
            try:
                date.fromisoformat(value)
                return None
            except ValueError:
                return "is not a real date"
        return "must be a date written YYYY-MM-DD"
    if q.type == "text":
        if not isinstance(value, str):
            return "must be text"
        if len(value) > TEXT_MAX:
            return f"must be at most {TEXT_MAX} characters"
        return None
    raise AssertionError(q.type)   # load_questionnaire admits no other type


def _one_of(q: Question) -> str:
    return f"must be one of: {', '.join(q.options)}"


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
