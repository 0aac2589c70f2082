"""Writes web/src/vocab/codes.ts: every closed list of codes of services/common/vocab.py,
so the web app takes its codes from the one place the services do. Labels live in
web/src/vocab/labels.ts; a Vitest test fails when a code has no label in a language.

Run: .venv/bin/python web/scripts/gen_vocab.py   (tests/unit/test_web_vocab.py checks the
file is current)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "web" / "src" / "vocab" / "codes.ts"


def render() -> str:
    sys.path.insert(0, str(ROOT))
    from services.common import vocab

    lines = ["// Generated from services/common/vocab.py by web/scripts/gen_vocab.py: do not edit.",
             ""]
    for name in sorted(n for n in dir(vocab) if n.isupper()):
        value = getattr(vocab, name)
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            lines.append(f"export const {name} = {json.dumps(list(value))} as const")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
