"""The engine's layout: macros/ is one package per stage, each a layer, and imports point
down. The layers and the adapters are declared once, in macros/__init__.py (`LAYERS`,
`ADAPTERS`), read here with `ast` so that nothing is imported. Checked on every module:
(a) no import cycle, (b) every import of an engine module is of the same or a lower
layer, (c) every module belongs to a layer (a module at the top of macros/ must be an
adapter, a package must be a layer), (d) the libraries that belong to a stage (MkDocs,
the HTML libraries) are imported by that stage or a higher one only. Every import
counts, those inside a function or under `if TYPE_CHECKING:` included: a cycle hidden
there is still a cycle for the reader. The self-tests build small trees that break
each rule, so these checks can fail."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import ROOT

MACROS = ROOT / "macros"
# The libraries that only a stage and those above it may use: MkDocs is the adapters'
# (the engine runs and is tested without it), HTML is written by publishing only.
LIBRARY_LAYER = {"mkdocs": "adapters", "jinja2": "publishing", "markupsafe": "publishing", "nh3": "publishing"}

Graph = dict[str, set[str]]  # module -> the modules and libraries it names in an import


def declared(package: Path, name: str) -> tuple[str, ...]:
    """A tuple of names assigned at the top of the package's __init__.py (LAYERS, ADAPTERS)."""
    for node in ast.parse((package / "__init__.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError(f"{package.name}/__init__.py declares no {name}")


def module_name(path: Path, package: Path) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path, module: str) -> set[str]:
    """Every module or library an import names (for `from x import y`, both x and x.y:
    y may be a module); relative imports resolved against the importing module."""
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base_parts = here[: len(here) - node.level + 1] if node.level else []
            base = ".".join([*base_parts, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph(package: Path) -> Graph:
    """Each module of the package -> the modules of the package and the libraries it imports."""
    modules = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    graph: Graph = {}
    for module, path in modules.items():
        names = imported_names(path, module)
        graph[module] = {n for n in names if n in modules and n != module}
        graph[module] |= {n.split(".")[0] for n in names if n.split(".")[0] in LIBRARY_LAYER}
    return graph


def layer_of(module: str, layers: tuple[str, ...], adapters: tuple[str, ...]) -> int | None:
    """The layer's rank (0 lowest; the adapters above every layer), or None: no layer."""
    parts = module.split(".")[1:]  # without the package's own name
    if not parts or (len(parts) == 1 and parts[0] in adapters):
        return len(layers)
    return layers.index(parts[0]) if parts[0] in layers else None


def cycles(graph: Graph) -> list[list[str]]:
    """One import cycle per module that starts one, found by a depth-first walk."""
    found: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while on the walk's path, "done" after

    def walk(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target in graph and target not in state:
                walk(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    return found


def rank_of(target: str, ranks: dict[str, int | None], layers: tuple[str, ...]) -> int | None:
    """The layer of an imported module, or the lowest layer that may use a library."""
    wanted = LIBRARY_LAYER.get(target)
    if wanted is None:
        return ranks.get(target)
    return len(layers) if wanted == "adapters" else layers.index(wanted)


def layout_problems(graph: Graph, layers: tuple[str, ...], adapters: tuple[str, ...]) -> list[str]:
    """What breaks the layout's rules, as readable lines; [] when it holds."""
    ranks = {module: layer_of(module, layers, adapters) for module in graph}
    problems = [f"{m}: no layer (a top-level module must be one of {adapters})" for m, r in ranks.items() if r is None]
    for module, targets in sorted(graph.items()):
        here = ranks[module]
        for target in sorted(targets):
            there = rank_of(target, ranks, layers)
            if here is not None and there is not None and there > here:
                problems.append(f"{module} imports {target}, of a higher layer")
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return problems


LAYERS = declared(MACROS, "LAYERS")
ADAPTERS = declared(MACROS, "ADAPTERS")


def test_the_layers_are_the_packages_of_macros() -> None:
    packages = {p.parent.name for p in MACROS.glob("*/__init__.py")}
    assert set(LAYERS) == packages, "each layer is a package of macros/, and each package a layer"
    assert all((MACROS / f"{name}.py").is_file() for name in ADAPTERS)
    assert set(LIBRARY_LAYER.values()) <= {*LAYERS, "adapters"}


def test_the_graph_is_the_engines() -> None:
    """The parse sees the engine: every module, and imports known to exist."""
    graph = import_graph(MACROS)
    assert len(graph) >= 30 and "macros.checking.loader" in graph
    assert {"macros.checking.rules", "macros.checking.collection_rules"} <= graph["macros.checking.loader"]
    assert {"macros.publishing.planning", "macros.publishing.render"} <= graph["macros"]
    assert "mkdocs" in graph["macros.mkdocs_hooks"] and "macros.reading.problems" in graph["macros.mkdocs_hooks"]


def test_the_engine_keeps_its_layout() -> None:
    assert layout_problems(import_graph(MACROS), LAYERS, ADAPTERS) == []


# Tiny packages, each breaking one rule (or none): file -> source, and what is reported.
CASES = {
    "clean": ({"reading/a.py": "", "publishing/b.py": "from ..reading import a\nfrom ..reading.a import x\n"}, []),
    "upward": (
        {"reading/a.py": "from ..publishing.b import x\n", "publishing/b.py": ""},
        ["reading.a imports pkg.pub"],
    ),
    "cycle": (
        {"reading/a.py": "from . import b\n", "reading/b.py": "def f():\n    from .a import x\n"},
        ["import cycle: pkg.reading.a -> pkg.reading.b -> pkg.reading.a"],
    ),
    "cycle under TYPE_CHECKING": (
        {"reading/a.py": "from .b import x\n", "reading/b.py": "if TYPE_CHECKING:\n    import pkg.reading.a\n"},
        ["import cycle: pkg.reading.a -> pkg.reading.b -> pkg.reading.a"],
    ),
    "no layer": ({"helpers.py": "", "extra/c.py": ""}, ["pkg.extra: no layer", "pkg.extra.c: no layer", "pkg.helpers"]),
    "library too low": (
        {"reading/a.py": "import mkdocs.plugins\nfrom jinja2 import Environment\n"},
        ["reading.a imports jinja2", "reading.a imports mkdocs"],
    ),
    "adapter uses all": (
        {"hook.py": "from mkdocs import plugins\nfrom pkg.publishing import b\n", "publishing/b.py": ""},
        [],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_checks_see_a_broken_layout(tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    package = tmp_path / "pkg"
    sources = {"__init__.py": 'LAYERS = ("reading", "publishing")\nADAPTERS = ("__init__", "hook")\n', **files}
    for name in {f"{Path(n).parent}/__init__.py" for n in files if "/" in n} | set(sources):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(sources.get(name, '"""A stage."""\n'))
    layers, adapters = declared(package, "LAYERS"), declared(package, "ADAPTERS")
    problems = layout_problems(import_graph(package), layers, adapters)
    assert len(problems) == len(expected), problems
    assert all(any(wanted in found for found in problems) for wanted in expected), problems
