#!/usr/bin/env python3
"""Turn a "Suggest a resource" issue into a record file, and validate it.

Usage: .venv/bin/python scripts/suggestion_to_record.py [--data DIR] [--today YYYY-MM-DD]
                                                        [--comment FILE] BODY_FILE

BODY_FILE holds the issue's body as GitHub renders an issue form (`-` reads it from
standard input): a `### <label>` heading per field of .github/ISSUE_TEMPLATE/suggest-resource.yml,
`_No response_` for an empty field, the chosen options of a dropdown separated by commas
(each option ends in its `(slug)`), `- [X] …` for a ticked checkbox. Headings may come in
any order; line endings, blank lines and trailing spaces do not matter.

The record is written from the template of scripts/new_record.py (schema line first,
the id made from the title, `added` = today), with every value from the issue written as
a quoted YAML string, then the whole data folder is validated. On success the new
file's path is printed. On any problem nothing is left behind (neither the file nor an
organization folder made for it), the problems are printed and, with --comment, written
as Markdown for a comment on the issue.

A year that is not a number (e.g. "about 2013") is kept as `year_note`. The summary's
lines are joined into one paragraph; each line of the sources is one source.

Exit status: 0 written, 1 refused (the problems say why), 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from new_record import resource_text, slugify  # noqa: E402

from macros.loader import load_inventory  # noqa: E402
from macros.problems import Problem  # noqa: E402

PROG = "suggestion_to_record.py"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-resource.yml"
DATA = ROOT / "data"
NO_RESPONSE = "_No response_"
MAX_BODY = 256 * 1024  # characters; GitHub stops issue bodies at 65,536
HEADING = re.compile(r" {0,3}###[ \t]+(.*)")  # the label is stripped after (a regex doing it can be quadratic)
# An option's slug: the "(slug)" that ends it.
SLUG_END = re.compile(r"\(\s*([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)\s*\)\s*(?=,|$)")
BULLET = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+(?!\[[ xX]\])")
CHECKBOX = re.compile(r"^[-*+]\s+\[([ xX])\]\s*(.*)$")
FENCE = re.compile(r"`{3,}|~{3,}")  # opens a code block (with .match)
# What YAML forbids in a document, or reads as a line break inside a quoted scalar.
NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]")


class Refused(Exception):
    """The issue cannot become a record; each argument is a message for the person."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass(frozen=True)
class FormField:
    id: str
    type: str  # input, textarea, dropdown, checkboxes
    label: str
    required: bool
    multiple: bool = False
    options: tuple[str, ...] = ()
    render: bool = False  # a textarea that GitHub shows in a code block


@dataclass
class Suggestion:
    values: dict[str, Any] = field(default_factory=dict)  # by form field id
    notes: list[str] = field(default_factory=list)


# --- reading the form and the body ------------------------------------------------------------


def load_form(path: Path) -> list[FormField]:
    with path.open(encoding="utf-8") as handle:
        form = yaml.safe_load(handle)
    fields = []
    for item in form["body"]:
        if item["type"] == "markdown":
            continue
        attributes = item["attributes"]
        options = attributes.get("options", ())
        if item["type"] == "checkboxes":
            options = [option["label"] for option in options]
        fields.append(
            FormField(
                id=item.get("id", attributes["label"]),
                type=item["type"],
                label=attributes["label"].strip(),
                required=bool(item.get("validations", {}).get("required", False)),
                multiple=bool(attributes.get("multiple", False)),
                options=tuple(options),
                render=bool(attributes.get("render")),
            )
        )
    return fields


def form_label(path: Path) -> str:
    """The label GitHub puts on issues opened with the form (the workflow runs on it)."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["labels"][0]


def normalize_label(text: str) -> str:
    return " ".join(text.split()).casefold()


def split_sections(body: str, fields: list[FormField]) -> tuple[dict[str, str], list[str]]:
    """The raw text under each `### <label>` heading of a form field, by field id.

    A `###` line inside the code block of a rendered textarea is its text, not a heading.
    """
    by_label = {normalize_label(f.label): f for f in fields}
    sections: dict[str, list[str]] = {}
    notes: list[str] = []
    current: list[str] | None = None
    section: FormField | None = None
    fence = ""  # the code fence of a rendered textarea, until it is closed
    for line in body.split("\n"):
        if fence and current is not None:
            current.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        heading = HEADING.fullmatch(line)
        if heading:
            label = heading.group(1).strip()
            section = by_label.get(normalize_label(label))
            if section is None:
                shown = label if len(label) <= 80 else label[:77] + "…"
                notes.append(f"ignored the section {shown!r}: it is not a field of the form.")
                current = None
            elif section.id in sections:
                raise Refused(f"{section.label}: the issue has two '### {section.label}' sections; keep one.")
            else:
                current = sections[section.id] = []
            continue
        if current is None or section is None:
            continue
        opening = FENCE.match(line.strip())
        if section.render and opening and not any(text.strip() for text in current):
            fence = opening.group()
        current.append(line)
    return {key: "\n".join(lines).strip("\n") for key, lines in sections.items()}, notes


def clean_block(text: str, fenced: bool = False) -> str:
    """A field's text: trailing spaces and surrounding blank lines removed, and the code
    block around a rendered textarea (`fenced`) too."""
    lines = [line.rstrip() for line in text.split("\n")]
    kept = [index for index, line in enumerate(lines) if line.strip()]
    lines = lines[kept[0] : kept[-1] + 1] if kept else []
    if fenced and len(lines) >= 2:
        opening = FENCE.match(lines[0].strip())
        closing = lines[-1].strip()
        if opening and len(closing) >= len(opening.group()) and not closing.strip(opening.group()[0]):
            return clean_block("\n".join(lines[1:-1]))
    return "\n".join(lines)


def one_line(text: str) -> str:
    return " ".join(text.split())


def match_options(value: str, form_field: FormField) -> list[str]:
    """The slugs of the chosen options, read from the end of each: "Label (slug), …"."""
    options = {one_line(option): SLUG_END.search(one_line(option)) for option in form_field.options}
    by_length = sorted(options, key=len, reverse=True)
    slugs: list[str] = []
    rest = one_line(value)
    while rest:
        exact = next(
            (o for o in by_length if options[o] and rest.startswith(o) and rest[len(o) :].lstrip()[:1] in ("", ",")),
            None,
        )
        if exact is not None:
            slug, end = options[exact].group(1), len(exact)  # type: ignore[union-attr]
        else:
            # Not one of the form's options as written (a renamed or typed label): the first
            # "(slug)" before a comma or the end closes it; an unknown slug is left to the validator.
            chosen = SLUG_END.search(rest)
            if chosen is None:
                shown = rest if len(rest) <= 80 else rest[:77] + "…"
                raise Refused(
                    f"{form_field.label}: cannot read {shown!r}: choose from the form's options, "
                    "each of which ends in its slug in parentheses, e.g. 'Teachers (teachers)'."
                )
            slug, end = chosen.group(1).lower(), chosen.end()
        if slug not in slugs:
            slugs.append(slug)
        rest = rest[end:].lstrip()
        rest = rest[1:].lstrip() if rest.startswith(",") else rest
    if len(slugs) > 1 and not form_field.multiple:
        raise Refused(f"{form_field.label}: choose one option, not {len(slugs)}.")
    return slugs


def read_value(form_field: FormField, raw: str) -> Any:
    """The field's value: None when empty, a string, or a list (options, checked boxes)."""
    text = clean_block(raw, fenced=form_field.render)
    if text.strip() in ("", NO_RESPONSE) or (form_field.type == "dropdown" and text.strip() == "None"):
        return None
    if form_field.type == "dropdown":
        return match_options(text, form_field)
    if form_field.type == "checkboxes":
        checked = [CHECKBOX.match(line.strip()) for line in text.split("\n")]
        return [one_line(m.group(2)) for m in checked if m and m.group(1) in "xX"] or None
    return text


def parse_body(body: str, fields: list[FormField]) -> Suggestion:
    if len(body) > MAX_BODY:
        raise Refused(f"the issue's body is longer than {MAX_BODY:,} characters: shorten it.")
    body = body.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    sections, notes = split_sections(body, fields)
    if not sections:
        raise Refused(
            f"{fields[0].label}: the issue has none of the form's sections ('### {fields[0].label}' and the "
            "others): open it with the Suggest a resource form, or copy the form's headings into it."
        )
    suggestion = Suggestion(notes=notes)
    problems = []
    for form_field in fields:
        if form_field.id not in sections:
            if form_field.required:
                problems.append(
                    f"{form_field.label}: required, but the issue has no '### {form_field.label}' section: "
                    "open the issue with the Suggest a resource form, or add the section."
                )
            continue
        try:
            value = read_value(form_field, sections[form_field.id])
        except Refused as refused:
            problems.extend(refused.messages)
            continue
        if value is None:
            if form_field.required:
                problems.append(f"{form_field.label}: required, but the issue leaves it empty.")
            continue
        suggestion.values[form_field.id] = value
    if problems:
        raise Refused(*problems)
    return suggestion


# --- writing the record -----------------------------------------------------------------------


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar holding exactly `text`: JSON's escapes, plus YAML's own."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return NOT_PRINTABLE.sub(escape, json.dumps(text, ensure_ascii=False))


def record_values(suggestion: Suggestion) -> dict[str, Any]:
    """The record's fields, from the form's (same names)."""
    given = suggestion.values
    values: dict[str, Any] = {}
    for name in ("title", "url"):
        if name in given:
            values[name] = one_line(given[name])
    for name in ("organization", "type"):
        if name in given:
            values[name] = given[name][0]
    for name in ("partners", "topics", "audiences", "grade_bands", "languages"):
        if name in given:
            values[name] = given[name]
    if "year" in given:
        year = one_line(given["year"])
        if re.fullmatch(r"\d{1,6}", year):
            values["year"] = int(year)
        else:
            values["year_note"] = year
    if "summary" in given:
        values["summary"] = one_line(given["summary"])
    if "sources" in given:
        lines = (BULLET.sub("", line.strip()).strip() for line in given["sources"].split("\n"))
        values["sources"] = [line for line in lines if line]
    return values


def field_lines(name: str, value: Any) -> list[str]:
    if name == "added" or isinstance(value, int):  # a date checked by main(), or a number
        return [f"{name}: {value}"]
    if isinstance(value, str):
        return [f"{name}: {yaml_string(value)}"]
    if name == "sources":
        return [f"{name}:", *(f"  - {yaml_string(item)}" for item in value)]
    return [f"{name}: [{', '.join(yaml_string(item) for item in value)}]"]


TEMPLATE_KEY = re.compile(r"^(?:#\s*)?([a-z_]+):(?:\s|$)")


def record_text(data: Path, values: dict[str, Any], today: str) -> str:
    """new_record.py's template, each field set to its value or removed when there is none."""
    template = resource_text(data, values["organization"], values["title"], today)
    values = {**values, "added": today}
    out: list[str] = []
    placed: set[str] = set()
    for line in template.splitlines():
        if line.startswith((" ", "\t")):  # the items or lines of the field above: replaced with it
            continue
        key = TEMPLATE_KEY.match(line)
        if key is None:
            if not out:  # the schema line
                out.append(line)
            continue  # the template's guidance comments
        name = key.group(1)
        if name in values and name not in placed:
            out.extend(field_lines(name, values[name]))
            placed.add(name)
    for name, value in values.items():  # any field the template does not have
        if name not in placed:
            out.extend(field_lines(name, value))
    return "\n".join(out) + "\n"


def shown(path: Path, data: Path) -> str:
    try:
        return path.relative_to(data.parent).as_posix()
    except ValueError:
        return path.as_posix()


def write_and_validate(data: Path, organization: str, record_id: str, text: str) -> tuple[Path, list[Problem]]:
    """Write the file, validate the data folder, and remove what was made when it fails."""
    folder = data / "resources" / organization
    made = [p for p in (folder, folder.parent) if not p.exists()]
    path = folder / f"{record_id}.yml"
    folder.mkdir(parents=True, exist_ok=True)
    written = False

    def remove() -> None:
        if written:
            path.unlink(missing_ok=True)
        for directory in made:
            if directory.exists() and not any(directory.iterdir()):
                directory.rmdir()

    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            written = True
            handle.write(text)
        problems = load_inventory(data).problems
    except BaseException:
        remove()
        raise
    if problems:
        remove()
    return path, problems


# --- output -----------------------------------------------------------------------------------


def log_safe(text: str) -> str:
    """One line that a GitHub Actions log shows as text, never as a workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    stripped = text.lstrip()
    if stripped.startswith(("::", "##[")):
        text = text[: len(text) - len(stripped)] + ("%3A" if stripped[0] == ":" else "%23") + stripped[1:]
    return text


def say(text: str, stream: Any = sys.stderr) -> None:
    print(log_safe(text), file=stream)


def comment_markdown(lines: list[str]) -> str:
    """An issue comment listing the problems, as text that Markdown does not interpret."""
    body = "\n".join(lines)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return (
        "This suggestion cannot become a pull request yet:\n\n"
        f"{fence}text\n{body}\n{fence}\n\n"
        "Please edit the issue (the **⋯** menu, then **Edit**) to fix this: the check runs again after "
        "every edit. The fields and their allowed values are described in CONTRIBUTING.md.\n"
    )


def problem_for_person(problem: Problem, labels: dict[str, str], path: str) -> str:
    """A validator's problem as the person who filled in the form sees it: by the form's label."""
    if problem.path != path:
        return problem.as_text()
    root = re.split(r"[.\[]", problem.field, maxsplit=1)[0]
    if not root:
        return problem.message
    label = labels.get(root if root != "year_note" else "year", root)
    return f"{label} ({problem.field}): {problem.message}" if label != root else f"{root}: {problem.message}"


# --- the command line -------------------------------------------------------------------------


def iso_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else ""
    except ValueError:
        return ""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Turn the body of a 'Suggest a resource' issue into data/resources/<organization>/<id>.yml, "
        "validate it, and print its path. Nothing is left behind when it is refused. "
        "Exit status: 0 written, 1 refused (the problems say why), 2 usage error.",
    )
    parser.add_argument(
        "body", type=Path, metavar="BODY_FILE", help="the issue's body, as GitHub renders it (- reads stdin)"
    )
    parser.add_argument("--data", type=Path, default=DATA, metavar="DIR", help="the data folder (default: data/)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="the date for `added` (default: today)")
    parser.add_argument(
        "--form", type=Path, default=FORM, metavar="FILE", help="the issue form (default: the Suggest a resource form)"
    )
    parser.add_argument(
        "--comment", type=Path, metavar="FILE", help="when refused, also write the problems here as an issue comment"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    today = iso_date(args.today) if args.today is not None else dt.date.today().isoformat()
    if not today:
        say(f"{PROG}: error: --today must be a real date written YYYY-MM-DD, not {args.today!r}")
        return 2
    data: Path = args.data.resolve()
    if not (data / "organizations.yml").is_file():
        say(f"{PROG}: error: {data} is not a data folder (it has no organizations.yml)")
        return 2
    try:
        if str(args.body) == "-":
            body = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        else:
            body = args.body.read_bytes().decode("utf-8", errors="replace")
        fields = load_form(args.form)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        say(f"{PROG}: error: cannot read the body or the form: {error}")
        return 2
    labels = {f.id: f.label for f in fields}

    def refuse(lines: list[str], summary: str) -> int:
        for line in lines:
            say(line)
        say(f"{PROG}: refused: {summary}")
        if args.comment:
            args.comment.write_text(comment_markdown(lines), encoding="utf-8")
        return 1

    try:
        path, problems = make_record(body, fields, labels, data, today)
    except Refused as refused:
        return refuse(refused.messages, "nothing was written.")
    except Exception as error:  # a bug or a broken data folder: still no traceback, no file
        return refuse([f"{PROG}: internal error: {type(error).__name__}: {error}"], "nothing was written.")
    where = shown(path, data)
    if problems:
        return report_problems(problems, where, labels, args.comment)
    say(where, sys.stdout)
    return 0


def make_record(body: str, fields: list, labels: dict[str, str], data: Path, today: str) -> tuple[Path, list]:
    """Parse the body, write the record and validate it; Refused before anything is written."""
    suggestion = parse_body(body, fields)
    for note in suggestion.notes:
        say(f"{PROG}: note: {note}")
    values = record_values(suggestion)
    for name in ("title", "organization"):  # the id and the folder come from them
        if name not in values:
            raise Refused(f"{labels.get(name, name)}: required, but the issue does not give it.")
    record_id = slugify(values["title"])
    if not record_id:
        raise Refused(
            f"{labels['title']}: cannot make an id from {values['title']!r}: the title needs letters or digits."
        )
    taken = {p.stem: p for p in (data / "resources").glob("*/*.yml")}
    if record_id in taken:
        raise Refused(
            f"{labels['title']}: the id {record_id!r} made from the title is already used by "
            f"{shown(taken[record_id], data)}: the resource may already be in the inventory; "
            "if it is another one, make its title more specific."
        )
    text = record_text(data, values, today)
    return write_and_validate(data, values["organization"], record_id, text)


def report_problems(problems: list, where: str, labels: dict[str, str], comment: Path | None) -> int:
    """The validator's problems for the log, and the person's own for the issue comment."""
    mine = [p for p in problems if p.path == where]
    # Problems of other files that name the new one (an id or address used twice) are
    # the other side of one of its own: the person needs only its side.
    others = [p for p in problems if p.path != where and where not in p.message]
    for problem in problems:
        say(problem.as_text())
    lines = [problem_for_person(p, labels, where) for p in mine]
    if others:
        lines.append(f"(The inventory also has {len(others)} problem(s) in other files: a maintainer must fix them.)")
    noun = "problem" if len(problems) == 1 else "problems"
    if comment:
        comment.write_text(comment_markdown(lines), encoding="utf-8")
    say(f"{PROG}: refused: {len(problems)} {noun}; nothing was written.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
