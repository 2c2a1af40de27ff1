"""What the browsing pages should show, computed in Python from the same records."""

from __future__ import annotations

import unicodedata

from helpers import ROOT

from macros.loader import load_inventory
from macros.records import Inventory

_inventory: Inventory | None = None


def inventory() -> Inventory:
    global _inventory
    if _inventory is None:
        _inventory = load_inventory(ROOT / "data").inventory
        assert _inventory is not None
    return _inventory


def resource_values(resource) -> dict[str, tuple[str, ...]]:
    """A resource's facet values, worked out here from its fields (not by macros.facets)."""
    return {
        "organization": (resource.organization, *resource.partners),
        "topic": resource.topics,
        "audience": resource.audiences,
        "type": (resource.type,),
        "grade": resource.grade_bands,
        "language": resource.languages,
        "year": (str(resource.year) if resource.year else "undated",),
    }


def case_study_values(case) -> dict[str, tuple[str, ...]]:
    return {
        "state": (case.state,),
        "practice": case.practices,
        "locale": (case.locale,) if case.locale else (),
        "affiliation": case.affiliations,
        "conference": tuple(str(year) for year in case.conferences),
    }


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def matching_resources(selection: dict[str, list[str]], text: str = "") -> list[str]:
    inv = inventory()
    words = normalize(text).split()
    ids = []
    for resource in inv.resources:  # the page's order: by title
        values = resource_values(resource)
        if not all(set(values[key]) & set(chosen) for key, chosen in selection.items()):
            continue
        haystack = normalize(
            " ".join(
                [
                    resource.title,
                    resource.summary,
                    *(inv.organizations[s].name for s in resource.organizations),
                    *(inv.organizations[s].short_name for s in resource.organizations),
                    *resource.coauthors,
                    # What the card shows besides: type, year (or its note) and topics.
                    inv.taxonomy["types"][resource.type].label,
                    str(resource.year or ""),
                    resource.year_note or ("" if resource.year else "Undated"),
                    *(inv.taxonomy["topics"][t].label for t in resource.topics),
                ]
            )
        )
        if all(word in haystack for word in words):
            ids.append(resource.id)
    return ids


def matching_case_studies(selection: dict[str, list[str]]) -> list[str]:
    ids = []
    for case in inventory().case_studies:
        values = case_study_values(case)
        if all(set(values[key]) & set(chosen) for key, chosen in selection.items()):
            ids.append(case.id)
    return ids
