"""netmap installs as a package: build the wheel, install it in a fresh virtual environment,
and use it from another folder as a user would (``netmap --help``, ``netmap analyse`` on a
bundled sample, and the app started from the installed package in a real browser)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.ui.conftest import browser  # noqa: F401  (the real Chromium, for the app test)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new venv holding only the built wheel (its dependencies seen from this Python's site-packages)."""
    base = tmp_path_factory.mktemp("package")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(base / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((base / "dist").glob("netmap-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    # --no-index: every dependency the wheel declares must already be satisfied
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True)
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
