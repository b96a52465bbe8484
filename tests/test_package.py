"""netmap installs as a package: build the wheel, install it in a fresh virtual environment,
and use it from another folder as a user would (``netmap --help``, ``netmap analyse`` on a
bundled sample, and the app started from the installed package in a real browser).

The fresh venv sees netmap's dependencies where the Python running the tests sees them: a path
file in its site-packages lists that Python's import folders. Not ``--system-site-packages``:
that shows the *base* installation's packages, and a newcomer who works in a venv
(``python -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt``) has them
in the venv, not in the base (issue 20: 2 errors from ``bash scripts/test``). The newcomer test
at the end runs the package test from such a venv."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.ui.conftest import browser  # noqa: F401  (the real Chromium, for the app test)

ROOT = Path(__file__).resolve().parent.parent
WHEEL_VARIABLE = "NETMAP_TEST_WHEEL"  # the newcomer test hands its wheel to the run it starts in its venv
REQUIREMENTS = [re.match(r"[A-Za-z0-9_.-]+", line).group(0)
                for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]


def _check(command: list, **kwargs) -> subprocess.CompletedProcess:
    """Run ``command``; if it fails, fail with its output (a bare CalledProcessError hides it)."""
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))} exited {result.returncode}:\n" \
                                   f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _sys_path(python) -> list[str]:
    return json.loads(_check([python, "-c", "import json, sys; print(json.dumps(sys.path))"], cwd="/").stdout)


def _site_packages(python) -> Path:
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    return Path(_check([python, "-c", code], cwd="/").stdout.strip())


def _locations(python) -> dict:
    """Where ``python`` finds each of netmap's dependencies (the folder holding its metadata)."""
    code = ("import importlib.metadata as m, json, sys\n"
            "print(json.dumps({n: str(m.distribution(n).locate_file('')) for n in sys.argv[1:]}))")
    return json.loads(_check([python, "-c", code, *REQUIREMENTS], cwd="/").stdout)


def _see_this_pythons_packages(venv: Path, links: Path | None = None) -> None:
    """Let ``venv`` import what this Python imports: a path file in its site-packages lists every
    folder on this Python's ``sys.path`` that the venv lacks (this Python's site-packages, in a
    venv or not; user site; folders added by path files), except the checkout, whose netmap must
    not stand in for the installed one. With ``links``, through symlinks made there."""
    own = set(_sys_path(venv / "bin" / "python"))
    folders = [entry for entry in dict.fromkeys(sys.path)
               if entry and entry not in own and Path(entry).exists()
               and Path(entry).resolve() != ROOT and ROOT not in Path(entry).resolve().parents]
    if links is not None:
        links.mkdir()
        for number, folder in enumerate(folders):
            (links / str(number)).symlink_to(folder)
        folders = [str(links / str(number)) for number in range(len(folders))]
    (_site_packages(venv / "bin" / "python") / "_netmap_test_packages.pth").write_text(
        "".join(f"{folder}\n" for folder in folders), encoding="utf-8")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if os.environ.get(WHEEL_VARIABLE):
        return Path(os.environ[WHEEL_VARIABLE])
    dist = tmp_path_factory.mktemp("dist")
    _check([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, ROOT])
    return next(dist.glob("netmap-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new venv holding only the built wheel (its dependencies seen where this Python sees them)."""
    venv = tmp_path_factory.mktemp("package") / "venv"
    _check([sys.executable, "-m", "venv", venv])
    _see_this_pythons_packages(venv)
    # the venv uses this Python's copies of the dependencies, not other ones (the base installation's)
    assert _locations(venv / "bin" / "python") == _locations(sys.executable)
    # --no-index: every dependency the wheel declares must already be satisfied
    _check([venv / "bin" / "python", "-m", "pip", "install", "--no-index", "--disable-pip-version-check", "-q",
            wheel])
    return venv


def _run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "netmap"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def _samples(venv: Path, cwd: Path) -> Path:
    code = "from netmap.samples import samples_dir; print(samples_dir())"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=cwd, capture_output=True, text=True,
                         check=True)
    return Path(out.stdout.strip())


def test_installed_command_help_and_analyse(installed, tmp_path):
    help_ = _run(installed, "--help", cwd=tmp_path)
    assert help_.returncode == 0, help_.stderr
    assert "analyse" in help_.stdout and "app" in help_.stdout
    samples = _samples(installed, tmp_path)
    assert samples.parts[-2:] == ("netmap", "_samples") and ROOT not in samples.parents
    millbrook = samples / "millbrook"
    result = _run(installed, "analyse", str(millbrook / "ties.csv"), "--actors", str(millbrook / "actors.csv"),
                  "--group-by", "sector", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "actors.csv").read_text(encoding="utf-8").count("\n") == 169  # 168 actors + header
    assert (samples / "templates" / "ties.csv").exists()


@pytest.mark.browser
def test_installed_app_opens_on_the_sample(installed, browser, tmp_path):
    from tests.ui.harness import free_port, map_frame, open_app, stop

    port = free_port()
    log = (tmp_path / "app.out").open("wb")
    env = {**os.environ, "PYTHONPATH": ""}
    process = subprocess.Popen([str(installed / "bin" / "netmap"), "app", "--port", str(port)], cwd=tmp_path,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, \
                    (tmp_path / "app.out").read_text(errors="replace")[-2000:]
                time.sleep(0.2)
        context, page, guard = open_app(browser, url)
        try:
            frame = map_frame(page, expected_nodes=168)  # Millbrook, read from the installed package
            assert frame.evaluate("() => nodes.length") == 168
        finally:
            context.close()
        assert guard.outside == []
    finally:
        stop(process)


def test_newcomer_venv_runs_the_package_test(wheel, tmp_path):
    """Issue 20: a newcomer runs the tests from a venv of their own (``python -m venv .venv``,
    ``pip install -r requirements.txt``, ``bash scripts/test``), whose base installation may hold
    none of the dependencies. The package test, run with that venv's Python, must install netmap
    against the venv's packages.

    Stand-in for the ``pip install`` (PyPI would cost minutes): the venv reaches this Python's
    packages through symlinks of its own, so they sit at other paths than the base installation's,
    and the package test's check that its venv uses the same copies as the Python running it
    fails if it takes the base's (as ``--system-site-packages`` did). The run reuses this run's
    wheel and skips the browser test: 9-12 s on 2 cores (a venv without pip, a venv with pip
    and the wheel installed, ``netmap analyse`` on Millbrook)."""
    venv = tmp_path / ".venv"
    _check([sys.executable, "-m", "venv", "--without-pip", venv])
    _see_this_pythons_packages(venv, links=tmp_path / "installed")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv),
               **{WHEEL_VARIABLE: str(wheel)})
    _check([venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'run'}",
            "tests/test_package.py::test_installed_command_help_and_analyse"], cwd=ROOT, env=env, timeout=600)
