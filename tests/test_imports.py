"""Imports go one way: no cycle among validator's modules, function-level imports included.

Every `import` and `from ... import` anywhere in a module (at the top, inside functions, under
`if TYPE_CHECKING:`) is an edge; so is the rules package's discovery of its `fm*.py` modules
(`importlib`), which no import statement shows. Importing a submodule also runs its package's
`__init__`, but that is how packages work, not a dependency of the submodule's, so it is no edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "validator"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                for alias in node.names:  # `from . import options` imports a module
                    submodule = f"{source}.{alias.name}"
                    targets.add(submodule if submodule in paths else source)
        graph[name] = {target for target in targets if target in paths and target != name}
    graph["validator.rules"] |= {name for name in paths if name.startswith("validator.rules.fm")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle (its modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target, path)) is not None:
                return cycle
        path.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (cycle := visit(name, [])) is not None:
            return cycle
    return None


def test_no_import_cycle_among_validator_modules():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_graph_sees_function_level_imports():
    graph = import_graph()
    # `fmlint server` imports it when it runs
    assert "validator.server.main" in graph["validator.cli.main"]
    assert "validator.rules.fm201_url_invalid" in graph["validator.rules"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_table_of_codes_sits_above_the_rules():
    graph = import_graph()
    assert "validator.rules" in graph["validator.codes"]
    assert not any(target == "validator.codes" for target in graph["validator.rules"])
    assert "validator.cli.launch" not in graph["validator.cli.main"]
