"""Questionnaires: loading with clear errors, answer validation, the shipped 三询问一完善."""

from __future__ import annotations

import json
from datetime import date

import pytest

from services.visits.domain import (
    Condition,
    QuestionnaireError,
    asked_questions,
    default_questionnaire,
    dump_questionnaire,
    load_questionnaire,
    parse_document,
    validate_answers,
)


def doc(*questions, **top) -> dict:
    return {"id": "q", "version": 1, "title": "测试", "questions": list(questions), **top}


YES_NO = {"id": "returned", "type": "yes_no", "text": "来返？", "required": True}
FROM = {"id": "from_where", "type": "text", "text": "从哪里来", "required": True,
        "when": {"question": "returned", "equals": True}}
COUNT = {"id": "people", "type": "number", "text": "人数", "required": True, "min": 0,
         "max": 20}
HAZARDS = {"id": "hazards", "type": "multiple_choice", "text": "隐患",
           "options": ["gas", "fire", "water"]}
FIRE_DETAIL = {"id": "fire_detail", "type": "text", "text": "消防隐患说明", "required": True,
               "when": {"question": "hazards", "equals": "fire"}}


def failure(data: dict) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(data)
    return caught.value


# -- loading ---------------------------------------------------------------------------------

def test_loads_questions_conditions_and_bounds():
    q = load_questionnaire(doc(YES_NO, FROM, COUNT, HAZARDS, FIRE_DETAIL))
    assert q.ids == ("returned", "from_where", "people", "hazards", "fire_detail")
    assert q.question("from_where").when == Condition("returned", True)
    assert (q.question("people").min, q.question("people").max) == (0, 20)
    assert q.question("hazards").options == ("gas", "fire", "water")
    assert q.question("missing") is None


def test_options_with_labels_keep_values_and_labels_apart():
    q = load_questionnaire(doc({"id": "c", "type": "single_choice", "text": "类别", "options": [
        {"value": "medical", "label": "就医"}, {"value": "other", "label": "其他"}]}))
    assert q.questions[0].options == ("medical", "other")
    assert q.questions[0].label("medical") == "就医"


@pytest.mark.parametrize(("data", "path", "reason"), [
    (doc({**YES_NO, "type": "rating"}), "questions.0.type", "not a question type"),
    (doc(YES_NO, {**COUNT, "id": "returned"}), "questions.1.id", "used by an earlier"),
    (doc({**HAZARDS, "options": []}), "questions.0.options", "at least two options"),
    (doc({**HAZARDS, "options": ["gas"]}), "questions.0.options", "at least two options"),
    (doc({**HAZARDS, "options": ["gas", "gas"]}), "questions.0.options.1", "listed twice"),
    (doc({**YES_NO, "options": ["a", "b"]}), "questions.0.options", "only choice questions"),
    (doc(FROM, YES_NO), "questions.0.when.question", "not an earlier question"),
    (doc(YES_NO, {**FROM, "when": {"question": "nope", "equals": True}}),
     "questions.1.when.question", "not an earlier question"),
    (doc(YES_NO, {**FROM, "when": {"question": "returned", "equals": "yes"}}),
     "questions.1.when.equals", "can never match"),
    (doc(HAZARDS, {**FIRE_DETAIL, "when": {"question": "hazards", "equals": "flood"}}),
     "questions.1.when.equals", "can never match"),
    (doc(YES_NO, {**FROM, "when": {"question": "returned"}}), "questions.1.when.equals",
     "required"),
    (doc(YES_NO, FROM, {**FIRE_DETAIL, "id": "x", "when": {"question": "from_where",
                                                            "equals": "北京"}}),
     "questions.2.when.question", "conditions can only test"),
    (doc({**COUNT, "min": 5, "max": 1}), "questions.0.min", "above max"),
    (doc({**COUNT, "min": 0.5}), "questions.0.min", "whole number"),
    (doc({**YES_NO, "max": 3}), "questions.0.max", "only number questions"),
    (doc({**YES_NO, "requried": True}), "questions.0.requried", "unknown field"),
    (doc({**YES_NO, "id": "Bad Id"}), "questions.0.id", "lower-case"),
    (doc({**YES_NO, "text": "  "}), "questions.0.text", "must not be empty"),
    (doc({**YES_NO, "required": "yes"}), "questions.0.required", "true or false"),
    (doc(YES_NO, version=0), "version", "at least 1"),
    (doc(YES_NO, version=True), "version", "whole number"),
    (doc(YES_NO, title=None), "title", "required"),
    ({"id": "q", "version": 1, "title": "t"}, "questions", "either"),
    (doc(YES_NO, sections=[]), "questions", "either"),
    (doc(), "questions", "non-empty list"),
    (doc("not a mapping"), "questions.0", "must be a mapping"),
])
def test_every_defect_is_named_by_path_and_reason(data, path, reason):
    error = failure(data)
    assert error.path == path
    assert reason in error.reason
    assert str(error).startswith(path)


def test_sections_give_paths_inside_the_section():
    error = failure({"id": "q", "version": 1, "title": "t", "sections": [
        {"title": "一", "questions": [YES_NO]},
        {"title": "二", "questions": [{**COUNT, "type": "slider"}]}]})
    assert error.path == "sections.1.questions.0.type"


def test_sections_flatten_in_order_and_mark_each_question():
    q = load_questionnaire({"id": "q", "version": 2, "title": "t", "sections": [
        {"title": "一、人员", "questions": [YES_NO, FROM]},
        {"title": "二、安全", "questions": [HAZARDS]}]})
    assert q.ids == ("returned", "from_where", "hazards")
    assert [x.section for x in q.questions] == ["一、人员", "一、人员", "二、安全"]


def test_a_dumped_questionnaire_loads_back_equal():
    q = default_questionnaire()
    again = load_questionnaire(json.loads(json.dumps(dump_questionnaire(q))))
    assert again == q


# -- parsing files ---------------------------------------------------------------------------

def test_parse_document_reads_yaml_and_json_by_extension():
    assert parse_document("id: q\nversion: 1\n", "c.yaml") == {"id": "q", "version": 1}
    assert parse_document("id: q\n", "C.YML") == {"id": "q"}
    assert parse_document('{"id": "q"}', "c.json") == {"id": "q"}


@pytest.mark.parametrize(("text", "name", "reason"), [
    ("id: [unclosed\n", "c.yaml", "not valid YAML at line"),
    ('{"id": }', "c.json", "not valid JSON at line 1"),
    ("- a\n- b\n", "c.yaml", "must hold a mapping"),
    ("", "c.yaml", "must hold a mapping"),
    ("id: q", "c.txt", "unsupported file type '.txt'"),
])
def test_parse_errors_name_the_file_and_what_is_wrong(text, name, reason):
    with pytest.raises(QuestionnaireError) as caught:
        parse_document(text, name)
    assert caught.value.path == name
    assert reason in caught.value.reason


# -- answers ---------------------------------------------------------------------------------

@pytest.fixture
def small():
    return load_questionnaire(doc(YES_NO, FROM, COUNT, HAZARDS, FIRE_DETAIL))


def test_complete_answers_are_valid(small):
    answers = {"returned": True, "from_where": "武汉", "people": 3, "hazards": ["fire"],
               "fire_detail": "楼道堆物"}
    assert validate_answers(small, answers, outcome="reached") == {}


def test_required_only_when_reached_and_asked(small):
    assert validate_answers(small, {}, outcome="reached") == {
        "returned": ["required"], "people": ["required"]}
    # not asked: returned is no, nothing in hazards chosen
    assert validate_answers(small, {"returned": False, "people": 2}, outcome="reached") == {}
    assert validate_answers(small, {"returned": True, "people": 2}, outcome="reached") == {
        "from_where": ["required"]}


@pytest.mark.parametrize("outcome", ["not_home", "refused", "vacant"])
def test_other_outcomes_need_nothing_but_what_is_given_must_be_valid(small, outcome):
    assert validate_answers(small, {}, outcome=outcome) == {}
    assert validate_answers(small, {"people": -1}, outcome=outcome) == {
        "people": ["must be at least 0"]}


def test_an_answer_to_a_question_not_asked_is_an_error(small):
    errors = validate_answers(small, {"returned": False, "from_where": "武汉", "people": 1},
                              outcome="reached")
    assert errors == {"from_where": ["not asked: only when returned is yes"]}
    errors = validate_answers(small, {"returned": True, "from_where": "武汉", "people": 1,
                                      "hazards": ["gas"], "fire_detail": "x"},
                              outcome="reached")
    assert errors == {"fire_detail": ["not asked: only when hazards is fire"]}


def test_unanswered_condition_asks_nothing_further(small):
    errors = validate_answers(small, {"from_where": "武汉"}, outcome="not_home")
    assert errors == {"from_where": ["not asked: only when returned is yes"]}


def test_a_bad_condition_answer_does_not_cascade(small):
    errors = validate_answers(small, {"returned": "yes", "from_where": "武汉", "people": 1},
                              outcome="reached")
    assert errors == {"returned": ["must be true or false"]}


def test_unknown_question_ids_are_errors(small):
    errors = validate_answers(small, {"returned": False, "people": 1, "pets": 2},
                              outcome="reached")
    assert errors == {"pets": ["unknown question for q version 1"]}


def test_answers_must_be_a_mapping(small):
    assert "_schema" in validate_answers(small, ["a"], outcome="reached")


def test_unknown_outcome_is_a_programming_error(small):
    with pytest.raises(ValueError, match="outcome"):
        validate_answers(small, {}, outcome="maybe")


@pytest.mark.parametrize(("question", "value", "problem"), [
    ({"type": "yes_no"}, 1, "must be true or false"),
    ({"type": "yes_no"}, "true", "must be true or false"),
    ({"type": "number"}, True, "must be a number"),
    ({"type": "number"}, "3", "must be a number"),
    ({"type": "number"}, 2.5, "must be a whole number"),
    ({"type": "number", "min": 1}, 0, "must be at least 1"),
    ({"type": "number", "max": 10}, 11, "must be at most 10"),
    ({"type": "number", "integer": False, "max": 1.5}, 1.6, "must be at most 1.5"),
    ({"type": "number"}, float("nan"), "must be a number"),
    ({"type": "date"}, "2030-02-30", "is not a real date"),
    ({"type": "date"}, "30/01/2030", "must be a date written YYYY-MM-DD"),
    ({"type": "date"}, "2030-01-01T08:00", "must be a date written YYYY-MM-DD"),
    ({"type": "text"}, 5, "must be text"),
    ({"type": "text"}, "字" * 1001, "must be at most 1000 characters"),
    ({"type": "single_choice", "options": ["a", "b"]}, "c", "must be one of: a, b"),
    ({"type": "single_choice", "options": ["a", "b"]}, ["a"], "must be one of: a, b"),
    ({"type": "multiple_choice", "options": ["a", "b"]}, "a", "must be a list of options"),
    ({"type": "multiple_choice", "options": ["a", "b"]}, ["a", "z"],
     "'z' is not an option; must be one of: a, b"),
    ({"type": "multiple_choice", "options": ["a", "b"]}, ["a", "a"], "lists an option twice"),
    ({"type": "multiple_choice", "options": ["a", "b"], "required": True}, [],
     "choose at least one"),
    ({"type": "text", "required": True}, "  ", "required"),
])
def test_type_checks(question, value, problem):
    q = load_questionnaire(doc({"id": "x", "text": "问题", **question}))
    assert validate_answers(q, {"x": value}, outcome="reached") == {"x": [problem]}


@pytest.mark.parametrize(("question", "value"), [
    ({"type": "number"}, 4.0),
    ({"type": "number", "integer": False}, 37.5),
    ({"type": "date"}, "2030-02-28"),
    ({"type": "date"}, date(2030, 2, 28)),
    ({"type": "text"}, "字" * 1000),
    ({"type": "multiple_choice", "options": ["a", "b"]}, []),
    ({"type": "multiple_choice", "options": ["a", "b"]}, ["b", "a"]),
])
def test_accepted_values(question, value):
    q = load_questionnaire(doc({"id": "x", "text": "问题", **question}))
    assert validate_answers(q, {"x": value}, outcome="reached") == {}


def test_null_is_the_same_as_not_answered(small):
    assert validate_answers(small, {"returned": False, "people": 1, "from_where": None},
                            outcome="reached") == {}


def test_conditions_chain():
    q = load_questionnaire(doc(YES_NO, FROM,
                               {"id": "sure", "type": "yes_no", "text": "确定？",
                                "when": {"question": "returned", "equals": True}},
                               {"id": "why", "type": "text", "text": "为何不确定",
                                "required": True,
                                "when": {"question": "sure", "equals": False}}))
    # returned=no: sure not asked, so why is not asked either
    assert validate_answers(q, {"returned": False, "why": "?"}, outcome="reached") == {
        "why": ["not asked: only when sure is no"]}
    assert validate_answers(q, {"returned": True, "from_where": "x", "sure": False},
                            outcome="reached") == {"why": ["required"]}


def test_asked_questions_follow_the_answers(small):
    assert asked_questions(small, {"returned": False}) == ("returned", "people", "hazards")
    assert asked_questions(small, {"returned": True, "hazards": ["fire"]}) == (
        "returned", "from_where", "people", "hazards", "fire_detail")


# -- the shipped questionnaire -----------------------------------------------------------------

def reached_answers(**changes) -> dict:
    base = {"people_present": 3, "arrived_recently": False, "test_status": "all_negative",
            "water_hazard": False, "electricity_hazard": False, "gas_hazard": False,
            "fire_hazard": False, "has_difficulty": False, "registry_correct": True}
    return {**base, **changes}


def test_default_questionnaire_has_the_four_parts():
    q = default_questionnaire()
    assert (q.id, q.version, q.title) == ("san_xunwen_yi_wanshan", 1, "三询问一完善")
    sections = list(dict.fromkeys(x.section for x in q.questions))
    assert sections == ["一、询问人员", "二、询问安全", "三、询问困难", "四、完善信息"]
    assert q.question("difficulty_category").options == (
        "medical", "supplies", "elderly_care", "social_security", "housing_safety", "other")
    for kind in ("water", "electricity", "gas", "fire"):
        assert q.question(f"{kind}_hazard").type == "yes_no"
        assert q.question(f"{kind}_hazard_types").when == Condition(f"{kind}_hazard", True)
    assert q.question("registry_fixes").when == Condition("registry_correct", False)
    assert default_questionnaire() is q


def test_default_questionnaire_accepts_a_plain_visit_and_a_full_one():
    q = default_questionnaire()
    assert validate_answers(q, reached_answers(), outcome="reached") == {}
    full = reached_answers(
        arrived_recently=True, arrived_from="湖北省武汉市", arrived_on="2030-03-01",
        arrived_reported=True, gas_hazard=True, gas_hazard_types=["hose_aging", "no_alarm"],
        has_difficulty=True, difficulty_category="elderly_care", difficulty_urgent=False,
        registry_correct=False, registry_fixes=["new_resident", "tags_changed"])
    assert validate_answers(q, full, outcome="reached") == {}


def test_default_questionnaire_catches_the_usual_mistakes():
    q = default_questionnaire()
    errors = validate_answers(q, reached_answers(arrived_recently=True, fire_hazard=True,
                                                 has_difficulty=True,
                                                 difficulty_category="money",
                                                 registry_fixes=["moved_out"]),
                              outcome="reached")
    assert errors["arrived_from"] == ["required"]
    assert errors["fire_hazard_types"] == ["required"]
    assert errors["difficulty_category"][0].startswith("must be one of")
    assert errors["registry_fixes"] == ["not asked: only when registry_correct is no"]
    assert validate_answers(q, {}, outcome="not_home") == {}
