#!/usr/bin/env python3
"""Write a new record file from the template, in the right folder.

Usage:
  .venv/bin/python scripts/new_record.py resource --organization aft --title "Title"
  .venv/bin/python scripts/new_record.py case-study --district "Name School District" --state OH

The file gets its id from the title (or the district), the schema line on top, every
required field with a `<<fill in: …>>` placeholder that says what to write, and every
optional field commented out with its allowed values. The validator rejects a file that
still holds a placeholder, and accepts it once they are filled in. An existing file is
never overwritten. The organization slug and the state code may be given in any case.
When the title (or the district) is the same as, or very close to, an existing record's,
a warning names that record's file: it may be a duplicate. A title the validator would
refuse (a control character, no visible letter, a deceptive address) is refused here,
and so is an id that names a page of the site (`index`). Everything printed escapes the
contributor's text (no line can start a CI workflow command). Exit status: 0 written, 1
refused (the file exists, the id is taken or names a page), 2 usage error (an unknown
organization or state, a title with no letters or one the validator would refuse).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checking.loader import ID_MAX_LENGTH, PLACEHOLDER, hand_written_pages  # noqa: E402
from macros.checking.registry import did_you_mean  # noqa: E402
from macros.checking.schema import load_schema  # noqa: E402
from macros.reading.problems import plain  # noqa: E402
from macros.reading.textrules import text_problem  # noqa: E402
from macros.reading.yamlsafe import parse_yaml  # noqa: E402

DATA = ROOT / "data"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > ID_MAX_LENGTH:
        slug = slug[:ID_MAX_LENGTH].rsplit("-", 1)[0]
    return slug


def say(text: str) -> None:
    """A line for the terminal or a CI log: contributor text in it is escaped (macros.reading.problems.plain)."""
    print(plain(text), file=sys.stderr)


def fill(what: str) -> str:
    return json.dumps(f"{PLACEHOLDER}: {what}>>", ensure_ascii=False)


def read_data(path: Path) -> dict:
    """A vocabulary file, read by the validator's strict reader."""
    value = parse_yaml(path.read_text(encoding="utf-8"), str(path)).value
    if not isinstance(value, dict):
        raise SystemExit(plain(f"new_record.py: error: {path} cannot be read: run make validate"))
    return value


def vocabulary(data: Path, name: str) -> list[str]:
    return [term["slug"] for term in read_data(data / "taxonomy.yml")[name]]


def organizations(data: Path) -> list[str]:
    return list(read_data(data / "organizations.yml")["organizations"])


# Titles at least this similar (difflib's ratio, after folding case and spaces) are "very close".
CLOSE_TITLE = 0.85


def normalized(title: str) -> str:
    return " ".join(title.casefold().split())


def similar_records(folder: Path, field: str, title: str) -> list[tuple[Path, str, bool]]:
    """Records under `folder` whose `field` is the same as `title` or very close to it:
    (file, its title, exact?), the same ones first. Unreadable files are skipped (the
    validator reports them)."""
    wanted = normalized(title)
    found = []
    for path in sorted(folder.rglob("*.yml")):
        try:
            value = parse_yaml(path.read_text(encoding="utf-8"), str(path)).value
        except (OSError, UnicodeDecodeError):
            continue
        other = value.get(field) if isinstance(value, dict) else None
        if not isinstance(other, str):
            continue
        theirs = normalized(other)
        if theirs == wanted:
            found.append((path, other, True))
        elif difflib.SequenceMatcher(None, wanted, theirs).ratio() >= CLOSE_TITLE:
            found.append((path, other, False))
    return sorted(found, key=lambda item: not item[2])


def warn_about_similar(data: Path, folder: Path, field: str, title: str) -> None:
    for path, other, exact in similar_records(folder, field, title):
        how = f"has the same {field} as" if exact else f"is very close to the {field} of"
        say(
            f"new_record.py: warning: {json.dumps(title, ensure_ascii=False)} {how} "
            f"{path.relative_to(data.parent)} ({json.dumps(other, ensure_ascii=False)}): "
            "check that it is not the same record."
        )


YEAR_HINT = (
    "the year it was published, e.g. 2014 (no quotes); if no source gives one, remove this line and use year_note"
)


def resource_text(data: Path, organization: str, title: str, today: str) -> str:
    orgs = ", ".join(o for o in organizations(data) if o != organization)
    types = ", ".join(vocabulary(data, "types"))
    topics = ", ".join(vocabulary(data, "topics"))
    audiences = ", ".join(vocabulary(data, "audiences"))
    grades = ", ".join(vocabulary(data, "grade_bands"))
    languages = ", ".join(vocabulary(data, "languages"))
    return f"""# yaml-language-server: $schema=../../schema/resource.schema.json
# A new planning resource. Replace every <<fill in: …>> and remove the comments you do not need.
# Allowed values are listed beside each field and on the site's Vocabulary page (/contribute/vocabulary/).
title: {json.dumps(title, ensure_ascii=False)}
organization: {organization}
# partners: []  # other producing organizations, any of: {orgs}
# coauthors: []  # co-authors not in data/organizations.yml, as plain names, e.g. ["WETA"]
year: {fill(YEAR_HINT)}
# year_note: ""  # what the sources say when the date is uncertain, e.g. "About 2013-2014"
type: {fill("one of " + types)}
topics: [{fill("one or more of " + topics)}]
audiences: [{fill("one or more of " + audiences)}]
# grade_bands: []  # any of: {grades}
# languages: []  # any of: {languages}
url: {fill("the web address, starting with https:// or http://; remove this line if there is none")}
# url_status: probably-dead  # only when the sources say the address is a legacy one (probably-dead, may-have-moved)
# read:  # other places to read it, e.g. a library's copy; kind: publisher, library, archive, mirror or description
#   - kind: mirror  # mirror: a copy on a third-party document site (scribd.com, studylib.net...)
#     address: https://...
#     note: complete copy on a document-sharing site  # optional: what the copy is, in your own words
#     status: may-be-gone  # optional: the address is known or believed gone (an Internet Archive look-up is offered)
summary: {fill("one short paragraph, in your own words, of what it is and who it is for")}
sources:
  - {fill("where the facts come from: a web address, optionally followed by a note in parentheses")}
added: {today}
"""


def case_study_text(data: Path, district: str, state: str, today: str) -> str:
    practices = ", ".join(vocabulary(data, "practices"))
    locales = ", ".join(vocabulary(data, "locales"))
    orgs = ", ".join(organizations(data))
    return f"""# yaml-language-server: $schema=../schema/case-study.schema.json
# A new exemplar district. Replace every <<fill in: …>> and remove the comments you do not need.
# Allowed values are listed beside each field and on the site's Vocabulary page (/contribute/vocabulary/).
district: {json.dumps(district, ensure_ascii=False)}
state: {state}
unions:
  - {fill("the union or association, with its affiliation, e.g. Toledo Federation of Teachers (AFT)")}
# affiliations: []  # national affiliations of the union, any of: {orgs}
# locale: city  # only when a source states it, one of: {locales}
# nces_leaid: "0000000"  # the district's seven-digit NCES id (LEAID), in quotes, with nces_leaid_basis
# nces_leaid_basis: page_text  # how it is known: page_text, nces_page_address (firm); page_address, seed_address
years: {fill("when the collaboration happened, e.g. 2009 to the present")}
practices: [{fill("one or more of " + practices)}]
# conferences: []  # years of the national conferences where the district presented, e.g. [2011]
# resources: []  # ids of inventory resources connected with the case (file names without .yml)
summary: {fill("one or two sentences of plain text")}
story: |
  {PLACEHOLDER}: a few paragraphs, in your own words, of what the partners did and what came of it.
  Markdown is allowed (paragraphs, *emphasis*, lists, links); raw HTML is shown as text.>>
sources:
  - {fill("where the facts come from: a web address, optionally followed by a note in parentheses")}
added: {today}
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="new_record.py",
        description="Write a new record file from the template, with its id taken from the title or district. "
        "Exit status: 0 written, 1 refused (the file exists or the id is taken), 2 usage error.",
    )
    parser.add_argument("--data", type=Path, default=DATA, metavar="DIR", help="the data folder (default: data/)")
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    resource = kinds.add_parser("resource", help="a planning resource: data/resources/<organization>/<id>.yml")
    resource.add_argument("--organization", required=True, help="the producing organization's slug, e.g. aft")
    resource.add_argument("--title", required=True, help="the resource's title; the id is made from it")
    resource.add_argument("--id", help="use this id instead of one made from the title")
    case = kinds.add_parser("case-study", help="an exemplar district: data/case-studies/<id>.yml")
    case.add_argument("--district", required=True, help="the district's name; the id is made from it")
    case.add_argument("--state", required=True, help="two-letter postal code, e.g. OH")
    case.add_argument("--id", help="use this id instead of one made from the district")
    return parser.parse_args(argv)


def refuse_name(args: argparse.Namespace, data: Path, name: str, record_id: str) -> int:
    """The exit status for a title (or district) or an id that the validator would refuse
    (after saying why), or 0 when they will do."""
    refusal = text_problem(name)  # the validator's rules for every text (controls, invisible, addresses)
    if refusal is not None:
        say(f"new_record.py: error: {'title' if args.kind == 'resource' else 'district'}: {refusal.message}")
        return 2
    if not record_id or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record_id):
        say(f"new_record.py: error: cannot make an id from {name!r}: give --id, e.g. --id my-resource")
        return 2
    folder = "resources" if args.kind == "resource" else "case-studies"
    if record_id == "index" or record_id in hand_written_pages(data).get(folder, set()):
        say(
            f"new_record.py: refused: the id {record_id!r} is the name of a page of the site "
            f"(/{folder}/{record_id}/), which the record's page would replace; give another with --id."
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data: Path = args.data
    today = dt.date.today().isoformat()
    name = args.title if args.kind == "resource" else args.district
    record_id = args.id or slugify(name)
    refused = refuse_name(args, data, name, record_id)
    if refused:
        return refused

    if args.kind == "resource":
        known = organizations(data)
        organization = args.organization.strip().lower()  # NEA, " nea " -> nea
        if organization not in known:
            guess = did_you_mean(organization.replace(" ", ""), known)
            say(
                f"new_record.py: error: unknown organization {args.organization!r}.{guess} "
                f"Use one of: {', '.join(known)}"
            )
            return 2
        path = data / "resources" / organization / f"{record_id}.yml"
        text = resource_text(data, organization, args.title, today)
        taken = {p.stem: p for p in (data / "resources").glob("*/*.yml")}
        similar = (data / "resources", "title", args.title)
    else:
        state = args.state.strip().upper()
        states = load_schema(data / "schema" / "case-study.schema.json").schema["properties"]["state"]["enum"]
        if state not in states:
            say(
                f"new_record.py: error: {args.state!r} is not a state code; use the two-letter postal code, "
                f"one of: {', '.join(states)}"
            )
            return 2
        path = data / "case-studies" / f"{record_id}.yml"
        text = case_study_text(data, args.district, state, today)
        taken = {p.stem: p for p in (data / "case-studies").glob("*.yml")}
        similar = (data / "case-studies", "district", args.district)

    if path.exists():
        shown = path.relative_to(data.parent)
        say(f"new_record.py: refused: {shown} already exists; edit it instead.")
        return 1
    if record_id in taken:
        say(
            f"new_record.py: refused: the id {record_id!r} is already used by "
            f"{taken[record_id].relative_to(data.parent)}; give another with --id."
        )
        return 1
    warn_about_similar(data, *similar)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    shown = path.relative_to(data.parent)
    print(plain(f"Wrote {shown}: fill in every <<fill in: …>>, then run make validate."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
