#!/usr/bin/env python3
"""Validate the inventory's data files.

Usage: .venv/bin/python scripts/validate.py [--data DIR] [--github] [--changed-files FILE] [PATH ...]

Every problem is printed as `path:line:column: field: message`, then a summary line.
Exit status: 0 when everything is valid, 1 when there is any problem, 2 on a usage error.
With no PATH, all of the data folder is checked; with PATHs (files or folders inside
the data folder), the whole inventory is still loaded (ids and references span files)
but only problems in those paths are reported.
When GITHUB_ACTIONS=true (or with --github), problems are also printed as GitHub
`::error` annotations so that they show on the pull request's diff.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checking.loader import load_inventory  # noqa: E402
from macros.reading.problems import Problem, format_summary, plain  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="validate.py",
        description="Check every record, vocabulary and organization file of the inventory. "
        "Prints each problem as path:line:column: field: message, then a summary. "
        "Exit status: 0 valid, 1 problems found, 2 usage error.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders inside the data folder to report on (default: all of it)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT / "data",
        metavar="DIR",
        help="the data folder (default: data/ next to this script's folder)",
    )
    parser.add_argument(
        "--github",
        action="store_true",
        default=os.environ.get("GITHUB_ACTIONS") == "true",
        help="also print GitHub Actions ::error annotations (default: on when GITHUB_ACTIONS=true)",
    )
    parser.add_argument(
        "--changed-files",
        type=Path,
        metavar="FILE",
        help="a file listing the paths a pull request adds or changes, one a line (git diff --name-only): "
        "when a record repeats another's address, these are the ones told (default: $PRI_CHANGED_FILES)",
    )
    return parser.parse_args(argv)


def lexical(path: Path) -> Path:
    """`path` made absolute without following symbolic links (`..` removed as written): a
    link under data/ is a path inside the data folder, which the validator then refuses."""
    return Path(os.path.normpath(path.absolute()))


def inside(path: Path, data_dir: Path) -> Path | None:
    """`path` as a path under `data_dir`, or None when it is not in the data folder."""
    given = lexical(path)
    if given.is_relative_to(data_dir):
        return given
    if path.resolve().is_relative_to(data_dir.resolve()):  # through a link above the repository
        return data_dir / path.resolve().relative_to(data_dir.resolve())
    return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_dir = lexical(args.data)
    if not data_dir.is_dir():
        print(plain(f"validate.py: error: the data folder {args.data} does not exist"), file=sys.stderr)
        return 2
    selected: list[Path] = []
    for path in args.paths:
        if not os.path.lexists(path):
            print(plain(f"validate.py: error: {path} does not exist"), file=sys.stderr)
            return 2
        chosen_path = inside(path, data_dir)
        if chosen_path is None:
            print(plain(f"validate.py: error: {path} is not inside the data folder {args.data}"), file=sys.stderr)
            return 2
        selected.append(chosen_path)

    changed = None
    if args.changed_files is not None:
        try:
            changed = args.changed_files.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            message = f"validate.py: error: cannot read --changed-files {args.changed_files}: {error}"
            print(plain(message), file=sys.stderr)
            return 2
    # not resolved: a data folder that is a link is refused
    result = load_inventory(data_dir, changed=changed)
    problems = result.problems
    if selected:
        base = data_dir.parent

        def chosen(problem: Problem) -> bool:
            where = lexical(base / problem.path)
            return any(where == s or where.is_relative_to(s) for s in selected)

        problems = [p for p in problems if chosen(p)]

    # Both forms escape the contributor's text (file and field names, quoted values), so
    # that no line can start a GitHub workflow command but the validator's own ::error.
    for problem in problems:
        print(problem.as_text())
    if args.github:
        for problem in problems:
            print(problem.as_github_annotation())
    if problems:
        print(format_summary(problems) + " See CONTRIBUTING.md for the fields and allowed values.")
        return 1
    if selected and not result.ok:
        print(f"The {len(selected)} given path(s) are valid; other files have problems (run without paths).")
        return 0
    counts = ", ".join(f"{n} {what}" for what, n in result.counts.items())
    print(f"OK: {result.files_checked} files valid ({counts}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
