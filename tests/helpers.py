"""Paths and helpers shared by the tests."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def copy_valid_data(destination: Path) -> Path:
    """A fresh copy of tests/fixtures/valid/data with the project's own schema folder."""
    data = destination / "data"
    shutil.copytree(FIXTURES / "valid" / "data", data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    return data


EVENT_ROW = """    RecordKind(
        name="events",
        schema="event",
        title_field="name",
        noun="event",
        nouns="events",
        heading="Events",
    ),
"""


def add_event_kind(project: Path) -> None:
    """architecture/data-model.md, "Adding a record kind", in a copy of the project: a row
    in KINDS and the kind's schema (tests/fixtures/third-kind); the records and pages are
    the caller's."""
    model = project / "macros/model/kinds.py"
    text = model.read_text()
    end = text.index("\n)\n", text.index("KINDS: tuple[RecordKind, ...] = (")) + 1  # the table's closing line
    model.write_text(text[:end] + EVENT_ROW + text[end:])
    shutil.copy(FIXTURES / "third-kind/event.schema.json", project / "data/schema/event.schema.json")


def js_functions(source: str) -> list[tuple[str, int, int, bool]]:
    """(name, first line, lines, is a module) of every function in a script: `function
    name(`, methods assigned with `X.prototype.name = function`, and arrow functions with a
    block body. A module is a wrapper that starts a line, `(function (ns) {` or `(() => {`:
    a file may hold several. Strings, template literals and comments are skipped when
    braces are matched."""
    code = re.sub(r"//[^\n]*|/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), source, flags=re.DOTALL)
    code = re.sub(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|`(?:\\.|[^`\\])*`', lambda m: '""', code)
    starts = re.finditer(r"function\s*(\w*)\s*\([^)]*\)\s*\{|(\w+)\s*=\s*function\s*\([^)]*\)\s*\{|=>\s*\{", code)
    result = []
    for match in starts:
        brace, depth = match.end() - 1, 0
        line_start = code.rfind("\n", 0, match.start()) + 1
        wrapper = r"\(function\s*\w*\s*\([^)]*\)\s*\{|\(\([^)]*\)\s*=>\s*\{"
        is_module = re.fullmatch(wrapper, code[line_start : match.end()]) is not None
        for position in range(brace, len(code)):
            depth += {"{": 1, "}": -1}.get(code[position], 0)
            if depth == 0:
                name = match.group(1) or match.group(2) or ("arrow" if match.group().startswith("=>") else "function")
                first = code.count("\n", 0, match.start()) + 1
                result.append((name, first, code.count("\n", brace, position) + 1, is_module))
                break
    return result
