"""Fixtures shared by every test module, and the guard on the number of tests that ran."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import ROOT, copy_valid_data

# `make check` runs the tests that need neither a browser nor a built site. A test needs a
# build when it is a browser test, asks for a fixture named `*_site` (the fixtures that
# build one, by convention), or is marked `build` (a test that builds a site itself).
# sitebuild.build() refuses to run under `make check` (QUICK_ENV), so a test that builds
# without saying so fails there instead of slowing the quick loop down.
QUICK_ENV = "PRI_QUICK"
BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "build: the test builds a site (left out of `make check`)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if BROWSER_TESTS in Path(str(item.path)).parents or any(name.endswith("_site") for name in fixtures):
            item.add_marker(pytest.mark.build)


@pytest.fixture
def valid_data(tmp_path: Path) -> Path:
    return copy_valid_data(tmp_path)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The real site, built once per test run (with the default SITE_URL). Under
    pytest-xdist the workers share one build: the first to ask builds it in the run's own
    temporary folder, under a lock, and the others wait for it and read it."""
    from filelock import FileLock
    from sitebuild import build

    if worker_id == "master":
        folder = tmp_path_factory.mktemp("real")
    else:  # the parent of the workers' own folders belongs to this run only
        folder = tmp_path_factory.getbasetemp().parent / "real"
        folder.mkdir(exist_ok=True)
    site, done = folder / "site", folder / "built"
    with FileLock(str(folder / "build.lock")):
        if not done.exists():
            result = build(ROOT, site)
            assert result.returncode == 0, result.stdout + result.stderr
            done.write_text("ok\n", encoding="utf-8")
    return site


# --- the guard: fewer passed tests than tests/MIN_TESTS fails the whole-suite run -----------

MIN_TESTS_FILE = Path(__file__).resolve().parent / "MIN_TESTS"
# `make test` sets this, so that the guard holds whatever PYTEST_ADDOPTS or arguments say.
REQUIRE_ENV = "PRI_REQUIRE_MIN_TESTS"
_passed = 0
_guard_message: str | None = None


def _whole_suite(config: pytest.Config) -> bool:
    """True for `make test`, and for a bare `pytest` that selects nothing."""
    if os.environ.get(REQUIRE_ENV) == "1":
        return True
    option = config.option
    return (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not option.keyword
        and not option.markexpr
        and not getattr(option, "lf", False)  # absent with -p no:cacheprovider
        and not option.deselect
        and not option.collectonly
    )


def minimum_tests() -> int:
    lines = [line.strip() for line in MIN_TESTS_FILE.read_text(encoding="utf-8").splitlines()]
    numbers = [line for line in lines if line and not line.startswith("#")]
    if len(numbers) != 1 or not re.fullmatch(r"\d+", numbers[0]):
        raise ValueError(f"{MIN_TESTS_FILE} must hold one whole number (besides # comments)")
    return int(numbers[0])


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _passed
    if report.when == "call" and report.passed:
        _passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _guard_message
    # With pytest-xdist (`make test` runs two workers) each worker sees only its share:
    # the controller, which receives every worker's reports, does the counting.
    if hasattr(session.config, "workerinput") or not _whole_suite(session.config):
        return
    try:
        minimum = minimum_tests()
    except (OSError, ValueError) as error:
        _guard_message = f"cannot check the number of tests: {error}"
    else:
        if _passed >= minimum:
            return
        _guard_message = (
            f"only {_passed} tests passed; the whole suite must pass at least {minimum} (tests/MIN_TESTS). "
            "Were tests renamed, emptied or deselected?"
        )
    if exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _guard_message:
        terminalreporter.write_line(f"FAILED: {_guard_message}", red=True, bold=True)
