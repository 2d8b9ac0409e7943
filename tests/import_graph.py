"""The modules of a package and the imports between them, read from the source with ``ast``.

Every import counts, wherever it is written (inside a function, under ``TYPE_CHECKING``): a
deferred import only hides a circle, it does not remove it. Used by tests/test_layers.py and
tests/test_core_imports.py, so the tests need nothing outside the repository.
"""

from __future__ import annotations

import ast
from pathlib import Path


def package_modules(root: Path) -> dict[str, Path]:
    """``{dotted module name: file}`` for every ``.py`` file under the package folder *root*."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def import_graph(root: Path) -> dict[str, set[str]]:
    """``{module: the package's modules it imports}``. ``from a.b import c`` imports ``a.b.c``
    when that is a module, else ``a.b``; a module's own parent packages are left out (Python
    imports them first anyway, and they import their children by design)."""
    modules = package_modules(root)

    def owner(name: str) -> str | None:  # the longest module name that *name* starts with
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node.module or "", node.level, name, is_package)
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            for target in filter(None, map(owner, targets)):
                if target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def _absolute(module: str, level: int, current: str, is_package: bool) -> str:
    """The absolute name of ``from <level dots><module> import ...`` written in *current*."""
    if not level:
        return module
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: every strongly connected group of two or more modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # recursive: a package's import chains are short
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
