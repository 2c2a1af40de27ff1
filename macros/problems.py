"""Problems found in the data, modelled as values and formatted only at the edge."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one record file.

    `line` and `column` are 1-based; 0 means "the file as a whole".
    `field` is a dotted path such as `topics[2]`, or "" for the file itself.
    `message` says what is wrong and how to fix it.
    `rule` names the check that found it (see `macros.rules.RULES`).
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
        field = f" {self.field}:" if self.field else ""
        return f"{self.path}:{self.line}:{self.column}:{field} {self.message}"

    def as_github_annotation(self) -> str:
        # GitHub's workflow-command syntax: properties escape `%`, CR, LF, `:` and `,`;
        # the message escapes `%`, CR and LF.
        def prop(value: str) -> str:
            return (
                value.replace("%", "%25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
                .replace(":", "%3A")
                .replace(",", "%2C")
            )

        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
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
