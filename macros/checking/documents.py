"""Reading data files: from bytes on disk to a parsed, schema-checked document.

Every problem found here is a `Problem` with a rule id; nothing is raised. Which files
of the data folder are records is `file_walk`'s.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..reading.problems import Problem
from ..reading.yamlbuilder import ParsedYaml, PathKey, dotted
from ..reading.yamlsafe import parse_yaml
from .keyword_base import describe
from .schema import CompiledSchema

MAX_FILE_BYTES = 64 * 1024
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX_LENGTH = 80
SCHEMA_LINE = "# yaml-language-server: $schema="
PLACEHOLDER = "<<fill in"  # what scripts/new_record.py writes where a value is needed


@dataclass
class Document:
    """One parsed data file. `valid` is False when the schema check failed: its
    cross-references are still checked, but no record is built from it."""

    path: str  # as shown in messages: relative to the repository root
    parsed: ParsedYaml
    first_line: str
    valid: bool = True
    problems: list[Problem] = field(default_factory=list)
    rejected: set[PathKey] = field(default_factory=set)  # paths the schema check refused

    @property
    def value(self) -> dict:
        assert isinstance(self.parsed.value, dict)
        return self.parsed.value

    def problem(self, field_path: PathKey, message: str, rule: str) -> Problem:
        line, column = self.parsed.location(field_path)
        return Problem(self.path, line, column, dotted(field_path), message, rule)


def file_problem(shown: str, message: str, rule: str, line: int = 1, column: int = 1) -> Problem:
    return Problem(shown, line, column, "", message, rule)


def _decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_FILE_BYTES:
        message = (
            f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}: "
            "shorten the text (a record needs a summary, not the whole document)."
        )
        return None, [file_problem(shown, message, "file-too-large")]
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = (
            "the file is not UTF-8 text: save it again with UTF-8 encoding "
            "(in most editors: 'Save with encoding' > 'UTF-8')."
        )
        return None, [file_problem(shown, message, "not-utf8", line, column)]


def read_document(path: Path, shown: str, schema: CompiledSchema | None) -> Document | None:
    """Read, parse and schema-check one file. The problems are in the returned
    document, or (when nothing usable was read) in a document with no value."""
    try:
        mode = os.lstat(path).st_mode  # one system call for both checks (10,000 files)
    except OSError:
        mode = None  # missing or unreadable: read_bytes says which
    if mode is not None and stat.S_ISLNK(mode):
        return _failed(shown, [symlink_problem(shown)])
    if mode is not None and not stat.S_ISREG(mode):
        message = "this is not a plain file (a folder, a pipe or a device): a record is a text file ending in .yml."
        return _failed(shown, [file_problem(shown, message, "not-a-file")])
    try:
        raw = path.read_bytes()
    except OSError as error:
        return _failed(shown, [file_problem(shown, f"cannot read the file: {error.strerror}.", "file-unreadable")])
    text, problems = _decode(raw, shown)
    if text is None:
        return _failed(shown, problems)
    parsed = parse_yaml(text, shown)
    problems = [p if p.rule else p.with_rule("yaml") for p in parsed.problems]
    # A file saved with old Mac line endings (CR only) still has a first line.
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0].strip()
    document = Document(shown, parsed, first_line, problems=problems)
    # A syntax error leaves no value; duplicate keys, anchors and tags leave one, and
    # checking it too lists every problem in a single run.
    if parsed.value is None:
        if not problems:
            message = "the file is empty: fill in the fields of the template (see CONTRIBUTING.md)."
            document.problems.append(file_problem(shown, message, "empty-file"))
        document.valid = False
        return document
    if not isinstance(parsed.value, dict):
        message = f"the top level must be a mapping of fields ('title: …' lines), not {describe(parsed.value)}."
        document.problems.append(document.problem((), message, "not-a-mapping"))
        document.valid = False
        parsed.value = None
        return document
    if schema is not None:
        _check_against_schema(document, schema, text)
    return document


def _failed(shown: str, problems: list[Problem]) -> Document:
    return Document(shown, ParsedYaml(), "", valid=False, problems=problems)


def _check_against_schema(document: Document, schema: CompiledSchema, text: str) -> None:
    # Only a file holding the template's marker can hold a placeholder: skip the walk otherwise.
    placeholders = list(_placeholders(document.value, ())) if PLACEHOLDER in text else []
    for field_path, value in placeholders:
        wanted = value.split(PLACEHOLDER, 1)[1].lstrip(": ").split(">>", 1)[0].strip()
        document.problems.append(
            document.problem(field_path, f"still holds the template's placeholder: write {wanted}.", "placeholder")
        )
    if placeholders:
        document.valid = False
        return
    errors = [
        e for e in schema.errors(document.value, document.parsed.raw) if not _already_refused(document.parsed, *e)
    ]
    document.rejected = {path for path, _, _ in errors} | document.parsed.refused
    for field_path, message, rule in errors:
        document.problems.append(document.problem(field_path, message, f"schema/{rule}"))
    document.valid = not errors and not document.problems


def _already_refused(parsed: ParsedYaml, path: PathKey, message: str, rule: str) -> bool:
    """True for a schema problem that the reader has already reported from the same cause:
    at a value it refused (the text of `1111…1` is not a number either), or a required
    field missing because the reader refused the name that stands for it (`tit\x01le`)."""
    if path in parsed.refused:
        return True
    if rule != "required" or not path:
        return False
    written = [str(name) for name in parsed.refused_keys.get(path[:-1], ())]
    return bool(difflib.get_close_matches(str(path[-1]), written, n=1, cutoff=0.6))


def _placeholders(value: object, path: PathKey) -> Iterable[tuple[PathKey, str]]:
    if isinstance(value, str):
        if PLACEHOLDER in value:
            yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, (*path, key))


def check_schema_line(document: Document, schema_file: str) -> list[Problem]:
    first = document.first_line
    if first.startswith(SCHEMA_LINE) and first.endswith(schema_file):
        return []
    message = (
        f"the first line must be '{SCHEMA_LINE}…/{schema_file}' so that editors check the "
        "file as you type: copy it from the template."
    )
    return [file_problem(document.path, message, "schema-line")]


def record_id(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The record's id (its file name), or the problem with the name."""
    stem = path.stem
    if ID_PATTERN.match(stem) and len(stem) <= ID_MAX_LENGTH:
        return stem, []
    suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:ID_MAX_LENGTH].strip("-")
    hint = f" e.g. {suggestion}.yml" if suggestion else ""
    message = (
        f"'{path.name}' is not a valid record id: the file name must be lowercase letters, "
        f"digits and single hyphens, at most {ID_MAX_LENGTH} characters, ending in .yml,{hint}."
    )
    return None, [file_problem(shown, message, "file-name")]


def symlink_problem(shown: str) -> Problem:
    message = (
        "this is a symbolic link: records must be plain files inside the repository, so that what is "
        "checked is what is published. Replace the link with the file itself."
    )
    return file_problem(shown, message, "symlink")
