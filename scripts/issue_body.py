"""Reading a GitHub issue form and the body GitHub renders from it (scripts/suggestion_to_record.py).

GitHub writes an issue made with a form as a `### <label>` heading per field, in the
form's order, each followed by the field's value: `_No response_` when it is empty, the
chosen options of a dropdown separated by commas, `- [X] …` for each ticked checkbox, the
text of a textarea as typed (in a code block when the field has `render`). The reader
also takes a body edited by hand: headings in any order, other line endings, blank lines
and trailing spaces. It never drops text: a `###` line that is not a heading of the form
is text of the textarea it is in, and anywhere else it is refused (`Refused`), as is any
text outside the form's sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

NO_RESPONSE = "_No response_"
MAX_BODY = 256 * 1024  # characters; GitHub stops issue bodies at 65,536
HEADING = re.compile(r" {0,3}###[ \t]+(.*)")  # the label is stripped after (a regex doing it can be quadratic)
# An option's slug: the "(slug)" that ends it.
SLUG_END = re.compile(r"\(\s*([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)\s*\)\s*(?=,|$)")
CHECKBOX = re.compile(r"^[-*+]\s+\[([ xX])\]\s*(.*)$")
FENCE = re.compile(r"`{3,}|~{3,}")  # opens a code block (with .match)


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


def form_name(path: Path) -> str:
    """The form's name, as GitHub shows it in the list of forms ("Suggest a resource")."""
    with path.open(encoding="utf-8") as handle:
        return str(yaml.safe_load(handle)["name"])


def normalize_label(text: str) -> str:
    return " ".join(text.split()).casefold()


def shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "…"


@dataclass
class Sections:
    """A body cut at its `### <label>` headings: the raw text of each field of the form
    (by id), and the text in none of them (by heading; "" for the text before the first)."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    stray: list[tuple[str, list[str]]] = field(default_factory=lambda: [("", [])])


def split_sections(body: str, fields: list[FormField]) -> Sections:
    """The raw text under each heading of the body.

    A `###` line that is not a heading of the form is text of the textarea it is in (a
    person may type one), and starts a stray section anywhere else; a `###` line inside
    the code block of a rendered textarea is its text, whatever it says.
    """
    by_label = {normalize_label(f.label): f for f in fields}
    sections = Sections()
    section: FormField | None = None
    current = sections.stray[0][1]
    fence = ""  # the code fence of a rendered textarea, until it is closed
    for line in body.split("\n"):
        if fence:
            current.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        heading = HEADING.fullmatch(line)
        known = by_label.get(normalize_label(heading.group(1))) if heading else None
        if heading and (known is not None or section is None or section.type != "textarea"):
            section = known
            if known is None:
                current = []
                sections.stray.append((heading.group(1).strip(), current))
            elif known.id in sections.fields:
                raise Refused(
                    f"{known.label}: the issue has two '### {known.label}' headings. If the text of another field "
                    f"has a line '### {known.label}', change that line (it reads as the form's heading); "
                    "otherwise keep one of the two sections."
                )
            else:
                current = sections.fields[known.id] = []
            continue
        opening = FENCE.match(line.strip())
        if section is not None and section.render and opening and not any(text.strip() for text in current):
            fence = opening.group()
        current.append(line)
    return sections


def stray_text(sections: Sections, fields: list[FormField]) -> tuple[list[str], list[str]]:
    """(problems, notes) for the text in none of the form's fields: it would be lost, so it
    is refused; an empty section that is not the form's is only noted."""
    problems: list[str] = []
    notes: list[str] = []
    for label, lines in sections.stray:
        empty = clean_block("\n".join(lines)).strip() in ("", NO_RESPONSE)
        if not label and not empty:
            problems.append(
                f"the issue has text before its first heading ('### {fields[0].label}'), in none of the form's "
                "fields: move that text into a field, or remove it."
            )
        elif label and empty:
            notes.append(f"ignored the empty section {shorten(label)!r}: it is not a field of the form.")
        elif label:
            problems.append(
                f"{'### ' + shorten(label)!r} is not a heading of the form, so the text under it is in none of its "
                "fields: move that text into a field (a Summary or Sources line may start with '###'), "
                "or remove the section."
            )
    return problems, notes


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


def parse_body(body: str, fields: list[FormField], form: str = "Suggest a resource") -> Suggestion:
    """The values of the form's fields in the body; `form` is the form's name, for the messages."""
    if len(body) > MAX_BODY:
        raise Refused(f"the issue's body is longer than {MAX_BODY:,} characters: shorten it.")
    body = body.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    split = split_sections(body, fields)
    sections = {key: "\n".join(lines) for key, lines in split.fields.items()}
    if not sections:
        raise Refused(
            f"{fields[0].label}: the issue has none of the form's sections ('### {fields[0].label}' and the "
            f"others): open it with the {form} form, or copy the form's headings into it."
        )
    problems, notes = stray_text(split, fields)
    suggestion = Suggestion(notes=notes)
    for form_field in fields:
        if form_field.id not in sections:
            if form_field.required:
                problems.append(
                    f"{form_field.label}: required, but the issue has no '### {form_field.label}' section: "
                    f"open the issue with the {form} form, or add the section."
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
