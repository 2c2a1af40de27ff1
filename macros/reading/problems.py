"""Problems found in the data, modelled as values and formatted only at the edge.

A problem carries contributor text (file names, field names, values quoted in the
message), and CI prints it to a log that GitHub reads for workflow commands. So the two
output forms escape it here, once: `as_text` (the plain line, also the build's error)
and `as_github_annotation` (an `::error` command). See `plain` for the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# Characters that would break a line, hide text or reorder it on a terminal or in a log:
# C0 and C1 controls, DEL, zero-width and bidirectional format characters, the line and
# paragraph separators, the byte-order mark, interlinear annotations, surrogates, tag
# characters and noncharacters.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    f"\U000e0000-\U000e007f{_NONCHARACTERS}]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# GitHub's runner reads a line as a workflow command when it starts, after any
# whitespace, with "::" (`::error`, `::stop-commands::`), and wherever "##[" appears in it
# (the older `##[command]` form).
_COMMAND_START = re.compile(r"^(\s*)(?=::)")
_OLD_COMMAND = "##["


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    point = ord(char)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def visible(text: str) -> str:
    """`text` with every control, line-breaking and invisible character written as an
    escape (`\\n`, `\\x01`, `\\u200b`), so that it shows as one line, as stored."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def plain(line: str) -> str:
    """One line of plain output that holds contributor text, made safe to print in a CI log:
    escaped as `visible` (so it stays one line), with "##[" broken up and a leading "::"
    escaped, so that GitHub never reads it as a workflow command."""
    line = visible(line).replace(_OLD_COMMAND, "##\\[")
    return _COMMAND_START.sub(r"\1\\", line, count=1)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one record file.

    `line` and `column` are 1-based; 0 means "the file as a whole".
    `field` is a dotted path such as `topics[2]`, or "" for the file itself.
    `message` says what is wrong and how to fix it.
    `rule` names the check that found it (see `macros.checking.loader.all_rule_ids`).
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    rule: str = ""

    def with_rule(self, rule: str) -> Problem:
        return replace(self, rule=rule)

    def as_text(self) -> str:
        """`path:line:column: field: message`, on one line, safe to print in a CI log."""
        field = f" {self.field}:" if self.field else ""
        return plain(f"{self.path}:{self.line}:{self.column}:{field} {self.message}")

    def as_github_annotation(self) -> str:
        # GitHub's workflow-command syntax: properties escape `%`, CR, LF, `:` and `,`;
        # the message escapes `%`, CR and LF. Other control and invisible characters are
        # written as visible escapes (GitHub would show them raw).
        def data(value: str) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return visible(value).replace(_OLD_COMMAND, "##\\[")

        def prop(value: str) -> str:
            return data(value).replace(":", "%3A").replace(",", "%2C")

        text = data(f"{self.field}: {self.message}" if self.field else self.message)
        return (
            f"::error file={prop(self.path)},line={max(self.line, 1)},"
            f"col={max(self.column, 1)},title={prop('Invalid record')}::{text}"
        )


def format_summary(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    file_noun = "file" if files == 1 else "files"
    return f"{len(problems)} {noun} in {files} {file_noun}."


class DataError(Exception):
    """Raised by the build when the data does not validate; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        lines = [p.as_text() for p in self.problems]
        lines.append(format_summary(self.problems) + " The site was not built.")
        super().__init__("\n".join(lines))
