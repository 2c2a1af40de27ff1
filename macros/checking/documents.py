"""Reading data files: from bytes on disk to a parsed, schema-checked document.

Every problem found here is a `Problem` with a rule id; nothing is raised.
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
from ..reading.yamlsafe import ParsedYaml, PathKey, dotted, parse_yaml
from .keywords import describe
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


# Files that may sit in a records folder without being records.
NOT_RECORDS = frozenset({".gitkeep", "README.md"})


# What editors and copies add after a file's name: x.yml~, x.yml.bak, x.yml.orig, x.yml.swp.
_COPY_ENDING = re.compile(r"(?i)(~|\.(bak|orig|old|tmp|swp|save|copy))+$")


def suggested_name(name: str) -> str | None:
    """What a record file's name was probably meant to be ('My Guide.YAML ' -> 'my-guide.yml',
    'guide.yml~' -> 'guide.yml'), or None when it is no record file at all (.DS_Store)."""
    stem = _COPY_ENDING.sub("", name.strip().rstrip(". ")).lstrip(".")
    lowered = stem.lower()
    for ending in (".yaml", ".yml"):
        if lowered.endswith(ending):
            stem = stem[: -len(ending)]
            break
    else:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:ID_MAX_LENGTH].strip("-")
    return f"{slug or 'record'}.yml"


def _name_problem(path: Path, shown: str) -> Problem:
    """A file in a records folder whose name is not a record's: what to do with it."""
    fix = suggested_name(path.name)
    if fix is None:
        message = f"'{path.name}' is not a record file and nothing reads it: remove it (a record is a .yml file)."
    elif (path.parent / fix).exists():
        message = (
            f"'{path.name}' is not a record file name, so the file would be ignored; {fix} is beside it: "
            f"delete this one if it is a copy (an editor's backup), or rename it."
        )
    else:
        message = f"'{path.name}' is not a record file name, so the file would be ignored: rename it to {fix}."
    return file_problem(shown, message, "file-extension")


def symlink_problem(shown: str) -> Problem:
    message = (
        "this is a symbolic link: records must be plain files inside the repository, so that what is "
        "checked is what is published. Replace the link with the file itself."
    )
    return file_problem(shown, message, "symlink")


def link_on_the_way(path: Path, root: Path) -> Path | None:
    """The first symbolic link among `root` and the folders and file below it down to
    `path`, or None: a link anywhere on the way means the file may be outside the repository."""
    current = root
    if current.is_symlink():
        return current
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def stray_files(root: Path, expected: set[Path], skipped: set[Path], display) -> list[Problem]:
    """A problem for every file under `root` that nothing reads: not one of the `expected`
    files and not in a `skipped` folder (the records' folders, checked by `record_files`)."""
    problems = []
    for folder, folders, files in os.walk(root, followlinks=False):
        here = Path(folder)
        folders[:] = [name for name in folders if here / name not in skipped]
        for path in sorted(here / name for name in (*folders, *files)):
            if path in expected or path.name in NOT_RECORDS:
                continue
            if path.is_symlink():
                problems.append(symlink_problem(display(path)))
            elif not path.is_dir():
                problems.append(file_problem(display(path), _stray_message(path, expected), "stray-file"))
    return problems


def _stray_message(path: Path, expected: set[Path]) -> str:
    siblings = [p.name for p in expected if p.parent == path.parent and not p.exists()]
    close = difflib.get_close_matches(path.name.strip().lower(), siblings, n=1, cutoff=0.6)
    if close:
        return f"'{path.name}' is not read, so it would be ignored: rename it to {close[0]}."
    if path.suffix.lower() in (".yml", ".yaml"):
        return (
            f"'{path.name}' is not read, so it would be ignored: a record goes in "
            "data/resources/<organization>/<id>.yml or data/case-studies/<id>.yml; move it there."
        )
    return f"'{path.name}' is not a data file of the inventory and is not read: remove it from data/."


@dataclass(frozen=True)
class Entry:
    """A file or folder under a root, as listed (its type from the listing: no system call)."""

    path: Path
    is_link: bool
    is_dir: bool


def _entries(root: Path) -> list[Entry]:
    """Every file and folder under `root`, without following symbolic links, in path order."""
    found: list[Entry] = []
    folders = [root]
    while folders:
        with os.scandir(folders.pop()) as listing:
            for item in listing:
                is_link, is_dir = item.is_symlink(), item.is_dir(follow_symlinks=False)
                found.append(Entry(Path(item.path), is_link, is_dir))
                if is_dir:
                    folders.append(Path(item.path))
    return sorted(found, key=lambda entry: entry.path.parts)


def record_files(root: Path, depth: int, where: str, display) -> tuple[list[Path], list[Problem]]:
    """Every record file under `root` (`depth` folders deep). Anything else there is a
    problem with a suggested fix: a symbolic link, a file in the wrong place, or a name
    that is not a record's (`x.YML`, `x.yml ` with a trailing space, `.x.yml`)."""
    if root.is_symlink():
        return [], [symlink_problem(display(root))]
    if not root.is_dir():
        return [], []
    found: list[Path] = []
    problems: list[Problem] = []
    base = len(root.parts)  # entries are paths under root, as listed
    for entry in _entries(root):
        path = entry.path
        shown = display(path)
        if entry.is_link:
            problems.append(symlink_problem(shown))
        elif entry.is_dir or path.name in NOT_RECORDS:
            continue
        elif path.suffix != ".yml" or path.name.startswith(".") or path.name != path.name.strip():
            problems.append(_name_problem(path, shown))
        elif len(path.parts) - base != depth:
            problems.append(
                file_problem(shown, f"this file is not where records go: move it to {where}.", "misplaced-file")
            )
        else:
            found.append(path)
    return found, problems
