#!/usr/bin/env python3
"""Helpers for the weekly external link check (.github/workflows/links.yml).

Usage:
  .venv/bin/python scripts/link_report.py ignore-file > .lycheeignore
  .venv/bin/python scripts/link_report.py report LYCHEE_REPORT.md > issue.md

lychee checks every link of the built site: each resource's `url` and its `read`
addresses (the "Where to read it" links, macros/model/reach.py), the sources and the rest.
`ignore-file` prints lychee's ignore patterns: the addresses the data already marks as
known or believed gone (`url_status`, `status: may-be-gone` on a `read` entry), which
are not new breakage, plus the Internet Archive look-ups and the local preview address.
`report` wraps lychee's Markdown report in an issue body and adds the known-gone
addresses, each with the record that has it and its look-up. No address is pasted into
the issue as it is: lychee's report goes in a fenced block and each address in a code
span, so that nothing in an address can become a link, a mention or markup there.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checking.loader import load_inventory  # noqa: E402
from macros.model.reach import Way, resource_ways  # noqa: E402
from macros.model.records import Inventory, Record  # noqa: E402
from macros.reading.addresses import ARCHIVE  # noqa: E402

ALWAYS_IGNORED = [
    "^" + re.escape(ARCHIVE) + r"(\*|\d{4})/",  # look-ups (every copy, or near a year), not documents
    r"^https?://(127\.0\.0\.1|localhost)([:/]|$)",
]


def inventory(data: Path) -> Inventory:
    loaded = load_inventory(data).inventory
    if loaded is None:
        raise SystemExit("link_report.py: the data does not validate; run scripts/validate.py first")
    return loaded


def known_gone(loaded: Inventory) -> list[tuple[Record, Way]]:
    """Every address the data marks as known or believed gone, with its record and look-up."""
    return [
        (record, way)
        for record in loaded.resources
        for way in resource_ways(loaded.models["resources"], record)
        if way.gone
    ]


def ignore_patterns(data: Path) -> list[str]:
    known = sorted({way.gone for _, way in known_gone(inventory(data)) if way.gone})
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
    return report_text(known_gone(inventory(data)), lychee)


def report_text(known: list[tuple[Record, Way]], lychee: str) -> str:
    """The issue body: lychee's report and each known-gone address, as text GitHub shows as
    written (the addresses and paths come from records: a contributor wrote them)."""
    lines = [
        "The weekly link check found addresses on the site that did not answer.",
        "Fix the record (a moved address), or mark it as gone: `url_status` on a url,",
        "`status: may-be-gone` on a `read` entry.",
        "",
        "## New broken links",
        "",
        code_block(lychee.strip()) if lychee.strip() else "_lychee wrote no report._",
        "",
        f"## Already known ({len(known)}): not checked, an Internet Archive look-up offered",
        "",
        "These addresses are marked as gone in their records: their pages offer a look-up",
        "in the Internet Archive instead.",
        "",
    ]
    for record, way in known:
        status = code_span(way.status or "may-be-gone")
        lines.append(
            f"- {code_span(way.gone or '')} ({status}): {code_span(record.path)}; look-up: {code_span(way.address)}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="link_report.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", metavar="DIR", help="the data folder")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("ignore-file", help="print lychee ignore patterns (known-gone addresses and look-ups)")
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
