"""The framework stays at the edges: each service's models and domain rules import without
nameko, eventlet or werkzeug (docs/architecture.md rule 6), so they can be read, tested and
reused by tools that never start a service. Each module is imported in a fresh interpreter:
in this one, other tests have long since imported the frameworks. What each layer may
import, read from the source, is tests/unit/test_layers.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = ("nameko", "eventlet", "werkzeug")
SERVICES = ("registry", "dispatch", "visits", "reporting", "accounts")
# plain modules that models, domains and use cases import: the framework-free halves of
# common modules that were split from their nameko glue
COMMON_PLAIN = ("audit", "area_paths", "guard", "errors", "relay_process")


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def framework_free_modules() -> list[str]:
    found = []
    for service in SERVICES:
        base = ROOT / "services" / service
        found.append(_module(base / "adapters" / "models.py"))
        found.extend(_module(path) for path in sorted((base / "domain").rglob("*.py")))
    found.extend(f"services.common.{name}" for name in COMMON_PLAIN
                 if (ROOT / "services" / "common" / f"{name}.py").exists())
    return found


def test_every_service_is_covered():
    modules = framework_free_modules()
    for service in SERVICES:
        assert f"services.{service}.adapters.models" in modules
        assert f"services.{service}.domain" in modules


@pytest.mark.parametrize("module", framework_free_modules())
def test_imports_no_framework(module):
    probe = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        f"print(' '.join(sorted({{name.split('.')[0] for name in sys.modules}}"
        f" & set({FRAMEWORKS!r}))))\n")
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", probe], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [], f"{module} pulls in {done.stdout.strip()}"
