"""The code's shape (the guide's limits), checked without a browser: no Python function
over 60 lines in macros/, scripts/ or tests/, no JavaScript function over 60 lines in
docs/javascripts/ (the planning tools included; a module's wrapper is not a function),
start-up and the base address in common.js only, and macros/checking/loader.py, the
validator's driver, at most 300 lines."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, js_functions

MAX_FUNCTION_LINES = 60
MAX_LOADER_LINES = 300
PYTHON_FOLDERS = ("macros", "scripts", "tests")
PYTHON_FILES = sorted(path for folder in PYTHON_FOLDERS for path in (ROOT / folder).rglob("*.py"))
SCRIPTS = sorted(p for p in (ROOT / "docs/javascripts").rglob("*.js") if "vendor" not in p.parts)


def python_functions(source: str) -> list[tuple[str, int, int]]:
    """(name, first line, lines) of every function and method, decorators included."""
    return [
        (node.name, node.lineno, node.end_lineno - min([node.lineno, *(d.lineno for d in node.decorator_list)]) + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None
    ]


def too_long_in_python(path: Path) -> list[tuple[str, int, int]]:
    functions = python_functions(path.read_text(encoding="utf-8"))
    return [(name, line, lines) for name, line, lines in functions if lines > MAX_FUNCTION_LINES]


def too_long_in_javascript(source: str) -> list[tuple[str, int, int]]:
    return [
        (name, line, lines)
        for name, line, lines, is_module in js_functions(source)
        if lines > MAX_FUNCTION_LINES and not is_module
    ]


def test_every_file_is_found() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in [*PYTHON_FILES, *SCRIPTS]}
    assert {"macros/checking/loader.py", "scripts/validate.py", "tests/browser/test_site.py"} <= names
    assert {"docs/javascripts/browser.js", "docs/javascripts/planning.js", "docs/javascripts/planning/core.js"} <= names


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_python_function_is_over_60_lines(path: Path) -> None:
    assert too_long_in_python(path) == [], f"(function, line, lines) over {MAX_FUNCTION_LINES} lines"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_javascript_function_is_over_60_lines(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    functions = js_functions(source)
    assert len(functions) >= 3 and any(is_module for *_, is_module in functions), "a module of functions"
    assert too_long_in_javascript(source) == [], f"(function, line, lines) over {MAX_FUNCTION_LINES} lines"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_only_common_js_starts_on_pages_and_reads_the_base(path: Path) -> None:
    """Start-up on every page (Material's document$) and the site's base address (the
    template's data-base, not Material's __config) are common.js's: PRI.onPage, PRI.url."""
    source = path.read_text(encoding="utf-8")
    assert "__config" not in source
    if path.name == "common.js":
        assert "document$.subscribe(" in source and 'getAttribute("data-base")' in source
    else:
        assert "document$" not in source


def test_the_measures_see_a_long_function(tmp_path: Path) -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(61))
    path = tmp_path / "long.py"
    path.write_text(f"class A:\n    @staticmethod\n    def long():\n    {body.replace(chr(10), chr(10) + '    ')}\n")
    assert too_long_in_python(path) == [("long", 3, 63)]
    script = "(function () {\n  function long() {\n" + "    a();\n" * 60 + "  }\n  function short() {}\n})();\n"
    assert [(name, lines, module) for name, _, lines, module in js_functions(script)] == [
        ("function", 65, True),
        ("long", 62, False),
        ("short", 1, False),
    ]
    assert too_long_in_javascript(script) == [("long", 2, 62)]


def test_the_loader_is_a_short_driver() -> None:
    lines = (ROOT / "macros/checking/loader.py").read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LOADER_LINES, f"macros/checking/loader.py has {lines} lines; the limit is {MAX_LOADER_LINES}"


LEFTOVER = re.compile(r"(\.(orig|rej|bak|swp|tmp)|~)$")


def test_no_leftover_of_a_merge_or_an_editor_is_committed() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert tracked.strip(), "git lists the repository's files"
    assert [name for name in tracked.splitlines() if LEFTOVER.search(name)] == []
    assert LEFTOVER.search("macros/checking/keywords.py.orig") and not LEFTOVER.search("macros/checking/keywords.py")
