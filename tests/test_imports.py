"""The import graph of field_app and sync_server, read from the source with `ast`.

What counts as an edge: every import, at module level or inside a function (a lazy import is
still an edge), under `if TYPE_CHECKING:` too (it never runs, but two modules that need each
other's types are still one tangle to read; the type they share belongs in a leaf module, or
one side names what it uses as a Protocol), and `importlib.import_module("...")` with a
literal name. `from a.b import c` is an edge to the module `a.b.c` when there is one, else to
`a.b`.

Rules: no cycle among the project's modules; the server imports nothing of field_app but
field_app.wire (the protocol both sides share); the phone's store and sync engine import
neither flet nor the screens nor the server.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("field_app", "sync_server")


def project_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = project_modules()


def imported_names(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported dotted name, line) for each import of `path`, the ones under
    `if TYPE_CHECKING:` included."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def absolute(node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
        return ".".join([*base, *([node.module] if node.module else [])])

    def walk(node: ast.AST) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            yield from walk_one(child)

    def walk_one(node: ast.AST) -> Iterator[tuple[str, int]]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = absolute(node)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield (full if full in MODULES else base), node.lineno
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name) and node.func.id == "import_module"))):
            yield node.args[0].value, node.lineno
        yield from walk(node)

    yield from walk(ast.parse(path.read_text(encoding="utf-8")))


def project_target(name: str) -> str | None:
    """The project module an imported name lands in (its longest dotted prefix), if any."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for name, _ in imported_names(module, path):
            target = project_target(name)
            if target is not None and target != module:
                graph[module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import one another in a ring (Tarjan's components), with
    one ring through the group spelled out: ["a", "b", "a"]."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group: set[str] = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                found.append(_ring(graph, group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _ring(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest way round from the group's first module back to itself."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for v in frontier:
            for w in sorted(graph[v] & group):
                if w == start:
                    return [*paths[v], start]
                if w not in paths:
                    paths[w] = [*paths[v], w]
                    following.append(w)
        frontier = following
    return sorted(group)


def test_the_cycle_finder_reports_a_ring_and_nothing_else() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"d"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_lazy_and_type_only_imports_count(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from field_app.ui.shell import Shell\n"
        "else:\n    from field_app.ui import theme\n"
        "def f():\n    from field_app.ui.screens import builder\n"
        "    importlib.import_module('field_app.ui.views')\n", encoding="utf-8")
    names = {name for name, _ in imported_names("field_app.m", source)}
    assert names == {"typing", "field_app.ui.shell", "field_app.ui.theme",
                     "field_app.ui.screens", "field_app.ui.views"}


def test_no_import_cycles() -> None:
    graph = import_graph()
    assert len(graph) > 150
    assert "field_app.ui.screens" in graph["field_app.ui.shell"]  # the graph is read
    assert [" -> ".join(ring) for ring in cycles(graph)] == []


def test_the_server_imports_only_the_wire_of_field_app() -> None:
    offenders = {
        f"{module} (line {line})": name
        for module, path in MODULES.items() if module.startswith("sync_server")
        for name, line in imported_names(module, path)
        if name.split(".")[0] == "field_app" and not name.startswith("field_app.wire")
        and name != "field_app.wire"
    }
    assert offenders == {}


def test_actions_and_the_shell_open_screens_by_name_never_importing_a_view() -> None:
    graph = import_graph()
    for module in ("field_app.ui.actions", "field_app.ui.shell", "field_app.ui.state",
                   "field_app.ui.screens"):
        assert {m for m in graph[module] if m.startswith("field_app.ui.views")} == set(), module


def test_store_and_sync_never_import_flet_the_screens_or_the_server() -> None:
    below = {m: p for m, p in MODULES.items()
             if m.startswith(("field_app.store", "field_app.sync"))}
    assert len(below) > 10
    offenders = {
        module: sorted(name for name, _ in imported_names(module, path)
                       if name.split(".")[0] in ("flet", "sync_server")
                       or name.startswith(("flet_", "field_app.ui", "field_app.main")))
        for module, path in below.items()
    }
    assert {m: names for m, names in offenders.items() if names} == {}
