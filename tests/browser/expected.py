"""What the browsing pages should show, computed in Python from the same records."""

from __future__ import annotations

import unicodedata

from helpers import ROOT

from macros.facets import case_study_values, resource_values
from macros.loader import load_inventory
from macros.records import Inventory

_inventory: Inventory | None = None


def inventory() -> Inventory:
    global _inventory
    if _inventory is None:
        _inventory = load_inventory(ROOT / "data").inventory
        assert _inventory is not None
    return _inventory


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
