"""The layers hold: the import-linter contracts in .importlinter, and no circle of imports between modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("qbank", "importers", "exporters", "search_index", "officeconv")


def test_every_import_contract_of_the_layers_is_kept() -> None:
    """Web, API and CLI never import each other; the domain imports no framework; the libraries only the domain."""
    code = (
        "import sys\nfrom importlinter.cli import lint_imports\n"
        f"sys.exit(lint_imports(config_filename={str(ROOT / '.importlinter')!r}, no_cache=True, no_logo=True))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        pytest.fail(run.stdout[run.stdout.find("Broken contracts"):] + run.stderr, pytrace=False)


def circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every group of modules that import each other, directly or round a loop (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_modules_import_each_other_round_a_circle() -> None:
    """A module and the one it imports can each be read and tested alone (no import inside a function hides a circle:
    the graph counts those too)."""
    found = circles(grimp.build_graph(*PACKAGES, cache_dir=None))
    assert not found, "modules that import each other:\n" + "\n".join(" ↔ ".join(group) for group in found)
