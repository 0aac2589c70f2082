"""The web app's questionnaire validator is checked against vectors made from the visits
service's validate_answers (web/scripts/questionnaire_vectors.py → web/src/questionnaire/
vectors.json, replayed by web/src/questionnaire/validate.test.ts). If a rule changes in
Python and the vectors are not made again, the app would keep the old rule unnoticed:
this test fails until `.venv/bin/python web/scripts/questionnaire_vectors.py` is run."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "web" / "scripts" / "questionnaire_vectors.py"


def _script():
    spec = importlib.util.spec_from_file_location("questionnaire_vectors", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vectors_are_what_the_python_validator_gives_now():
    script = _script()
    assert script.TARGET.read_text(encoding="utf-8") == script.render(), (
        "web/src/questionnaire/vectors.json is stale: run "
        ".venv/bin/python web/scripts/questionnaire_vectors.py and commit it")


def test_vectors_reach_every_reason_and_every_question():
    script = _script()
    data = json.loads(script.TARGET.read_text(encoding="utf-8"))
    seen = {code for case in data["cases"] for code in case["errors"].values()}
    assert seen == {code for _, code in script.REASONS}
    for index, questionnaire in enumerate(data["questionnaires"]):
        cases = [c for c in data["cases"] if c["q"] == index]
        accepted = [c for c in cases if not c["errors"]]
        assert accepted, f"no accepted answer set for {questionnaire['id']}"
        answered = {k for c in accepted for k in c["answers"]}
        # every question, conditional ones included, is answered acceptably at least once
        assert answered >= {q["id"] for q in questionnaire["questions"]}, questionnaire["id"]
