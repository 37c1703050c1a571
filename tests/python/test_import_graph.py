"""The pipeline and the app read as a newcomer's map: the pipeline's stages are its subpackages (at most six
modules beside them), no module is over 400 lines, modules import each other without a cycle, and no chain of
imports runs deeper than six modules, so any module's dependencies are a few files away and a module can be
imported (and tested) without loading most of the package.

The graph is read statically (``ast``) from the source files: an import inside ``if TYPE_CHECKING:`` is for type
checkers only and is not an edge; an import inside a function is (it runs when the function does).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from scrutiny.paths import REPO_ROOT

PACKAGES = ("scrutiny", "streamlit_app")
#: The packages whose chains the depth check holds to MAX_CHAIN (streamlit_app joins once its pages import their
#: own data modules rather than the data package's re-exports).
PACKAGES_DEPTH = ("scrutiny",)
MAX_CHAIN = 6
MAX_LINES = 400
#: The modules beside the stage subpackages: the package, its entry script, the command line, paths, settings, errors.
MAX_TOP_LEVEL = 6
#: ``python -m scrutiny``'s entry script: it only calls scrutiny.cli.main and nothing imports it.
ENTRY_SCRIPTS = {"scrutiny.__main__"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, list[str]]]:
    """What each import statement outside ``if TYPE_CHECKING:`` names: the module, and for ``from a import b, c``
    the names ``a.b`` and ``a.c`` (modules, when ``b`` and ``c`` are submodules)."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, [f"{target}.{alias.name}" for alias in node.names]))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph(root: Path = REPO_ROOT) -> dict[str, set[str]]:
    """Module -> the project's modules it imports (its package ``__init__`` modules aside)."""
    files = {
        module_name(path, root): path
        for package in PACKAGES
        for path in sorted((root / package).rglob("*.py"))
        if "__pycache__" not in path.parts and module_name(path, root) not in ENTRY_SCRIPTS
    }
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets: set[str] = set()
        for base, names in _imports(ast.parse(path.read_text(encoding="utf-8")), module, path.name == "__init__.py"):
            submodules = {name for name in names if name in files}
            targets |= submodules
            if len(submodules) < len(names) or not names:
                targets.add(base)  # ``from a import f`` or ``import a``: a itself
        graph[module] = {name for name in targets if name in files and name != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as the list of modules round it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def longest_chain(graph: dict[str, set[str]]) -> list[str]:
    """The longest chain of imports (a module, a module it imports, one that imports, ...) in an acyclic graph."""

    @cache
    def chain(module: str) -> tuple[str, ...]:
        return (module, *max((chain(t) for t in sorted(graph[module])), key=len, default=()))

    return list(max((chain(m) for m in sorted(graph)), key=len))


def test_the_import_graph_reads_the_project() -> None:
    graph = import_graph()
    assert "scrutiny.cli" in graph and "streamlit_app.app" in graph
    assert any(module.startswith("streamlit_app.views.") for module in graph)
    assert graph["scrutiny.cli"], "the command line imports the pipeline's modules"


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_import_chain_deeper_than_six_modules() -> None:
    graph = import_graph()
    assert find_cycle(graph) is None, "the chains are measured on a graph without cycles"
    held = {module: targets for module, targets in graph.items() if module.startswith(PACKAGES_DEPTH)}
    chain = longest_chain({module: targets & held.keys() for module, targets in held.items()})
    assert len(chain) <= MAX_CHAIN, f"{len(chain)} modules deep: " + " -> ".join(chain)


def test_the_graph_finds_a_cycle_and_a_deep_chain() -> None:
    """The checks above would fail on the faults they look for."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    deep = {str(n): {str(n + 1)} for n in range(7)} | {"7": set()}
    assert len(longest_chain(deep)) == 8


def test_the_pipeline_is_its_stages() -> None:
    top = sorted(path.name for path in (REPO_ROOT / "scrutiny").glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL, f"modules beside the stage subpackages: {top}"
    stages = {path.parent.name for path in (REPO_ROOT / "scrutiny").glob("*/__init__.py")}
    assert {"inputs", "sources", "build", "dbt", "gate", "warehouse", "outputs"} <= stages, stages
    for stage in stages:
        doc = ast.get_docstring(ast.parse((REPO_ROOT / "scrutiny" / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"scrutiny/{stage}/__init__.py says what the stage does"


def test_no_module_over_400_lines() -> None:
    long = {
        str(path.relative_to(REPO_ROOT)): lines
        for package in PACKAGES
        for path in (REPO_ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"
