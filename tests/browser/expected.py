"""What the browsing pages should show, worked out here from the records' YAML files.

Nothing here comes from macros/: the files under data/ are read with yaml.safe_load, and
the rules are the ones architecture/site.md states, written again in this file (a resource's
organizations are its `organization` and its `partners`; a resource without a year is
`undated`; the lists are in the order of their titles, ignoring case; the search ignores
case and accents and needs every word). A bug in the site's own facet code therefore
shows up as a difference, instead of being computed twice.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from helpers import ROOT

DATA = ROOT / "data"
Record = dict[str, Any]


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def resources() -> tuple[Record, ...]:
    records = [{**_load(path), "id": path.stem} for path in DATA.glob("resources/*/*.yml")]
    return tuple(sorted(records, key=lambda r: (r["title"].casefold(), r["id"])))


@cache
def case_studies() -> tuple[Record, ...]:
    records = [{**_load(path), "id": path.stem} for path in DATA.glob("case-studies/*.yml")]
    return tuple(sorted(records, key=lambda c: (c["district"].casefold(), c["id"])))


@cache
def organizations() -> dict[str, Record]:
    return _load(DATA / "organizations.yml")["organizations"]


@cache
def taxonomy() -> dict[str, list[Record]]:
    return _load(DATA / "taxonomy.yml")


def resource_by_id(record_id: str) -> Record:
    return next(r for r in resources() if r["id"] == record_id)


def short_name(slug: str) -> str:
    org = organizations()[slug]
    return org.get("acronym") or org["name"]


def label(vocabulary: str, slug: str) -> str:
    return next(term["label"] for term in taxonomy()[vocabulary] if term["slug"] == slug)


# A resource's ways to read it, by architecture/data-model.md's rules: its url (an Internet
# Archive look-up when it has url_status), then its `read` entries (a look-up when
# may-be-gone). A page about it is no copy, looked up or not.
READ_LABELS = {
    "publisher": "Publisher's site",
    "library": "Library or repository",
    "archive": "Web archive",
    "mirror": "Copy on another site",
}


def _ways(r: Record) -> list[tuple[str, bool]]:
    """(kind, is a look-up) of each way that is a copy (a page about it is not)."""
    ways = [("archive", True) if r.get("url_status") else ("publisher", False)] if r.get("url") else []
    entries = [e for e in r.get("read", []) if e["kind"] != "description"]
    ways += [("archive", True) if e.get("status") else (e["kind"], False) for e in entries]
    return ways


def where_to_read(r: Record) -> list[str]:
    """The facet's values: each kind of copy once (two mirrors make one "mirror")."""
    return list(dict.fromkeys(kind for kind, _ in _ways(r))) or ["none"]


def read_text(r: Record) -> str:
    """The card's line: "Read: …" with each kind's label, or that no copy is known."""
    names = ["Internet Archive look-up" if lookup else READ_LABELS[kind] for kind, lookup in _ways(r)]
    return "Read: " + " · ".join(dict.fromkeys(names)) if names else "No copy known"


# The URL key of each facet and the values a record has for it, from its YAML fields.
RESOURCE_FACETS: dict[str, Callable[[Record], list[str]]] = {
    "organization": lambda r: [r["organization"], *r.get("partners", [])],
    "topic": lambda r: list(r.get("topics", [])),
    "audience": lambda r: list(r.get("audiences", [])),
    "type": lambda r: [r["type"]],
    "grade": lambda r: list(r.get("grade_bands", [])),
    "language": lambda r: list(r.get("languages", [])),
    "year": lambda r: [str(r["year"])] if r.get("year") else ["undated"],
    "read": where_to_read,
}


def district_size(case: Record) -> list[str]:
    """The size bands of architecture/data-model.md, by hand: under 5,000; 5,000-24,999;
    25,000-99,999; 100,000+."""
    students = (case.get("enrollment") or {}).get("students")
    if students is None:
        return []
    if students < 5000:
        return ["under-5000"]
    if students < 25000:
        return ["5000-24999"]
    return ["25000-99999"] if students < 100000 else ["100000-or-more"]


CASE_STUDY_FACETS: dict[str, Callable[[Record], list[str]]] = {
    "state": lambda c: [c["state"]],
    "size": district_size,
    "practice": lambda c: list(c.get("practices", [])),
    "locale": lambda c: [c["locale"]] if c.get("locale") else [],
    "affiliation": lambda c: list(c.get("affiliations", [])),
    "conference": lambda c: [str(year) for year in c.get("conferences", [])],
}


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _selected(record: Record, selection: dict[str, list[str]], facets: dict[str, Callable]) -> bool:
    return all(set(facets[key](record)) & set(chosen) for key, chosen in selection.items())


def resource_text(r: Record) -> str:
    """What a resource's card shows and the words it carries for search."""
    orgs = RESOURCE_FACETS["organization"](r)
    return " ".join(
        [
            r["title"],
            r["summary"],
            *(organizations()[slug]["name"] for slug in orgs),
            *(short_name(slug) for slug in orgs),
            *r.get("coauthors", []),
            label("types", r["type"]),
            str(r.get("year") or ""),
            r.get("year_note") or ("" if r.get("year") else "Undated"),
            read_text(r),
            *(label("topics", t) for t in r.get("topics", [])),
        ]
    )


def matching_resources(selection: dict[str, list[str]], text: str = "") -> list[str]:
    words = normalize(text).split()
    return [
        r["id"]
        for r in resources()
        if _selected(r, selection, RESOURCE_FACETS) and all(w in normalize(resource_text(r)) for w in words)
    ]


def matching_case_studies(selection: dict[str, list[str]]) -> list[str]:
    return [c["id"] for c in case_studies() if _selected(c, selection, CASE_STUDY_FACETS)]


def value_counts(records: tuple[Record, ...], facets: dict[str, Callable], key: str) -> Counter[str]:
    """How many records have each value of a facet (the counts shown with nothing ticked)."""
    return Counter(value for record in records for value in facets[key](record))
