"""The test suite's own layout: integration tests grouped by service (and the backbone and
whole-system groups), shared helpers in tests/support/ or a directory's helper modules, no
test module imported by another (its tests would run twice and its helpers hide there),
each fixture written once and found without imports, and nothing named like a test that is
not one."""

from __future__ import annotations

import ast
from importlib import import_module
from pathlib import Path

from _pytest.fixtures import FixtureFunctionDefinition

TESTS = Path(__file__).resolve().parents[1]
INTEGRATION = TESTS / "integration"
# one directory per service, backbone/ for services/common's machinery (outbox, relay,
# inbox, broker, health, metrics, HTTP) and system/ for tests across services
GROUPS = {"registry", "dispatch", "visits", "reporting", "accounts", "backbone", "system"}
SERVICES = {"registry", "dispatch", "visits", "reporting", "accounts"}
FIXTURES = TESTS / "support" / "fixtures"


def modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def dotted(path: Path) -> str:
    return ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)


def imported(path: Path) -> set[str]:
    """The absolute names of the modules `path` imports from (relative imports resolved)."""
    package = dotted(path).split(".")[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            # `from . import test_x` imports a module too
            names |= {f"{module}.{alias.name}" for alias in node.names}
    return names


def is_test_module(name: str) -> bool:
    return name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith("test_")


def test_no_test_module_is_imported_by_another_module():
    found = {f"{dotted(p)} imports {name}" for p in modules() for name in imported(p)
             if is_test_module(name) and (TESTS.parent / f"{name.replace('.', '/')}.py").exists()}
    assert not found, "move what they share into tests/support/ or a helper module: " \
                      f"{sorted(found)}"


def test_a_group_imports_only_tests_support_and_its_own_helpers():
    """A helper two groups share belongs in tests/support/; reaching into another group's
    support module couples the groups and hides the helper where one group's changes break
    the other's tests. tests/support/ and the unit tests import no group at all."""
    found = set()
    for path in modules():
        parts = path.relative_to(TESTS).parts
        own = f"tests.integration.{parts[1]}" if parts[0] == "integration" \
            and len(parts) > 2 else None
        for name in imported(path):
            if not name.startswith("tests.") or name.startswith("tests.support"):
                continue
            if own is None or (name != own and not name.startswith(f"{own}.")):
                found.add(f"{dotted(path)} imports {name}")
    assert not found, "move what several groups use into tests/support/: " \
                      f"{sorted(found)}"


def test_no_module_imports_a_conftest():
    """Not even another conftest: a directory that re-imports the fixtures of the services it
    starts copies their names into a list kept by hand (issue 12)."""
    found = {f"{dotted(p)} imports {name}" for p in modules() for name in imported(p)
             if name.startswith("tests.") and name.rsplit(".", 1)[-1] == "conftest"}
    assert not found, "fixtures belong in tests/support/fixtures/ (found by name, never " \
                      f"imported); plain helpers in tests/support/ or a helper module: " \
                      f"{sorted(found)}"


def registered_plugins() -> list[str]:
    tree = ast.parse((TESTS / "conftest.py").read_text())
    return next(ast.literal_eval(node.value) for node in tree.body
                if isinstance(node, ast.Assign)
                and [ast.unparse(t) for t in node.targets] == ["pytest_plugins"])


def fixtures_of(module) -> set[str]:
    return {value.name for value in vars(module).values()
            if isinstance(value, FixtureFunctionDefinition)}


def test_every_service_has_one_fixture_module_registered_for_the_whole_suite():
    holding = {dotted(p) for p in FIXTURES.glob("*.py")
               if fixtures_of(import_module(dotted(p)))}
    assert sorted(holding) == sorted(registered_plugins()), \
        "list each module of tests/support/fixtures/ in tests/conftest.py's pytest_plugins"
    missing = {s for s in SERVICES if not (FIXTURES / f"{s}.py").exists()}
    assert not missing, f"tests/support/fixtures/<service>.py for {sorted(missing)}"


def test_no_fixture_is_defined_in_two_fixture_modules_or_conftests():
    """A test module may override a fixture for its own tests (a visits_settings of its
    own); the shared ones are written once."""
    where: dict[str, list[str]] = {}
    for name in registered_plugins():
        for fixture in fixtures_of(import_module(name)):
            where.setdefault(fixture, []).append(name)
    for path in TESTS.rglob("conftest.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and _fixture(node):
                where.setdefault(node.name, []).append(dotted(path))
    twice = {name: places for name, places in where.items() if len(places) > 1}
    assert not twice, twice


def _fixture(node: ast.FunctionDef) -> bool:
    return any("fixture" in ast.unparse(d) for d in node.decorator_list)


def test_nothing_named_like_a_test_is_something_else():
    """pytest collects test_* functions and Test* classes of test_*.py modules: a helper or
    fixture named so either runs as a test or reads as one."""
    found = []
    for path in modules():
        tree = ast.parse(path.read_text())
        top = set(tree.body) | {n for c in tree.body if isinstance(c, ast.ClassDef)
                                for n in c.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                    and node.name.startswith("test"):
                if _fixture(node):
                    found.append(f"{dotted(path)}.{node.name}: a fixture")
                elif not path.name.startswith("test_"):
                    found.append(f"{dotted(path)}.{node.name}: outside a test module")
                elif node not in top:
                    found.append(f"{dotted(path)}.{node.name}: nested, never collected")
            elif isinstance(node, ast.ClassDef) and node.name.startswith("Test") \
                    and not path.name.startswith("test_"):
                found.append(f"{dotted(path)}.{node.name}: outside a test module")
        for node in tree.body:
            if isinstance(node, ast.ImportFrom | ast.Import):
                found += [f"{dotted(path)} imports {a.asname or a.name}" for a in node.names
                          if (a.asname or a.name).split(".")[-1].startswith("test")]
    assert not found, sorted(found)


def test_integration_tests_sit_in_a_service_backbone_or_system_directory():
    misplaced = sorted(str(p.relative_to(TESTS)) for p in INTEGRATION.rglob("test_*.py")
                       if p.relative_to(INTEGRATION).parts[0] not in GROUPS
                       or len(p.relative_to(INTEGRATION).parts) != 2)
    assert not misplaced, f"put them in tests/integration/<one of {sorted(GROUPS)}>/"
    unknown = {p.name for p in INTEGRATION.iterdir() if p.is_dir()} - GROUPS - {"__pycache__"}
    assert not unknown, f"directories of no group: {sorted(unknown)}"


def test_each_directory_is_a_package():
    """Packages: test modules of the same name in two directories (test_dispatch_sites.py
    in unit/ and dispatch/) do not collide."""
    for directory in [TESTS, TESTS / "unit", TESTS / "support", FIXTURES, INTEGRATION,
                      *(INTEGRATION / group for group in GROUPS)]:
        assert (directory / "__init__.py").exists(), directory
