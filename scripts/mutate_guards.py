"""Is every input guard caught by a test when it is switched off? (issue 21: "the mutation of
each guard is caught by a test").

Usage: python scripts/mutate_guards.py [--only TEXT] [--timeout 600]

A guard is an ``if`` that compares something with one of netmap's limits (``MAX_ROWS``,
``MAX_NAME_CHARS``, ``COPRESENCE_CAP`` …, listed in ``LIMITS`` below). For each guard, in a
copy of the working tree, the condition is replaced by ``False`` (the guard never fires) and
the tests of that module are run; the mutant is *caught* when they fail. Printed: one line per
guard (module:line, the condition, caught or SURVIVED, seconds) and the count of survivors;
exit 1 when any survived. Slow (one test run per guard): a tool to run before a release, not
part of the test suite.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The limits whose comparisons are guards.
LIMITS = ("MAX_FILE_BYTES", "MAX_ROWS", "MAX_COLUMNS", "MAX_CELLS", "MAX_CELL_CHARS", "MAX_UNZIPPED_BYTES",
          "MAX_NAME_CHARS", "MAX_MANIFEST_BYTES", "MAX_HISTORY_BYTES", "MAX_TABLES", "MAX_REVISIONS",
          "MAX_ROWS_MOVED", "MAX_FILES", "FILENAME_CHARS", "COPRESENCE_CAP", "MAX_ROSTER", "MAX_PLACES",
          "MAX_BYTES", "NAME_CHARS", "max_rows", "max_cells", "max_columns", "max_cell_chars", "max_bytes")

#: module (relative to netmap/) -> the tests that guard it
TESTS = {
    "formats/spreadsheets.py": ["tests/formats", "tests/test_limits.py"],
    "formats/files.py": ["tests/formats", "tests/test_limits.py"],
    "formats/graphs.py": ["tests/formats", "tests/test_limits.py"],
    "intake/names.py": ["tests/intake"],
    "intake/survey.py": ["tests/intake"],
    "intake/responses.py": ["tests/intake"],
    "intake/reconcile.py": ["tests/intake"],
    "formats/columns.py": ["tests/formats", "tests/test_limits.py"],
    "store/dump.py": ["tests/store/test_dump_hostile.py"],
    "store/untrusted.py": ["tests/store/test_dump_hostile.py"],
    "store/review.py": ["tests/store/test_review_decisions.py", "tests/store/test_dump_hostile.py"],
    "store/store.py": ["tests/store/test_store_text.py"],
    "store/text.py": ["tests/store/test_store_text.py", "tests/store/test_dump_hostile.py"],
    "questionnaire/model.py": ["tests/questionnaire"],
    "questionnaire/roster.py": ["tests/questionnaire", "tests/collect"],
    "collect/guard.py": ["tests/collect"],
    "validate/affiliations.py": ["tests/validate", "tests/render/test_spaces_map.py", "tests/insights/test_spaces.py"],
    "metrics/groups.py": ["tests/metrics", "tests/insights/test_spaces_scale.py"],
}

_GUARD = re.compile(r"^(?P<indent>\s*)(?P<kw>if|elif) (?P<cond>.+):\s*(#.*)?$")
_COMPARES = re.compile(r"(>=|<=|>|<)")


def guards(path: Path) -> list[tuple[int, str]]:
    """(line number, condition) of each one-line ``if`` comparing with a limit."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = _GUARD.match(line)
        if match and _COMPARES.search(match["cond"]) and any(re.search(rf"\b{name}\b", match["cond"])
                                                             for name in LIMITS):
            found.append((number, match["cond"]))
    return found


def mutate(source: str, number: int) -> str:
    lines = source.splitlines(keepends=True)
    match = _GUARD.match(lines[number - 1].rstrip("\n"))
    lines[number - 1] = f"{match['indent']}{match['kw']} False:  # mutant: guard switched off\n"
    return "".join(lines)


def passes(tree: Path, tests: list[str], timeout: float) -> bool:
    """Whether ``tests`` pass in ``tree`` (not in time: a guard whose absence makes the tests
    run away counts as caught)."""
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m",
                              "not browser", *tests], check=False, cwd=tree, capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return False
    return run.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only modules whose path contains this text")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per test run (default 600)")
    args = parser.parse_args()
    survived = total = 0
    with tempfile.TemporaryDirectory(prefix="netmap-mutants-") as tmp:
        copy = Path(tmp) / "tree"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", ".pytest_cache"))
        for module, tests in TESTS.items():
            if args.only and args.only not in module:
                continue
            path = copy / "netmap" / module
            original = path.read_text(encoding="utf-8")
            found = guards(path)
            if found and not passes(copy, tests, args.timeout):  # a mutant is caught only if they passed before
                print(f"netmap/{module}: its tests fail without any mutant; fix them first", flush=True)
                survived += len(found)
                total += len(found)
                continue
            for number, condition in found:
                total += 1
                path.write_text(mutate(original, number), encoding="utf-8")
                start = time.perf_counter()
                try:
                    caught = not passes(copy, tests, args.timeout)
                finally:
                    path.write_text(original, encoding="utf-8")
                survived += not caught
                print(f"netmap/{module}:{number}  if {condition}  "
                      f"{'caught' if caught else 'SURVIVED'}  {time.perf_counter() - start:.0f} s", flush=True)
    print(f"{total} guards switched off, {total - survived} caught by a test, {survived} survived")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
