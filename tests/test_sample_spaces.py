"""The shared-spaces samples are what their generators write, and the actors and ties of
Millbrook did not change when spaces were added."""
from __future__ import annotations

import importlib.util
import subprocess

import pytest

from tests.conftest import ROOT, SAMPLES


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, SAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_millbrook_files_are_the_seeded_generators_output(tmp_path):
    generator = _module("generate_millbrook")
    actors, ties = generator.build()
    generator.write(actors, ties, tmp_path)
    generator.write_spaces(*generator.build_spaces(actors), tmp_path)
    for name in ("actors.csv", "ties.csv", "spaces.csv", "affiliations.csv"):
        assert (tmp_path / name).read_bytes() == (SAMPLES / "millbrook" / name).read_bytes(), name


def test_millbrook_actors_and_ties_unchanged_by_the_spaces():
    # the files as they were before shared spaces were added (commit b63c40e)
    for name in ("actors.csv", "ties.csv"):
        before = subprocess.run(["git", "show", f"b63c40e:sample_networks/millbrook/{name}"], cwd=ROOT,
                                capture_output=True, check=False).stdout
        if not before:
            pytest.skip("no git history to compare with (a shallow checkout or an sdist)")
        assert (SAMPLES / "millbrook" / name).read_bytes() == before


def test_davis_files_are_networkx_s_matrix(tmp_path):
    _module("make_davis").write_davis(tmp_path)
    for name in ("actors.csv", "spaces.csv", "affiliations.csv"):
        assert (tmp_path / name).read_bytes() == (SAMPLES / "davis" / name).read_bytes(), name
