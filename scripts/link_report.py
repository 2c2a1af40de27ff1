#!/usr/bin/env python3
"""Helpers for the weekly external link check (.github/workflows/links.yml).

Usage:
  .venv/bin/python scripts/link_report.py ignore-file > .lycheeignore
  .venv/bin/python scripts/link_report.py report LYCHEE_REPORT.md > issue.md

`ignore-file` prints lychee's ignore patterns: the addresses the data already marks as
legacy (`url_status`), which are not new breakage, plus the Internet Archive look-ups and
the local preview address. `report` wraps lychee's Markdown report in an issue body and
adds the known-dead addresses, each with the record that has it and its archived copies.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.loader import load_inventory  # noqa: E402
from macros.records import ARCHIVE_LOOKUP, Inventory  # noqa: E402

ALWAYS_IGNORED = [
    "^" + re.escape(ARCHIVE_LOOKUP),  # look-up pages, not documents
    r"^https?://(127\.0\.0\.1|localhost)([:/]|$)",
]


def inventory(data: Path) -> Inventory:
    loaded = load_inventory(data).inventory
    if loaded is None:
        raise SystemExit("link_report.py: the data does not validate; run scripts/validate.py first")
    return loaded


def ignore_patterns(data: Path) -> list[str]:
    known = sorted({r.url for r in inventory(data).resources if r.url and r.url_status})
    return ALWAYS_IGNORED + ["^" + re.escape(url) + "$" for url in known]


def code_span(text: str) -> str:
    """`text` as a Markdown code span, shown as written: no link, mention (@someone),
    emphasis or HTML in it is interpreted. One line; the fence is longer than any run of
    backticks inside."""
    text = " ".join(text.splitlines())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def code_block(text: str) -> str:
    """Text as a fenced block that Markdown shows as written."""
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}text\n{text}\n{fence}"


def report(data: Path, lychee: str) -> str:
    return report_text([r for r in inventory(data).resources if r.url and r.url_status], lychee)


def report_text(known: list, lychee: str) -> str:
    """The issue body: lychee's report and each known-dead address, as text GitHub shows as
    written (the addresses and paths come from records: a contributor wrote them)."""
    lines = [
        "The weekly link check found addresses on the site that did not answer.",
        "Fix the record (a moved address) or mark it with `url_status` (a legacy one).",
        "",
        "## New broken links",
        "",
        code_block(lychee.strip()) if lychee.strip() else "_lychee wrote no report._",
        "",
        f"## Already known ({len(known)}): not checked, archived copies offered",
        "",
        "These addresses are marked `url_status` in their records: their pages say so and link",
        "to the Internet Archive's copies.",
        "",
    ]
    lines += [
        f"- {code_span(r.url)} ({code_span(r.url_status)}): {code_span(r.path)}; archived copies: "
        f"{code_span(r.archive_url)}"
        for r in known
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="link_report.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", metavar="DIR", help="the data folder")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("ignore-file", help="print lychee ignore patterns (known-dead addresses and look-ups)")
    report_parser = commands.add_parser("report", help="print the issue body for a lychee Markdown report")
    report_parser.add_argument("lychee_report", type=Path, help="lychee's Markdown output file")
    args = parser.parse_args(argv)
    if args.command == "ignore-file":
        print("\n".join(ignore_patterns(args.data)))
    else:
        text = args.lychee_report.read_text(encoding="utf-8") if args.lychee_report.exists() else ""
        sys.stdout.write(report(args.data, text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
