"""The guard on the number of tests: `make test` fails when fewer pass than tests/MIN_TESTS.

The guard is a hook of tests/conftest.py; these tests run it on a tiny copy of the test
folder in a separate pytest process.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

TESTS = ROOT / "tests"


def project(tmp_path: Path, tests: int, minimum: int | None) -> Path:
    folder = tmp_path / "tests"
    folder.mkdir(parents=True)
    for name in ("conftest.py", "helpers.py"):
        shutil.copy(TESTS / name, folder / name)
    body = "".join(f"def test_{i}() -> None:\n    assert True\n\n\n" for i in range(tests))
    (folder / "test_some.py").write_text(body or "# no tests\n")
    if minimum is not None:
        (folder / "MIN_TESTS").write_text(f"# the minimum\n{minimum}\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n")
    return tmp_path


def run(path: Path, *args: str, required: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", "PRI_REQUIRE_MIN_TESTS")}
    if required:
        env["PRI_REQUIRE_MIN_TESTS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("required", [False, True])
def test_fewer_tests_than_the_minimum_fail_the_whole_run(tmp_path: Path, required: bool) -> None:
    result = run(project(tmp_path, tests=2, minimum=3), required=required)
    assert result.returncode == 1, result.stdout
    assert "2 passed" in result.stdout
    assert "only 2 tests passed; the whole suite must pass at least 3 (tests/MIN_TESTS)" in result.stdout


def test_enough_tests_pass(tmp_path: Path) -> None:
    result = run(project(tmp_path, tests=3, minimum=3), required=True)
    assert result.returncode == 0, result.stdout
    assert "MIN_TESTS" not in result.stdout


def test_two_workers_count_together(tmp_path: Path) -> None:
    """`make test` runs two pytest-xdist workers: the tests of both count, and the guard
    still fails a run with too few."""
    enough = run(project(tmp_path / "enough", tests=4, minimum=4), "-n", "2", "--dist", "load", required=True)
    assert enough.returncode == 0, enough.stdout
    assert "4 passed" in enough.stdout and "MIN_TESTS" not in enough.stdout
    short = run(project(tmp_path / "short", tests=4, minimum=5), "-n", "2", "--dist", "load", required=True)
    assert short.returncode == 1, short.stdout
    assert "only 4 tests passed; the whole suite must pass at least 5" in short.stdout


def test_a_selection_is_not_held_to_the_minimum_unless_make_test_runs_it(tmp_path: Path) -> None:
    path = project(tmp_path, tests=3, minimum=3)
    assert run(path, "-k", "test_1").returncode == 0
    assert run(path, "tests/test_some.py::test_1").returncode == 0
    held = run(path, "-k", "test_1", required=True)  # e.g. PYTEST_ADDOPTS=-k under make test
    assert held.returncode == 1
    assert "only 1 tests passed" in held.stdout


def test_an_empty_test_folder_fails(tmp_path: Path) -> None:
    result = run(project(tmp_path, tests=0, minimum=3), required=True)
    assert result.returncode == 1
    assert "only 0 tests passed" in result.stdout


def test_a_missing_minimum_fails(tmp_path: Path) -> None:
    result = run(project(tmp_path, tests=3, minimum=None), required=True)
    assert result.returncode == 1
    assert "cannot check the number of tests" in result.stdout


def test_make_test_and_ci_hold_the_suite_to_the_recorded_minimum() -> None:
    # By path: with the browser tests collected too, the name `conftest` may be theirs.
    spec = importlib.util.spec_from_file_location("tests_conftest", ROOT / "tests/conftest.py")
    assert spec is not None and spec.loader is not None
    conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conftest)
    assert conftest.minimum_tests() >= 300
    makefile = (ROOT / "Makefile").read_text()
    assert "PRI_REQUIRE_MIN_TESTS=1 $(BIN)/python -m pytest" in makefile
    ci = (ROOT / ".ci/run").read_text()
    assert ci.index("unset PYTEST_ADDOPTS") < ci.index("make test")
