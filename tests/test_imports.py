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


# The house's layers, lowest first (docs/architecture.md): a module imports only from its own
# layer or one below. `config` and `codes` sit above the parts because they read what the rules
# declare (each rule's code and options, once), as yamllint's config reads each rule's `CONF`.
LAYERS = (
    ("values", ("value", "diagnostic", "model", "codespec", "facts", "escape", "disk")),
    ("parts", ("source", "schema", "rules", "online")),
    ("settings", ("config", "config_keys", "config_show", "codes")),
    ("core", ("engine", "decide")),
    ("run", ("run", "fixing", "reporters")),
    ("commands", ("cli", "server")),
)


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package itself (`validator`: its version) stands beside every layer
    for rank, (_, rooms) in enumerate(LAYERS):
        if parts[1] in rooms:
            return rank
    return None


def test_every_module_has_a_layer():
    unplaced = [
        name
        for name in import_graph()
        if layer_of(name) is None and name not in ("validator", "validator.__main__")
    ]
    assert unplaced == [], "modules outside every layer of docs/architecture.md"


def test_imports_point_down_the_layers():
    upward = [
        f"{source} ({LAYERS[layer_of(source)][0]}) -> {target} ({LAYERS[layer_of(target)][0]})"
        for source, targets in sorted(import_graph().items())
        for target in sorted(targets)
        if layer_of(source) is not None
        and layer_of(target) is not None
        and layer_of(target) > layer_of(source)
    ]
    assert upward == []


def test_the_layer_check_can_fail():
    assert layer_of("validator.cli.check") > layer_of("validator.run.runner")
    assert layer_of("validator.source.document") < layer_of("validator.engine")
    assert layer_of("validator") is None
