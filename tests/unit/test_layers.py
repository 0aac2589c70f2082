"""Each service's layers, read from the source: what docs/architecture.md states (rule 6,
and "Layout of a service") holds, and stops holding only with a failing test.

- `domain/` imports no database, schema library, framework or broker, and from the
  services only its own `domain/` and the plain modules of `services/common/` (those that
  pull none of those in, however indirectly);
- `use_cases/` import nothing from `entrypoints/` and no web, service or schema framework
  (they raise `services/common/errors.py`);
- `adapters/` import nothing from `entrypoints/` nor, except the few named below, from
  `use_cases/`, and no web or service framework;
- no service imports another service's modules; `services/common/` imports none either
  (but for the rules document, which reads domain modules), and the clients (the CLI, the
  demo, the gateway) only what is named below.

Every import counts, a lazy one inside a function too: it is still a dependency. The
modules are parsed, never imported, so this runs in milliseconds and sees the whole tree.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("registry", "dispatch", "visits", "reporting", "accounts")
LAYERS = ("domain", "use_cases", "adapters", "entrypoints")
CLIENTS = ("cli", "demo", "gateway")

# a database, a schema library, a framework or a broker: what a rule must not need
NOT_IN_DOMAIN = frozenset({"sqlalchemy", "alembic", "psycopg2", "marshmallow", "nameko",
                           "werkzeug", "eventlet", "kombu", "pika", "amqp"})
# the web and service frameworks and the schema library stay at the edges
NOT_IN_USE_CASES = frozenset({"nameko", "werkzeug", "eventlet", "marshmallow"})
NOT_IN_ADAPTERS = frozenset({"nameko", "werkzeug", "eventlet"})

# Adapters that call a use case: reporting's projecting inbox, which runs the freeze
# probes and notices a batch triggers, and its frozen figures, read through the figures
# use case. Every other service's event handlers that run a use case are entrypoints
# (entrypoints/handlers.py, registry_events.py, dispatch_events.py), leaving adapters the
# SQL that applies the copies; the list only shrinks (a test fails when an entry is no
# longer needed).
ADAPTERS_CALLING_USE_CASES = {
    ("services.reporting.adapters.consuming", "services.reporting.use_cases.freeze_probes"),
    ("services.reporting.adapters.consuming", "services.reporting.use_cases.notices"),
    ("services.reporting.adapters.frozen_figures", "services.reporting.use_cases.figures"),
}
# What outside a service may import of it: the rules document reads domain modules (and
# only those); `wangge registry import` and the demo run the registry's bulk importer
# against its database (100,000 rows are no HTTP body), with the outbox its models name.
OUTSIDE_READERS = {
    "services.common.rules_doc": ("services.visits.domain.", "services.dispatch.domain."),
    "services.cli.registry_cmds": ("services.registry.use_cases.importer",
                                   "services.registry.adapters.models"),
    "services.demo.__main__": ("services.registry.use_cases.importer",
                               "services.registry.adapters.models"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _paths() -> list[Path]:
    # migrations aside: alembic runs them, nothing imports them
    return [path for path in sorted((ROOT / "services").rglob("*.py"))
            if "migrations" not in path.relative_to(ROOT).parts]


@cache
def modules() -> frozenset[str]:
    return frozenset(module_name(path) for path in _paths())


def imported(source: str, module: str, is_package: bool = False) -> list[str]:
    """Every module an import statement in the source loads: for `from a import b`, `a.b`
    when that is a module (`from services.visits.use_cases import tasks` depends on tasks,
    not on every use case), else `a`. Relative imports are made absolute."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                anchor = package[:len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names += [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else base
                      for alias in node.names]
    return list(dict.fromkeys(names))


@cache
def tree() -> dict[str, list[str]]:
    """module → what it imports, for every module under services/."""
    found = {}
    for path in _paths():
        module = module_name(path)
        found[module] = imported(path.read_text(encoding="utf-8"), module,
                                 path.name == "__init__.py")
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _place(module: str) -> tuple[str | None, str | None]:
    """(service, layer) of a module: layer None for a service's root modules (clock,
    settings, __main__); (None, None) outside the four services."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "services" or parts[1] not in SERVICES:
        return None, None
    return parts[1], parts[2] if len(parts) > 2 and parts[2] in LAYERS else None


def _other_service(name: str, service: str | None) -> str | None:
    owner, _layer = _place(name)
    return owner if owner is not None and owner != service else None


@cache
def plain_common() -> frozenset[str]:
    """The modules of services/common/ a domain may import: those that, through every
    services.common module they import, reach nothing in NOT_IN_DOMAIN and no service."""
    modules = {m: names for m, names in tree().items() if _within(m, "services.common")}

    def reaches(module: str, seen: set[str]) -> bool:
        if module in seen:
            return False
        seen.add(module)
        for name in modules.get(module, ()):
            if _top(name) in NOT_IN_DOMAIN or _place(name)[0] is not None:
                return True
            if name in modules and reaches(name, seen):
                return True
        return False

    return frozenset(m for m in modules if not reaches(m, set()))


# -- the rules: each names what in a module's imports breaks it ------------------------------
def domain_problems(module: str, names: list[str]) -> list[str]:
    service, _ = _place(module)
    problems = []
    for name in names:
        if _top(name) in NOT_IN_DOMAIN:
            problems.append(f"{name}: a domain rule needs no {_top(name)}")
        elif _within(name, "services.common"):
            if name in tree() and name not in plain_common():
                problems.append(f"{name}: not a plain common module (it reaches a "
                                f"framework, a database or a service)")
        elif _within(name, "services") and not _within(name, f"services.{service}.domain"):
            problems.append(f"{name}: a domain imports only its own domain/ and plain "
                            f"services.common modules")
    return problems


def use_case_problems(module: str, names: list[str]) -> list[str]:
    service, _ = _place(module)
    problems = []
    for name in names:
        if _top(name) in NOT_IN_USE_CASES:
            problems.append(f"{name}: the edges use {_top(name)}; use cases raise "
                            f"services.common.errors")
        elif _within(name, f"services.{service}.entrypoints"):
            problems.append(f"{name}: a use case never reaches up to its entrypoints")
        elif _other_service(name, service):
            problems.append(f"{name}: another service's module")
    return problems


def adapter_problems(module: str, names: list[str]) -> list[str]:
    service, _ = _place(module)
    named = [target for source, target in ADAPTERS_CALLING_USE_CASES if source == module]
    problems = []
    for name in names:
        if _top(name) in NOT_IN_ADAPTERS:
            problems.append(f"{name}: the framework stays in entrypoints/")
        elif _within(name, f"services.{service}.entrypoints"):
            problems.append(f"{name}: an adapter never reaches up to its entrypoints")
        elif _within(name, f"services.{service}.use_cases") and not any(
                _within(name, target) for target in named):
            problems.append(f"{name}: an adapter does not call use cases (or is named in "
                            f"ADAPTERS_CALLING_USE_CASES, with why)")
        elif _other_service(name, service):
            problems.append(f"{name}: another service's module")
    return problems


def outside_problems(module: str, names: list[str]) -> list[str]:
    """A service's modules, as imported by another service, by services/common or by a
    client, beyond what OUTSIDE_READERS names."""
    service, _ = _place(module)
    allowed = OUTSIDE_READERS.get(module, ())
    return [f"{name}: another service's module" for name in names
            if _other_service(name, service)
            and not any(name.startswith(prefix) or name == prefix.rstrip(".")
                        for prefix in allowed)]


RULES = {"domain": domain_problems, "use_cases": use_case_problems,
         "adapters": adapter_problems}


def problems(module: str, names: list[str]) -> list[str]:
    """The layer's rule (each also refuses other services), else the rule for modules
    outside the layers: a service's root modules, services/common/ and the clients."""
    _service, layer = _place(module)
    return RULES.get(layer, outside_problems)(module, names)


def problems_of(module: str) -> list[str]:
    return problems(module, tree()[module])


# -- the tree as it is -------------------------------------------------------------------------
def test_every_layer_of_every_service_is_read():
    for service in SERVICES:
        for layer in LAYERS:
            assert any(_place(m) == (service, layer) for m in tree()), (service, layer)
    for client in CLIENTS:
        assert any(_within(m, f"services.{client}") for m in tree()), client
    # the plain common modules domains lean on are found plain
    assert {"services.common.vocab", "services.common.errors", "services.common.identity",
            "services.common.slots", "services.common.clock"} <= plain_common()
    assert "services.common.web" not in plain_common()


@pytest.mark.parametrize("layer", ["domain", "use_cases", "adapters", "entrypoints", None])
def test_each_services_layer_keeps_to_its_imports(layer):
    broken = {m: problems_of(m) for m in tree()
              if _place(m)[0] is not None and _place(m)[1] == layer}
    assert {m: p for m, p in broken.items() if p} == {}


def test_common_and_the_clients_import_no_service_beyond_what_is_named():
    broken = {m: problems_of(m) for m in tree()
              if _within(m, "services.common")
              or any(_within(m, f"services.{c}") for c in CLIENTS)}
    assert {m: p for m, p in broken.items() if p} == {}


def test_each_named_exception_is_still_needed():
    for module, target in ADAPTERS_CALLING_USE_CASES:
        assert any(_within(name, target) for name in tree().get(module, ())), \
            f"{module} no longer imports {target}: take it off ADAPTERS_CALLING_USE_CASES"
    for module, prefixes in OUTSIDE_READERS.items():
        for prefix in prefixes:
            assert any(name.startswith(prefix) for name in tree().get(module, ())), \
                f"{module} no longer imports {prefix}: take it off OUTSIDE_READERS"


# -- each rule fails on a violation ----------------------------------------------------------
@pytest.mark.parametrize(("module", "source"), [
    ("services.visits.domain.x", "import sqlalchemy"),
    ("services.visits.domain.x", "from marshmallow import ValidationError"),
    ("services.visits.domain.x", "def f():\n    from kombu import Connection"),
    ("services.visits.domain.x", "from services.visits.entrypoints import schemas"),
    ("services.visits.domain.x", "from services.visits.use_cases.tasks import open_tasks"),
    ("services.visits.domain.x", "from services.visits.adapters.models import Visit"),
    ("services.visits.domain.x", "from services.visits import settings"),
    ("services.visits.domain.x", "from services.dispatch.domain import model"),
    ("services.visits.domain.x", "from services.common.web import NotFound"),
    ("services.visits.domain.x", "from ..entrypoints import schemas"),
    ("services.dispatch.use_cases.x", "from services.dispatch.entrypoints.scopes import f"),
    ("services.dispatch.use_cases.x", "from werkzeug.exceptions import NotFound"),
    ("services.dispatch.use_cases.x", "from marshmallow import ValidationError"),
    ("services.dispatch.use_cases.x", "from services.visits.use_cases import tasks"),
    ("services.dispatch.use_cases.x", "from . import schemas\nfrom ..entrypoints import api"),
    ("services.reporting.adapters.x", "from services.reporting.entrypoints import schemas"),
    ("services.reporting.adapters.x", "from services.reporting.use_cases import daily"),
    ("services.visits.adapters.shifts", "from services.visits.use_cases.reads import f"),
    ("services.visits.adapters.shifts", "from services.visits.use_cases.tasks import f"),
    ("services.reporting.adapters.x", "from nameko.rpc import rpc"),
    ("services.reporting.adapters.x", "from services.visits.adapters.models import Visit"),
    ("services.registry.entrypoints.x", "from services.visits.domain import households"),
    ("services.registry.clock", "import services.dispatch.clock"),
    ("services.common.x", "from services.visits.adapters.models import Visit"),
    ("services.common.rules_doc", "from services.visits.use_cases import tasks"),
    ("services.cli.x", "from services.dispatch.use_cases import orders"),
    ("services.cli.registry_cmds", "from services.registry.use_cases.residents import f"),
])
def test_a_violation_is_caught(module, source):
    assert problems(module, imported(source, module)), (module, source)


@pytest.mark.parametrize(("module", "source"), [
    ("services.visits.domain.x", "import re\nimport yaml\nfrom services.common import vocab"),
    ("services.visits.domain.x", "from services.visits.domain.shifts import CANCELLED"),
    ("services.visits.domain.x", "from .shifts import CANCELLED"),
    ("services.dispatch.use_cases.x", "from sqlalchemy import select\n"
                                      "from services.common.errors import Refused"),
    ("services.reporting.adapters.consuming",
     "from services.reporting.use_cases import notices"),
    ("services.visits.entrypoints.dispatch_events",
     "from services.visits.use_cases.tasks import f"),
    ("services.registry.entrypoints.x", "from nameko.rpc import rpc"),
    ("services.common.rules_doc", "from services.visits.domain import requests"),
    ("services.cli.registry_cmds", "from services.registry.use_cases.importer import f"),
])
def test_what_the_layers_allow_passes(module, source):
    assert problems(module, imported(source, module)) == []
