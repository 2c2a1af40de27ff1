"""The file walk of the data folder: which files are records, and a problem with a fix
for each of the others (a symbolic link, a file in the wrong place, a name that is not a
record's, a file nothing reads), so that no file is silently ignored.

It never opens a file: reading one is `documents`' (whose problems it reuses)."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..reading.problems import Problem
from .documents import ID_MAX_LENGTH, file_problem, symlink_problem

Display = Callable[[Path], str]  # a path as messages show it (the loader's `display`)
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


def stray_files(root: Path, expected: set[Path], skipped: set[Path], display: Display) -> list[Problem]:
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


def record_files(root: Path, depth: int, where: str, display: Display) -> tuple[list[Path], list[Problem]]:
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
