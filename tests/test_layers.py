"""The package layout stays one package per stage (docs/architecture.md): import-linter's
contracts (.importlinter) and no circle between modules. Both are checked on the real tree and,
so that a broken check cannot pass silently, on a copy with an upward import planted in it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

from tests.conftest import ROOT


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter's command on the tree at ``root`` (its .importlinter and netmap/)."""
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", code, "--no-cache"], cwd=root, capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def circles(root: Path) -> list[set[str]]:
    """Groups of netmap modules that import each other in a circle (a package importing its
    own submodules, as a face such as netmap.validate does, is not counted)."""
    sys.path.insert(0, str(root))
    try:
        graph = grimp.build_graph("netmap", cache_dir=None)
    finally:
        sys.path.remove(str(root))
    edges = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if not (imported.startswith(module + ".") or module.startswith(imported + ".")):
                edges.add_edge(module, imported)
    return [c for c in nx.strongly_connected_components(edges) if len(c) > 1]


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
