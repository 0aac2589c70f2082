"""Writes web/src/questionnaire/vectors.json: conformance vectors for the app's questionnaire
validator (web/src/questionnaire/validate.ts).

The app checks a visit's answers before sending it, from the questionnaire definition the
visits service serves. Its rules must be the service's rules, not a second copy that drifts:
this script runs the service's own validate_answers over the shipped questionnaire, a few
crafted ones (every question type, chained conditions, conditions on multiple-choice
questions) and many answer sets (hand-picked edge cases and a seeded random sample), and
records which question ids it refuses and why (a reason code per id). A Vitest test replays
every case against the TypeScript validator; tests/unit/test_questionnaire_vectors.py fails
when the committed file is not what this script writes now (a rule changed in Python).

Run: .venv/bin/python web/scripts/questionnaire_vectors.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from services.common.vocab import VISIT_OUTCOMES as OUTCOMES  # noqa: E402
from services.visits.domain.questionnaire import (  # noqa: E402
    asked_questions,
    default_questionnaire,
    dump_questionnaire,
    load_questionnaire,
    validate_answers,
)

TARGET = ROOT / "web" / "src" / "questionnaire" / "vectors.json"
SEED = 20261208
RANDOM_CASES = 300   # per questionnaire

# The service's reasons (English, for API users) → the codes the app translates. A reason
# not listed here stops the script: a new rule needs a code and a message in the app.
REASONS = (
    ("answers must be a mapping", "schema"),
    ("unknown question for ", "unknown"),
    ("not asked: only when ", "not_asked"),
    ("choose at least one", "choose_one"),
    ("required", "required"),
    ("must be true or false", "not_boolean"),
    ("must be a number", "not_number"),
    ("must be a whole number", "not_integer"),
    ("must be at least ", "below_min"),
    ("characters", "too_long"),           # "must be at most 1000 characters" (text)
    ("must be at most ", "above_max"),
    ("must be one of: ", "not_option"),
    ("must be a list of options", "not_list"),
    ("is not an option; ", "bad_option"),
    ("lists an option twice", "duplicate"),
    ("is not a real date", "not_real_date"),
    ("must be a date written", "not_date"),
    ("must be text", "not_text"),
)

EVERY_TYPE = {
    "id": "every_type", "version": 3, "title": "Every question type",
    "questions": [
        {"id": "yn", "type": "yes_no", "text": "Yes or no", "required": True},
        {"id": "count", "type": "number", "text": "Whole number 0-10", "required": True,
         "min": 0, "max": 10},
        {"id": "ratio", "type": "number", "text": "Any number -1.5..2.5", "integer": False,
         "min": -1.5, "max": 2.5},
        {"id": "free_number", "type": "number", "text": "Unbounded whole number"},
        {"id": "pick", "type": "single_choice", "text": "Plain options", "required": True,
         "options": ["red", "green", "blue"]},
        {"id": "picks", "type": "multiple_choice", "text": "Labelled options", "required": True,
         "options": [{"value": "a", "label": "甲"}, {"value": "b", "label": "乙"},
                     {"value": "c", "label": "丙"}]},
        {"id": "optional_picks", "type": "multiple_choice", "text": "Optional",
         "options": ["x", "y"]},
        {"id": "day", "type": "date", "text": "A date", "required": True},
        {"id": "note", "type": "text", "text": "Required text", "required": True},
        {"id": "remark", "type": "text", "text": "Optional text"},
        # an id that is also a property of every JavaScript object
        {"id": "constructor", "type": "yes_no", "text": "Named like Object.prototype's"},
    ],
}

CHAINED = {
    "id": "chained", "version": 1, "title": "Chained conditions",
    "sections": [
        {"title": "First", "questions": [
            {"id": "a", "type": "yes_no", "text": "A", "required": True},
            {"id": "b", "type": "single_choice", "text": "B if A", "required": True,
             "options": ["x", "y"], "when": {"question": "a", "equals": True}},
            {"id": "c", "type": "number", "text": "C if B is x", "required": True,
             "min": 1, "max": 5, "when": {"question": "b", "equals": "x"}},
            {"id": "d", "type": "text", "text": "D if C is 3", "required": True,
             "when": {"question": "c", "equals": 3}},
        ]},
        {"title": "Second", "questions": [
            {"id": "e", "type": "date", "text": "E if A is no", "required": True,
             "when": {"question": "a", "equals": False}},
            {"id": "f", "type": "yes_no", "text": "F if C is 3, optional",
             "when": {"question": "c", "equals": 3}},
            {"id": "g", "type": "number", "text": "G if F", "integer": False,
             "when": {"question": "f", "equals": True}, "required": True},
        ]},
    ],
}

MULTI_CONDITIONS = {
    "id": "multi_conditions", "version": 2, "title": "Conditions on multiple choice",
    "questions": [
        {"id": "m", "type": "multiple_choice", "text": "M", "required": True,
         "options": ["p", "q", "r"]},
        {"id": "n", "type": "yes_no", "text": "N if M has p", "required": True,
         "when": {"question": "m", "equals": "p"}},
        {"id": "o", "type": "date", "text": "O if M has q", "required": True,
         "when": {"question": "m", "equals": "q"}},
        {"id": "k", "type": "multiple_choice", "text": "K if N is no",
         "options": ["z", "w"], "when": {"question": "n", "equals": False}},
        {"id": "t", "type": "text", "text": "T if K has z", "required": True,
         "when": {"question": "k", "equals": "z"}},
        {"id": "s", "type": "single_choice", "text": "S, optional", "options": ["u", "v"]},
        {"id": "u", "type": "number", "text": "U if S is v", "required": True,
         "when": {"question": "s", "equals": "v"}, "max": 3},
    ],
}

LONG = "长" * 1000
EMOJI_1000 = "😀" * 1000          # 1000 code points, 2000 UTF-16 units: acceptable
WHITESPACE = " \t\u3000\u00a0\x1c\x85"   # Python's str.strip() takes all of these
NOT_PY_WHITESPACE = "\ufeff"        # JavaScript's trim() would take it, Python's does not

# Values tried for every question by the random sample (None: the key is left out).
POOL = (
    None, "null", True, False, 0, 1, 3, 5, 10, 11, -1, 2.5, 3.0, -0.0, 1e-9, 10 ** 15,
    "", " ", WHITESPACE, NOT_PY_WHITESPACE, "x", "y", "z", "p", "q", "red", "a", "v",
    "2024-02-29", "2023-02-29", "2024-13-01", "0000-01-01", "2024-1-01", "2024-01-01\n",
    "٢٠٢٤-٠١-٠١", "2024-01-01T00:00", [], ["a"], ["a", "b"], ["a", "a"], ["z"], ["p"],
    ["q"], ["p", "q"], ["r"], ["z", "w"], ["w"], [1], ["x"], [True], {}, {"a": 1},
)
# Answers that fit a question of each type (options are drawn from the question itself).
FITTING = {
    "yes_no": (True, False),
    "number": (0, 1, 2, 3, 3.0, 4, 5, 200, 0.5),
    "date": ("2022-04-01", "2024-02-29", "2000-12-31"),
    "text": ("湖北省武汉市", "x", "  ", ""),
}


def reason_code(message: str) -> str:
    for start, code in REASONS:
        if start in message if code in ("too_long", "bad_option") else message.startswith(start):
            return code
    raise SystemExit(f"questionnaire_vectors: no reason code for {message!r}; add one to "
                     "REASONS and a message to the app (web/src/features/capture/messages.ts)")


def hand_picked(qid: str) -> list[tuple[str, object]]:
    """(outcome, answers) cases written to hit each rule's edges."""
    if qid == "san_xunwen_yi_wanshan":
        base = {"people_present": 3, "arrived_recently": False, "test_status": "all_negative",
                "water_hazard": False, "electricity_hazard": False, "gas_hazard": False,
                "fire_hazard": False, "has_difficulty": False, "registry_correct": True}
        return [
            ("reached", {}), ("not_home", {}), ("refused", {}), ("vacant", {}),
            ("reached", base),
            ("reached", {**base, "arrived_recently": True}),
            ("reached", {**base, "arrived_recently": True, "arrived_from": "湖北省武汉市",
                         "arrived_on": "2022-04-01", "arrived_reported": True}),
            ("reached", {**base, "arrived_from": "湖北省武汉市"}),
            ("reached", {**base, "arrived_recently": True, "arrived_from": "  ",
                         "arrived_on": "2022-02-30", "arrived_reported": "yes"}),
            ("reached", {**base, "water_hazard": True, "water_hazard_types": []}),
            ("reached", {**base, "water_hazard": True, "water_hazard_types": ["leak", "leak"]}),
            ("reached", {**base, "water_hazard": True, "water_hazard_types": ["fire"]}),
            ("reached", {**base, "gas_hazard": True, "gas_hazard_types": ["no_alarm"]}),
            ("reached", {**base, "has_difficulty": True, "difficulty_category": "medical",
                         "difficulty_urgent": False}),
            ("reached", {**base, "has_difficulty": True}),
            ("reached", {**base, "registry_correct": False}),
            ("reached", {**base, "registry_correct": False, "registry_fixes": ["moved_out"]}),
            ("reached", {**base, "registry_correct": True, "registry_fixes": ["moved_out"]}),
            ("reached", {**base, "people_present": 201}),
            ("reached", {**base, "people_present": 2.5}),
            ("reached", {**base, "people_present": "3"}),
            ("reached", {**base, "people_present": True}),
            ("reached", {**base, "test_status": "positive"}),
            ("reached", {**base, "test_status": None}),
            ("reached", {**base, "safety_advice_given": None, "unknown_one": 1}),
            ("not_home", {"people_present": 2}),
            ("not_home", {"people_present": -1, "arrived_from": "x"}),
            ("refused", {"arrived_recently": True}),
            ("reached", {**base, "__proto__": 1, "toString": "x"}),
            ("reached", []), ("reached", "answers"), ("reached", None), ("not_home", 3),
        ]
    if qid == "every_type":
        ok = {"yn": True, "count": 10, "pick": "red", "picks": ["a"], "day": "2024-02-29",
              "note": "好"}
        return [
            ("reached", ok), ("reached", {}), ("vacant", {}),
            ("reached", {**ok, "count": 0, "ratio": -1.5, "free_number": -10 ** 12}),
            ("reached", {**ok, "count": 10.0, "ratio": 2.5}),
            ("reached", {**ok, "ratio": 2.5000001}),
            ("reached", {**ok, "ratio": -1.6}),
            ("reached", {**ok, "count": 0.5}),
            ("reached", {**ok, "free_number": 1.5}),
            ("reached", {**ok, "pick": "RED"}),
            ("reached", {**ok, "pick": ["red"]}),
            ("reached", {**ok, "picks": "a"}),
            ("reached", {**ok, "picks": ["甲"]}),
            ("reached", {**ok, "optional_picks": []}),
            ("not_home", {"picks": []}),
            ("reached", {**ok, "day": "2023-02-29"}),
            ("reached", {**ok, "day": "2024-02-29\n"}),
            ("reached", {**ok, "day": "２０２４-０２-２９"}),
            ("reached", {**ok, "day": "٢٠٢٤-٠٢-٢٩"}),
            ("reached", {**ok, "day": "24-02-29"}),
            ("reached", {**ok, "day": 20240229}),
            ("reached", {**ok, "note": ""}),
            ("reached", {**ok, "note": WHITESPACE}),
            ("reached", {**ok, "note": NOT_PY_WHITESPACE}),
            ("not_home", {"note": ""}),
            ("reached", {**ok, "note": LONG}),
            ("reached", {**ok, "note": LONG + "x"}),
            ("reached", {**ok, "note": EMOJI_1000}),
            ("reached", {**ok, "note": EMOJI_1000 + "😀"}),
            ("reached", {**ok, "remark": 5}),
            ("reached", {**ok, "constructor": True}),
            ("reached", {**ok, "constructor": "no"}),
            ("reached", {**ok, "yn": 1}),
            ("reached", {**ok, "yn": "true"}),
        ]
    if qid == "chained":
        return [
            ("reached", {"a": True}),
            ("reached", {"a": True, "b": "x"}),
            ("reached", {"a": True, "b": "x", "c": 3}),
            ("reached", {"a": True, "b": "x", "c": 3, "d": "yes", "f": True}),
            ("reached", {"a": True, "b": "x", "c": 3.0, "d": "yes", "f": True, "g": 0.5}),
            ("reached", {"a": True, "b": "x", "c": 4, "d": "no"}),
            ("reached", {"a": True, "b": "y", "c": 3}),
            ("reached", {"a": False, "b": "x", "c": 3, "d": "deep"}),
            ("reached", {"a": False}),
            ("reached", {"a": False, "e": "2024-01-01"}),
            ("reached", {"a": "maybe", "b": "x", "c": 3, "d": "d", "e": "bad"}),
            ("reached", {"a": True, "b": "z", "c": 9, "d": 1}),
            ("reached", {"a": True, "b": "x", "c": 3.5, "d": "x", "f": True}),
            ("not_home", {"a": True, "b": "x"}),
            ("not_home", {"a": False, "b": "x"}),
            ("refused", {"c": 3}),
            ("reached", {}),
        ]
    if qid == "multi_conditions":
        return [
            ("reached", {"m": ["p"]}),
            ("reached", {"m": ["p"], "n": False}),
            ("reached", {"m": ["p"], "n": False, "k": ["z"]}),
            ("reached", {"m": ["p"], "n": False, "k": ["z"], "t": "t"}),
            ("reached", {"m": ["p"], "n": True, "k": ["z"], "t": "t"}),
            ("reached", {"m": ["q"], "n": True, "o": "2024-05-05"}),
            ("reached", {"m": ["p", "q"]}),
            ("reached", {"m": ["p", "q"], "n": True, "o": "2024-05-05"}),
            ("reached", {"m": []}),
            ("reached", {"m": [], "n": True}),
            ("reached", {"m": ["p", "p"], "n": True}),
            ("reached", {"m": ["r", "x"], "n": True}),
            ("reached", {"m": "p", "n": True}),
            ("reached", {"m": ["r"], "s": "v"}),
            ("reached", {"m": ["r"], "s": "v", "u": 3}),
            ("reached", {"m": ["r"], "s": "u", "u": 3}),
            ("reached", {"m": ["r"], "s": "w", "u": 4}),
            ("not_home", {"m": [], "n": True}),
            ("vacant", {"m": ["p"], "n": False, "k": []}),
            ("vacant", {"m": ["p"], "n": False, "k": [], "t": "x"}),
        ]
    return []


def random_cases(questionnaire, rng: random.Random) -> list[tuple[str, object]]:
    ids = list(questionnaire.ids)
    out = []
    for _ in range(RANDOM_CASES):
        answers: dict = {}
        fit = rng.choice((0.5, 0.8, 0.95))   # some sets mostly right, to reach deep chains
        for qid in ids:
            q = questionnaire.question(qid)
            roll = rng.random()
            if roll < fit * 0.85:           # an answer that fits, to reach its dependants
                if q.type == "single_choice":
                    answers[qid] = rng.choice(q.options)
                elif q.type == "multiple_choice":
                    answers[qid] = rng.sample(q.options, rng.randint(0, len(q.options)))
                else:
                    answers[qid] = rng.choice(FITTING[q.type])
                continue
            if roll < fit:                  # left out
                continue
            value = rng.choice(POOL)
            if value is None:
                continue
            answers[qid] = None if value == "null" else value
        if rng.random() < 0.6:
            # as a phone sends them: only the questions its answers ask
            asked = set(asked_questions(questionnaire, answers))
            answers = {k: v for k, v in answers.items() if k in asked}
        if rng.random() < 0.1:
            answers["not_a_question"] = rng.choice(POOL[1:])
        out.append((rng.choice(OUTCOMES), answers))
    return out


def render() -> str:
    questionnaires = [default_questionnaire()] + [
        load_questionnaire(doc) for doc in (EVERY_TYPE, CHAINED, MULTI_CONDITIONS)]
    rng = random.Random(SEED)
    cases = []
    for index, questionnaire in enumerate(questionnaires):
        for outcome, answers in hand_picked(questionnaire.id) + random_cases(questionnaire, rng):
            errors = validate_answers(questionnaire, answers, outcome=outcome)
            codes = {}
            for key, reasons in errors.items():
                assert len(reasons) == 1, (key, reasons)   # the app shows one reason a field
                codes[key] = reason_code(reasons[0])
            cases.append({"q": index, "outcome": outcome, "answers": answers,
                          "errors": dict(sorted(codes.items()))})
    lines = [
        "{",
        '  "about": "Generated by web/scripts/questionnaire_vectors.py from '
        'services/visits/domain/questionnaire.py: do not edit.",',
        '  "questionnaires": [',
        ",\n".join("    " + json.dumps(dump_questionnaire(q), sort_keys=True)
                   for q in questionnaires),
        "  ],",
        '  "cases": [',
        ",\n".join("    " + json.dumps(case, sort_keys=True) for case in cases),
        "  ]",
        "}",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
