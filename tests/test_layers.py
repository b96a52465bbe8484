"""The package layout stays one package per stage (docs/architecture.md): import-linter's
contracts (.importlinter) and no circle between modules. Both are checked on the real tree and,
so that a broken check cannot pass silently, on a copy with an upward import planted in it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter's command on the tree at ``root`` (its .importlinter and netmap/)."""
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", code, "--no-cache"], cwd=root, capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


CIRCLES = """
import sys, grimp, networkx as nx
graph = grimp.build_graph("netmap", cache_dir=None)
edges = nx.DiGraph()
for module in graph.modules:
    for imported in graph.find_modules_directly_imported_by(module):
        if not (imported.startswith(module + ".") or module.startswith(imported + ".")):
            edges.add_edge(module, imported)
for group in nx.strongly_connected_components(edges):
    if len(group) > 1:
        print(" ".join(sorted(group)))
"""


def circles(root: Path) -> list[set[str]]:
    """Groups of netmap modules that import each other in a circle, found with grimp in a fresh
    process that sees only the tree at ``root`` (a package importing its own submodules, as a
    face such as netmap.validate does, is not counted)."""
    result = subprocess.run([sys.executable, "-c", CIRCLES], cwd=root, capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return [set(line.split()) for line in result.stdout.splitlines()]


def test_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_circles():
    assert circles(ROOT) == []


@pytest.fixture
def tree_copy(tmp_path):
    shutil.copytree(ROOT / "netmap", tmp_path / "netmap", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_an_upward_import_breaks_the_contract(tree_copy):
    metrics = tree_copy / "netmap" / "metrics" / "twomode.py"
    metrics.write_text(metrics.read_text() + "\nfrom netmap.outputs import folder  # planted\n")
    result = lint_imports(tree_copy)
    assert result.returncode == 1 and "netmap.metrics.twomode -> netmap.outputs.folder" in result.stdout


def test_streamlit_outside_the_app_breaks_the_contract(tree_copy):
    briefing = tree_copy / "netmap" / "outputs" / "briefing.py"
    briefing.write_text(briefing.read_text() + "\nimport streamlit  # planted\n")
    result = lint_imports(tree_copy)
    assert result.returncode == 1 and "netmap.outputs.briefing -> streamlit" in result.stdout


def test_a_circle_is_found(tree_copy):
    words = tree_copy / "netmap" / "ui" / "state.py"
    words.write_text(words.read_text() + "\nfrom netmap.ui import views  # planted\n")
    assert any("netmap.ui.state" in c for c in circles(tree_copy))


def imports_inside_functions(root: Path) -> list[tuple[str, int, bool]]:
    """Every import of netmap made inside a function: (file, line, whether a comment gives the
    reason on the line or just above the block of imports it belongs to)."""
    import ast

    found = []
    for path in sorted((root / "netmap").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for function in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("netmap") or (
                        isinstance(node, ast.Import) and any(a.name.startswith("netmap") for a in node.names)):
                    above = node.lineno - 2
                    while above >= 0 and lines[above].lstrip().startswith(("from ", "import ")):
                        above -= 1
                    reason = "#" in lines[node.lineno - 1] or (above >= 0 and lines[above].lstrip().startswith("#"))
                    found.append((str(path.relative_to(root)), node.lineno, reason))
    return found


def test_imports_inside_functions_say_why():
    """An import inside a function is for start-up speed only (`--help`, `validate`, the first
    map), never to dodge a circle, and says so in a comment."""
    unexplained = [f"{file}:{line}" for file, line, reason in imports_inside_functions(ROOT) if not reason]
    assert unexplained == []


#: A module is small enough to read in one sitting: docs/architecture.md ("the largest module
#: stays under 750 lines"); a module that grows past it is split by what its parts do.
MODULE_LINES = 750


def test_no_module_is_over_the_line_limit():
    over = {str(path.relative_to(ROOT)): n for path in sorted((ROOT / "netmap").rglob("*.py"))
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES}
    assert over == {}
