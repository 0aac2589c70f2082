"""One vocabulary: every domain word list lives in services/common/vocab.py.

A list written out again elsewhere drifts: a new outcome added to the contract and not to
the state machine is accepted at the edge and refused inside. This guard reads the source
of services/ and fails on a literal that repeats one of vocab's lists (the same words in
any order, or three or more of them), so a copy is caught when it is made.

Tables keyed by vocabulary words (one rule per word: hours per half-day, a rank per
outcome) are not copies; they are listed in ALLOWED with their reason, and the guard checks
their keys are still vocabulary words, so a table cannot invent a word either.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from services.common import vocab

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "services"
VOCAB = SERVICES / "common" / "vocab.py"
# words a copy must share with a list before it is one: two are a pair ('am', 'pm'),
# not a list
AT_LEAST = 3

# (file under services/, the name the literal is assigned to) → why it may name the words
ALLOWED = {
    ("common/slots.py", "SHIFT_STARTS"): "the hours of each half-day",
    ("common/slots.py", "SHIFT_ENDS"): "the hours of each half-day",
    ("dispatch/domain/model.py", "HALVES_TAKEN"): "which halves each slot occupies",
    ("dispatch/domain/model.py", "HALF_ORDER"): "the halves in the order of a day",
    ("dispatch/domain/assignment.py", "SKILL_PREFERENCES"): "the skill each task kind wants",
    ("registry/domain/rules.py", "newer_test"): "which test result outranks which",
    ("visits/domain/households.py", "_PRECEDENCE"): "which same-instant outcome wins",
    ("visits/domain/households.py", "ASSIGNABLE"): "the states the state machine assigns",
    ("visits/domain/households.py", "assign"): "why each other state cannot be assigned",
    ("visits/domain/reconcile.py", "_FIELDS"): "the fields each correction kind carries",
}


def word_lists() -> dict[str, frozenset[str]]:
    return {name: frozenset(value) for name, value in vars(vocab).items()
            if name.isupper() and isinstance(value, tuple)
            and all(isinstance(w, str) for w in value)}


def _words(node: ast.AST) -> list[str] | None:
    """The string constants of a tuple, list or set literal, or of a dict's keys."""
    if isinstance(node, ast.Dict):
        items = node.keys
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = node.elts
    else:
        return None
    if not items or not all(isinstance(i, ast.Constant) and isinstance(i.value, str)
                            for i in items):
        return None
    return [i.value for i in items]


def _owners(tree: ast.Module) -> dict[ast.AST, str]:
    """Each node's owner: the name it is assigned to at module level, else its function."""
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            here = name
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                here = child.name if name == "<module>" else name
            elif isinstance(child, (ast.Assign, ast.AnnAssign)) and name == "<module>":
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                if isinstance(targets[0], ast.Name):
                    here = targets[0].id
            owner[child] = here
            visit(child, here)

    visit(tree, "<module>")
    return owner


def copies(source: str, where: str, lists: dict[str, frozenset[str]]) -> list[tuple]:
    """Every literal in `source` that repeats one of `lists`: (where, owner, line, list's
    name, the literal's words)."""
    tree = ast.parse(source)
    owner = _owners(tree)
    found = []
    for node in ast.walk(tree):
        words = _words(node)
        if words is None:
            continue
        given = set(words)
        for name, listed in lists.items():
            shared = given & listed
            if given == listed or len(shared) >= AT_LEAST:
                found.append((where, owner.get(node, "<module>"), node.lineno, name, given))
    return found


def service_files() -> list[Path]:
    # migrations are history: they keep the words they were written with
    return sorted(p for p in SERVICES.rglob("*.py")
                  if p != VOCAB and "migrations" not in p.relative_to(SERVICES).parts)


def test_no_word_list_is_written_outside_the_vocabulary():
    lists = word_lists()
    problems, allowed_seen = [], set()
    for path in service_files():
        where = path.relative_to(SERVICES).as_posix()
        for _, owner, line, name, _ in copies(path.read_text(encoding="utf-8"), where, lists):
            if (where, owner) in ALLOWED:
                allowed_seen.add((where, owner))
                continue
            problems.append(f"services/{where}:{line} ({owner}) repeats vocab.{name}: "
                            f"import it from services.common.vocab")
    assert not problems, "\n".join(problems)
    stale = set(ALLOWED) - allowed_seen
    assert not stale, f"ALLOWED names tables that no longer use vocabulary words: {stale}"


def test_tables_keyed_by_words_use_only_vocabulary_words():
    lists = word_lists()
    for where in {where for where, _ in ALLOWED}:
        source = (SERVICES / where).read_text(encoding="utf-8")
        for _, owner, line, name, words in copies(source, where, lists):
            if (where, owner) in ALLOWED:
                unknown = words - lists[name]
                assert not unknown, (f"services/{where}:{line} ({owner}) has {sorted(unknown)}, "
                                     f"not in vocab.{name}")


def test_a_copied_list_is_caught():
    lists = word_lists()
    copied = ('OUTCOMES = ("reached", "not_home", "refused", "vacant")\n'
              'KINDS = {"door_to_door": 1, "checkpoint": 2, "publicity": 3}\n'
              'LEVELS = ["grid", "community", "street", "district", "city"]\n')
    found = {(owner, name) for _, owner, _, name, _ in copies(copied, "x.py", lists)}
    assert found == {("OUTCOMES", "VISIT_OUTCOMES"), ("OUTCOMES", "HOUSEHOLD_STATES"),
                     ("KINDS", "TASK_KINDS"), ("LEVELS", "AREA_LEVELS")}


@pytest.mark.parametrize("code", [
    'HALF = ("am", "pm")',                            # two words: a pair, not a list
    'KEYS = ("campaign_id", "target", "coverage")',   # field names, no vocabulary
    'STATES = vocab.HOUSEHOLD_STATES',                # an import is not a copy
    'COLS = ("target", *VISIT_OUTCOMES, "assigned")',
])
def test_legitimate_code_passes(code):
    assert copies(code, "x.py", word_lists()) == []


def test_the_vocabulary_imports_only_the_standard_library():
    tree = ast.parse(VOCAB.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "vocab.py imports nothing relative"
            imported.add((node.module or "").split(".")[0])
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_the_lists_hold_distinct_codes():
    for name, words in vars(vocab).items():
        if name.isupper() and isinstance(words, tuple):
            assert len(set(words)) == len(words), name
            assert all(w == w.strip().lower() and " " not in w for w in words), name
