"""The house's shape, checked: the flow of imports, no cycles, modules a newcomer can read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "hoithao"
IO_LIBRARIES = ("xlsxwriter", "openpyxl", "python_calamine", "docx", "mailmerge", "segno")
# Stages in the order data flows; a module may import its own stage and the ones before it.
LAYERS = (
    ("vn",),
    ("errors", "workspace", "issues", "models"),
    ("xlsx",),
    ("rules",),
    ("master",),
    ("forms",),
    ("intake",),
    ("engine",),
    ("checkin",),
    ("outputs",),
    ("run", "new_workspace", "sample", "status", "kit"),
    ("cli", "__main__"),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Every hoithao module a file imports, at the top, inside functions or for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in MODULES)
    return found


def _external(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _layer(module: str) -> int:
    stage = module.split(".")[1] if "." in module else ""
    for rank, names in enumerate(LAYERS):
        if stage in names:
            return rank
    raise AssertionError(f"{module} belongs to no stage of LAYERS")


def test_no_relative_imports_hide_from_the_checks() -> None:
    relative = [
        name
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]
    assert relative == []


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycle = [*trail[trail.index(target) :], target] if target in trail else [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m != "hoithao"))
def test_imports_follow_the_flow(module: str) -> None:
    upstream = [target for target in GRAPH[module] if _layer(target) > _layer(module)]
    assert upstream == [], f"{module} imports a later stage"


def test_only_the_cli_knows_click() -> None:
    assert [m for m, p in MODULES.items() if "click" in _external(p)] == ["hoithao.cli"]


def test_cli_imports_no_io_library() -> None:
    assert _external(MODULES["hoithao.cli"]).isdisjoint(IO_LIBRARIES)


def test_sizes_a_newcomer_can_read() -> None:
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text().splitlines())) > 500}
    assert long == {}
    top = [p for p in PACKAGE.glob("*.py")]
    assert len(top) <= 12
    for package in (p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        assert len(list(package.glob("*.py"))) <= 15, package.name


def test_tests_mirror_the_package() -> None:
    tests = Path(__file__).resolve().parent
    for package in (p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        assert (tests / package.name).is_dir(), f"tests/{package.name}/ is missing"
