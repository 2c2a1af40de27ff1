#!/usr/bin/env python3
"""Turn a "Suggest a resource" or "Share your district's work" issue into a record file,
and validate it.

Usage: .venv/bin/python scripts/suggestion_to_record.py [--kind resources|case-studies]
                [--data DIR] [--today YYYY-MM-DD] [--comment FILE] BODY_FILE

--kind is the kind of record (macros.model.KINDS) and so the form (FORMS): resources
(.github/ISSUE_TEMPLATE/suggest-resource.yml, the default) or case-studies
(share-district.yml). BODY_FILE holds the issue's body as GitHub renders an issue form
(`-` reads it from standard input): a `### <label>` heading per field of the form,
`_No response_` for an empty field, the chosen options of a dropdown separated by commas
(each option ends in its `(slug)`), `- [X] …` for a ticked checkbox; scripts/issue_body.py
reads it. Headings may come in any order; line endings, blank lines and trailing spaces
do not matter. No text is dropped: a `###` line typed in the summary or the sources is
text, and text in none of the form's fields is refused.

The record is written from the template of scripts/new_record.py (schema line first,
the id made from the kind's title field, `added` = today), with every value from the issue written as
a quoted YAML string, then the whole data folder is validated. On success the new
file's path is printed. On any problem nothing is left behind (neither the file nor an
organization folder made for it), the problems are printed and, with --comment, written
as Markdown for a comment on the issue.

A form field's id is the record field's name; `<field>-<part>` is a part of an object
field (`enrollment-students`). A year that is not a number (e.g. "about 2013") is kept as
`year_note`. The summary's lines are joined into one paragraph (a Markdown field, such as
a case study's story, keeps its lines and paragraphs); each line of a list field (the
sources, the unions) is one item.

Exit status: 0 written, 1 refused (the problems say why), 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from issue_body import Refused, Suggestion, form_name, load_form, one_line, parse_body  # noqa: E402
from new_record import case_study_text, resource_text, slugify  # noqa: E402

from macros.checking.loader import load_inventory  # noqa: E402
from macros.model.kinds import KINDS, FieldSpec, RecordKind, field_specs  # noqa: E402
from macros.reading.problems import Problem  # noqa: E402

PROG = "suggestion_to_record.py"
FORMS = {  # the issue form of each kind of record a suggestion may become
    "resources": ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-resource.yml",
    "case-studies": ROOT / ".github" / "ISSUE_TEMPLATE" / "share-district.yml",
}
FORM = FORMS["resources"]
# The template of scripts/new_record.py for each kind, from the record's values.
TEMPLATES = {
    "resources": lambda data, values, today: resource_text(data, values["organization"], values["title"], today),
    "case-studies": lambda data, values, today: case_study_text(data, values["district"], values["state"], today),
}
DATA = ROOT / "data"
BULLET = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+(?!\[[ xX]\])")
# What YAML forbids in a document, or reads as a line break inside a quoted scalar.
NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]")


# --- writing the record -----------------------------------------------------------------------


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar holding exactly `text`: JSON's escapes, plus YAML's own."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return NOT_PRINTABLE.sub(escape, json.dumps(text, ensure_ascii=False))


def kind_of(name: str) -> RecordKind:
    return next(kind for kind in KINDS if kind.name == name)


def record_fields(data: Path, kind_name: str = "resources") -> dict[str, FieldSpec]:
    """The kind's schema's fields, by name: what shape each field of the record takes. The
    parts of an object field are there too, as `<field>-<part>` (`enrollment-students`)."""
    schema = json.loads((data / "schema" / kind_of(kind_name).schema_file).read_text(encoding="utf-8"))
    fields = {spec.name: spec for spec in field_specs(schema)}
    defs = schema.get("$defs", {})
    for spec in list(fields.values()):
        node = defs.get(spec.schema.get("$ref", "").rsplit("/", 1)[-1], spec.schema)
        if node.get("type") == "object":
            parts = field_specs({"properties": node.get("properties", {}), "$defs": defs})
            fields |= {f"{spec.name}-{part.name}": part for part in parts}
    return fields


def resource_fields(data: Path) -> dict[str, FieldSpec]:
    return record_fields(data, "resources")


def text_lines(text: str) -> list[str]:
    """Each line of a text box as one item (a source per line), without list bullets."""
    lines = (BULLET.sub("", line.strip()).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def record_values(suggestion: Suggestion, fields: dict[str, FieldSpec]) -> dict[str, Any]:
    """The record's fields, from the form's (same names), shaped as the schema declares
    them: a list for an array (the options chosen, or a text's lines), one option or one
    line of text otherwise (a Markdown text keeps its lines), and a number for an integer
    (text that is not a number goes to the field's `<name>_note` where the schema has one:
    "about 2013"). A part (`enrollment-students`) goes into its object field."""
    values: dict[str, Any] = {}
    for name, given in suggestion.values.items():
        spec = fields.get(name)
        key, value = shaped(name, given, spec, fields)
        if "-" in name:
            parent, part = name.split("-", 1)
            values.setdefault(parent, {})[part] = value
        else:
            values[key] = value
    return values


def shaped(name: str, given: Any, spec: FieldSpec | None, fields: dict[str, FieldSpec]) -> tuple[str, Any]:
    if spec is not None and spec.many:
        return name, given if isinstance(given, list) else text_lines(given)
    if isinstance(given, list):
        return name, given[0]
    if spec is not None and spec.schema.get("type") == "integer":
        text = one_line(given)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d{1,7}", text):  # 18081 or 18,081
            return name, int(text.replace(",", ""))
        # a note where the schema has one; otherwise the validator says what to write
        return (f"{name}_note" if f"{name}_note" in fields else name), text
    if spec is not None and spec.markdown:
        return name, given.strip()
    return name, one_line(given)


def field_lines(name: str, value: Any) -> list[str]:
    if name == "added" or isinstance(value, int):  # a date checked by main(), or a number
        return [f"{name}: {value}"]
    if isinstance(value, str):
        return [f"{name}: {yaml_string(value)}"]
    if isinstance(value, dict):  # an object field: its parts, indented
        return [f"{name}:", *("  " + line for part, item in value.items() for line in field_lines(part, item))]
    if name in ("sources", "unions"):
        return [f"{name}:", *(f"  - {yaml_string(item)}" for item in value)]
    return [f"{name}: [{', '.join(yaml_string(item) for item in value)}]"]


TEMPLATE_KEY = re.compile(r"^(?:#\s*)?([a-z_]+):(?:\s|$)")


def record_text(data: Path, values: dict[str, Any], today: str, kind_name: str = "resources") -> str:
    """new_record.py's template, each field set to its value or removed when there is none."""
    template = TEMPLATES[kind_name](data, values, today)
    values = {**values, "added": today}
    keys = {key.group(1) for key in map(TEMPLATE_KEY.match, template.splitlines()) if key}
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
        if name == "added":  # the fields the template does not have (a case study's enrollment), before it
            for other in [n for n in values if n not in keys]:
                out.extend(field_lines(other, values[other]))
                placed.add(other)
        if name in values and name not in placed:
            out.extend(field_lines(name, values[name]))
            placed.add(name)
    for name, value in values.items():  # any field still not placed
        if name not in placed:
            out.extend(field_lines(name, value))
    return "\n".join(out) + "\n"


def shown(path: Path, data: Path) -> str:
    try:
        return path.relative_to(data.parent).as_posix()
    except ValueError:
        return path.as_posix()


def write_and_validate(data: Path, folder: Path, record_id: str, text: str) -> tuple[Path, list[Problem]]:
    """Write the file in `folder` (data/<kind>/ or data/<kind>/<organization>/), validate
    the data folder, and remove what was made when it fails."""
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
        # The new file is the one a pull request adds: a repeated address is its problem.
        problems = load_inventory(data, changed=[shown(path, data)]).problems
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


def write_comment(path: Path | None, lines: list[str]) -> None:
    """The issue comment (--comment), if asked for; a file that cannot be written is said."""
    if path is None:
        return
    try:
        path.write_text(comment_markdown(lines), encoding="utf-8")
    except OSError as error:
        say(f"{PROG}: error: cannot write the comment to {path}: {error}")


def problem_for_person(problem: Problem, labels: dict[str, str], path: str) -> str:
    """A validator's problem as the person who filled in the form sees it: by the form's label."""
    if problem.path != path:
        return problem.as_text()
    root = re.split(r"[.\[]", problem.field, maxsplit=1)[0]
    if not root:
        return problem.message
    part = re.match(r"[a-z_]+\.[a-z_]+", problem.field)  # a part of an object field: its own form field
    if part and part.group().replace(".", "-") in labels:
        root = part.group().replace(".", "-")
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
        description="Turn the body of a 'Suggest a resource' issue into data/resources/<organization>/<id>.yml "
        "(or of a 'Share your district's work' issue into data/case-studies/<id>.yml, with --kind case-studies), "
        "validate it, and print its path. Nothing is left behind when it is refused. "
        "Exit status: 0 written, 1 refused (the problems say why), 2 usage error.",
    )
    parser.add_argument(
        "body", type=Path, metavar="BODY_FILE", help="the issue's body, as GitHub renders it (- reads stdin)"
    )
    parser.add_argument(
        "--kind", choices=sorted(FORMS), default="resources", help="the kind of record and its form (default resources)"
    )
    parser.add_argument("--data", type=Path, default=DATA, metavar="DIR", help="the data folder (default: data/)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="the date for `added` (default: today)")
    parser.add_argument(
        "--form", type=Path, metavar="FILE", help="the issue form (default: the kind's form, from FORMS)"
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
    if args.comment and (args.comment.is_dir() or not args.comment.parent.is_dir()):
        say(f"{PROG}: error: --comment {args.comment}: the file cannot be written there (no such folder)")
        return 2
    try:
        if str(args.body) == "-":
            body = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        else:
            body = args.body.read_bytes().decode("utf-8", errors="replace")
        form = args.form or FORMS[args.kind]
        fields, name = load_form(form), form_name(form)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        say(f"{PROG}: error: cannot read the body or the form: {error}")
        return 2
    labels = {f.id: f.label for f in fields}

    def refuse(lines: list[str], summary: str) -> int:
        for line in lines:
            say(line)
        say(f"{PROG}: refused: {summary}")
        write_comment(args.comment, lines)
        return 1

    try:
        path, problems = make_record(body, (fields, name), labels, data, today, kind_of(args.kind))
    except Refused as refused:
        return refuse(refused.messages, "nothing was written.")
    except Exception as error:  # a bug or a broken data folder: still no traceback, no file
        return refuse([f"{PROG}: internal error: {type(error).__name__}: {error}"], "nothing was written.")
    where = shown(path, data)
    if problems:
        return report_problems(problems, where, labels, args.comment)
    say(where, sys.stdout)
    return 0


def title_key(title: str) -> str:
    """A title without case, punctuation or spacing: "The  Guide!" and "the guide" are one."""
    return "".join(char for char in unicodedata.normalize("NFKC", title).casefold() if char.isalnum())


def same_title(data: Path, kind: RecordKind, title: str) -> Path | None:
    """The record of the kind whose naming field (a resource's title, a district) is `title`,
    written otherwise, or None."""
    wanted = title_key(title)
    line = re.compile(rf"^{re.escape(kind.title_field)}:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
    for path in sorted((data / kind.name).rglob("*.yml")):
        try:
            found = line.search(path.read_text(encoding="utf-8"))
            existing = yaml.safe_load(found.group(1)) if found else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # a file that cannot be read is the validator's to report
        if isinstance(existing, str) and title_key(existing) == wanted:
            return path
    return None


def make_record(
    body: str, form: tuple[list, str], labels: dict[str, str], data: Path, today: str, kind: RecordKind = KINDS[0]
) -> tuple[Path, list]:
    """Parse the body (`form`: the form's fields and name), write the record and validate
    it; Refused before anything is written."""
    suggestion = parse_body(body, form[0], form[1])
    for note in suggestion.notes:
        say(f"{PROG}: note: {note}")
    values = record_values(suggestion, record_fields(data, kind.name))
    naming = [kind.title_field, *([kind.nesting] if kind.nesting else [])]  # the id and the folder come from them
    for name in naming:
        if name not in values:
            raise Refused(f"{labels.get(name, name)}: required, but the issue does not give it.")
    label = labels.get(kind.title_field, kind.title_field)
    record_id = slugify(values[kind.title_field])
    if not record_id:
        given = values[kind.title_field]
        raise Refused(f"{label}: cannot make an id from {given!r}: the {label.lower()} needs letters or digits.")
    folder = data / kind.name / values[kind.nesting] if kind.nesting else data / kind.name
    taken = {p.stem: p for p in (data / kind.name).glob("*/*.yml" if kind.nesting else "*.yml")}
    if record_id in taken:
        raise Refused(
            f"{label}: the id {record_id!r} made from the {label.lower()} is already used by "
            f"{shown(taken[record_id], data)}: the {kind.noun} may already be in the inventory; "
            f"if it is another one, make its {label.lower()} more specific."
        )
    same = same_title(data, kind, values[kind.title_field])
    if same is not None:
        raise Refused(
            f"{label}: {values[kind.title_field]!r} is already the {label.lower()} of {shown(same, data)} "
            "(compared without case, punctuation or spacing): the "
            f"{kind.noun} may already be in the inventory; if it is another one, make its {label.lower()} "
            "more specific."
        )
    text = record_text(data, values, today, kind.name)
    return write_and_validate(data, folder, record_id, text)


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
    write_comment(comment, lines)
    say(f"{PROG}: refused: {len(problems)} {noun}; nothing was written.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
