"""What YAML itself refuses, as problems that say where and how to fix it.

`macros/reading/yamlsafe.py` reads a file; the YAML library stops at a syntax error or at a
character that YAML allows nowhere, and the messages here turn that into a `Problem` with
the line and column an editor shows (old Mac files end their lines with CR alone).
"""

from __future__ import annotations

import re

import yaml

from .problems import Problem
from .textrules import character_kind, codepoint

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# libyaml's words for a problem, and what to tell the contributor instead of the general advice.
_SPECIFIC_ADVICE = {
    "found invalid Unicode character escape code": (
        "An escape such as \\ud83d\\ude00 (half of a character, as JSON writes emoji) is not a character in "
        "YAML: write the character itself, or its full code as \\U0001F600"
    ),
    "found unknown escape character": (
        "A backslash starts an escape in double quotes (\\n, \\t, \\\\): write \\\\ for a backslash, "
        "or put the text in single quotes"
    ),
    "tab character": "A tab is not indentation in YAML: indent with spaces (an editor can turn tabs into spaces)",
}


def position(text: str, index: int) -> tuple[int, int]:
    """The line and column (1-based) of the character at `index`, counting every kind of line end."""
    before = text[:index]
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return len(LINE_BREAK.findall(before)) + 1, index - start + 1


def syntax_problem(error: yaml.MarkedYAMLError, path: str, text: str = "") -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = error.problem or "invalid YAML"
    lines = LINE_BREAK.split(text)
    if "cannot start any token" in what and line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
        what = what.replace("found character", "found a tab character")
    advice = next((fix for words, fix in _SPECIFIC_ADVICE.items() if words in what), None)
    if error.context:
        what = f"{error.context}, {what}"
    start = error.context_mark
    if start is not None and mark is not None and start.line != mark.line:
        what += f" (in what starts on line {start.line + 1})"
    if advice is None:
        advice = (
            "Check the indentation and quoting on this line and the one above it (text containing ': ' or "
            "starting with a quote or bracket must be put in quotes)"
        )
    return Problem(path, line, column, "", f"YAML syntax error: {what}. {advice}.")


def reader_problem(text: str, path: str, error: yaml.reader.ReaderError, in_bytes: bool) -> Problem:
    """A character that YAML refuses anywhere in a file (a raw control character).
    libyaml counts its position in UTF-8 bytes (`in_bytes`), the pure-Python reader in characters."""
    index = error.position
    if in_bytes:
        index = len(text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore"))
    line, column = position(text, index)
    char = error.character if isinstance(error.character, str) else chr(error.character)
    return Problem(
        path,
        line,
        column,
        "",
        f"the file holds {codepoint(char)}, {character_kind(char)} that has no place in a record: "
        "delete it (it is often pasted in by accident; an editor may show it as a box or not at all).",
    )
