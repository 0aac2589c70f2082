"""docs/architecture.md stays true: every citation of it in the repository lands on one of
its sections, every path it names exists, every `path::name` it names is defined there,
and nothing points at a design file outside the repository instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
SKIP_DIRS = {".git", ".venv", "var", "__pycache__", ".ruff_cache", ".pytest_cache",
             ".hypothesis", ".schemathesis", "build", "dist", "node_modules"}
# a citation may run over a line break, inside a comment
CITATION = re.compile(r"docs/architecture\.md(?:'s)?,?\s+(rule\s+(\d+)|(?:known\s+)?traps|events)",
                      re.IGNORECASE)
PATH = re.compile(r"(?<![\w./<-])((?:services|tests|docs|deploy|bench|examples|\.ci)/[\w./<>-]*"
                  r"|README\.md|Makefile|pyproject\.toml)(?:::([\w.]+))?")
OUTSIDE_DOC = "DESIGN" + ".md"  # spelled apart so that this file does not name it


def repository_texts() -> list[tuple[Path, str]]:
    found = []
    for path in ROOT.rglob("*"):
        if not path.is_file() or SKIP_DIRS & set(path.relative_to(ROOT).parts) \
                or path.name.endswith(".egg-info") or ".egg-info" in str(path):
            continue
        if path.stat().st_size > 5_000_000:
            continue
        try:
            found.append((path, path.read_text(encoding="utf-8")))
        except (UnicodeDecodeError, OSError):
            continue
    return found


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def headings() -> list[str]:
    return [line.lstrip("#").strip() for line in doc_text().splitlines()
            if line.startswith("#")]


def _flat(text: str) -> str:
    return re.sub(r"\s*\n\s*(?:#+\s*)?", " ", text)


def citations() -> list[tuple[str, str]]:
    found = []
    for path, text in repository_texts():
        if path == DOC:
            continue
        for match in CITATION.finditer(_flat(text)):
            found.append((str(path.relative_to(ROOT)), match.group(1).lower()))
    return found


def section_for(cited: str) -> str | None:
    rule = re.fullmatch(r"rule\s+(\d+)", cited)
    for heading in headings():
        if rule and re.match(rf"Rule {rule.group(1)}:", heading):
            return heading
        if not rule and cited.endswith("traps") and heading.endswith("(traps)"):
            return heading
        if not rule and cited == "events" and heading.endswith("(events)"):
            return heading
    return None


def test_the_rules_are_numbered_one_to_nine():
    numbers = [int(m.group(1)) for h in headings() if (m := re.match(r"Rule (\d+):", h))]
    assert numbers == list(range(1, 10))


def test_the_code_cites_the_document():
    kinds = {"rule" if cited.startswith("rule") else cited.split()[-1]
             for _, cited in citations()}
    assert {"rule", "traps", "events"} <= kinds


def test_every_citation_lands_on_a_section():
    missing = [(where, cited) for where, cited in citations() if section_for(cited) is None]
    assert missing == []


def named_paths() -> list[tuple[str, str | None]]:
    found = []
    for match in PATH.finditer(doc_text()):
        path, name = match.group(1).rstrip("."), match.group(2)
        if "<" in path or ">" in path:
            continue  # a pattern (`services/<name>/…`), not a file
        found.append((path, name.rstrip(".") if name else None))
    return found


def test_the_document_names_paths():
    assert len(named_paths()) > 50


@pytest.mark.parametrize("path", sorted({p for p, _ in named_paths()}))
def test_every_named_path_exists(path):
    assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which does not exist"


def _defined(source: str, name: str) -> bool:
    return re.search(rf"^\s*(?:async\s+def|def|class)\s+{re.escape(name)}\b"
                     rf"|^\s*{re.escape(name)}\s*(?::[^=\n]*)?=", source, re.MULTILINE) \
        is not None


@pytest.mark.parametrize("path,name", sorted({(p, n) for p, n in named_paths() if n}))
def test_every_named_function_is_defined_where_the_document_says(path, name):
    file = ROOT / path
    assert file.is_file(), f"docs/architecture.md names {path}::{name}: no such file"
    source = file.read_text(encoding="utf-8")
    for part in name.split("."):
        assert _defined(source, part), \
            f"docs/architecture.md names {path}::{name}: {part} is not defined there"


def test_nothing_cites_a_design_file_outside_the_repository():
    found = [str(path.relative_to(ROOT)) for path, text in repository_texts()
             if OUTSIDE_DOC in text]
    assert found == []
