"""The web app's codes (web/src/vocab/codes.ts) are services/common/vocab.py's, generated:
a list changed in the services without regenerating fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_web_apps_codes_are_the_services_vocabulary():
    spec = importlib.util.spec_from_file_location("gen_vocab", ROOT / "web/scripts/gen_vocab.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert gen.TARGET.read_text(encoding="utf-8") == gen.render(), (
        "web/src/vocab/codes.ts is stale: run .venv/bin/python web/scripts/gen_vocab.py")
