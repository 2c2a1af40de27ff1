"""Facets of the browsing pages, derived from the schemas' `x-facet` annotations.

A facet's `key` is the URL parameter (`?topic=family-engagement&topic=…`) and the name
of the `data-*` attribute that carries a record's values on its card; a value is a slug
(or a year, a state, a size bin). The same definitions drive the static markup (which
works without JavaScript: values link to static pages where there are some) and the
script that filters in the browser. Nothing here names a field: see macros.model.kinds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..model.kinds import MISSING_VALUE, FieldSpec, KindModel
from ..model.reach import copies_to_read
from ..model.records import Inventory, Record

# Facets whose items are derived from the record rather than read from the field
# (`x-facet: {derived: <name>}`): name -> (record, field) -> the items, read with `from`.
DERIVED: dict[str, Callable[[Record, FieldSpec], list[Any]]] = {"ways-to-read": copies_to_read}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    href: str | None  # a static page for this value, relative to the site root


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    values: tuple[FacetValue, ...]


def _missing_value(spec: FieldSpec) -> str:
    assert spec.facet is not None and spec.facet.missing
    return spec.facet.missing_value or spec.facet.missing.casefold().replace(" ", "-") or MISSING_VALUE


def facet_values(record: Record, spec: FieldSpec) -> tuple[str, ...]:
    """The values a record has for one facet, as the strings the URL and cards use."""
    facet = spec.facet
    assert facet is not None
    if facet.bins:
        number = record.fields.get(spec.name)
        for part in facet.source:
            number = number.get(part) if isinstance(number, dict) else None
        return tuple(b.slug for b in facet.bins if isinstance(number, int) and b.holds(number))
    values = [*DERIVED[facet.derived](record, spec)] if facet.derived else [*record.values(spec.name)]
    if facet.source:  # a list of mappings: the member `from` names, each value once
        values = list(dict.fromkeys(item.get(facet.source[0]) for item in values if isinstance(item, dict)))
    for other in facet.include:
        values.extend(record.values(other))
    if not values and facet.missing:
        return (_missing_value(spec),)
    return tuple(str(value) for value in values)


def record_facet_values(model: KindModel, record: Record) -> dict[str, tuple[str, ...]]:
    return {spec.facet.key: facet_values(record, spec) for spec in model.facets if spec.facet}


def value_labels(inventory: Inventory, spec: FieldSpec, present: set[str]) -> dict[str, tuple[str, str | None]]:
    """Every possible value of a facet, in display order: value -> (label, static page)."""
    facet = spec.facet
    assert facet is not None
    if facet.bins:
        return {b.slug: (b.label, None) for b in facet.bins}
    if spec.vocabulary:
        page = (lambda slug: f"{spec.vocabulary}/{slug}/") if spec.pages else (lambda slug: None)
        return {slug: (term.label, page(slug)) for slug, term in inventory.taxonomy[spec.vocabulary].items()}
    if spec.references == "organizations":
        return {slug: (org.short_name, f"organizations/{slug}/") for slug, org in inventory.organizations.items()}
    if spec.references == "conferences":
        return {
            str(year): (f"{year} ({conf.place.split(',')[0]})", f"conference/#conference-{year}")
            for year, conf in inventory.conferences.items()
        }
    if facet.source and spec.items:  # the member's values, in its schema's order and with its labels
        member = spec.items.get("properties", {}).get(facet.source[0], {})
        labels = {value: (member.get("x-labels", {}).get(value, value), None) for value in member.get("enum", ())}
        return labels | ({_missing_value(spec): (facet.missing, None)} if facet.missing else {})
    plain = sorted(present - ({_missing_value(spec)} if facet.missing else set()))
    if spec.schema.get("type") == "integer":
        plain.sort(key=int, reverse=True)
    named = spec.schema.get("x-labels", {})
    if named:
        plain.sort(key=lambda value: named.get(value, value))
    labels: dict[str, tuple[str, str | None]] = {value: (named.get(value, value), None) for value in plain}
    if facet.missing:
        labels[_missing_value(spec)] = (facet.missing, None)
    return labels


def facets(inventory: Inventory, kind: str) -> list[Facet]:
    """The facets of a kind's browser, with the number of records holding each value."""
    model = inventory.models[kind]
    records = inventory.records.get(kind, ())
    result = []
    for spec in model.facets:
        assert spec.facet is not None
        counts = Counter(value for record in records for value in facet_values(record, spec))
        labels = value_labels(inventory, spec, set(counts))
        values = tuple(
            FacetValue(value, label, counts[value], href or facet_page(kind, spec.facet.key, value))
            for value, (label, href) in labels.items()
            if counts[value]
        )
        result.append(Facet(spec.facet.key, spec.facet.label, values))
    return result


def facet_page(kind: str, key: str, value: str) -> str:
    """The static page of a facet value that has no page of its own (a size band, a
    type, a year): the list works without JavaScript too."""
    return f"{kind}/by-{key}/{value}/"


def facet_value_pages(inventory: Inventory) -> Iterator[tuple[str, Facet, FacetValue, list[Record]]]:
    """(kind, facet, value, the records with it) for every value that gets a facet page."""
    for kind, model in inventory.models.items():
        specs = {spec.facet.key: spec for spec in model.facets if spec.facet}
        for facet in facets(inventory, kind):
            for value in facet.values:
                if value.href == facet_page(kind, facet.key, value.value):
                    records = [
                        r for r in inventory.records.get(kind, ()) if value.value in facet_values(r, specs[facet.key])
                    ]
                    yield kind, facet, value, records


def search_text(inventory: Inventory, record: Record) -> str:
    """Words to search that are not already visible on the card: the names of the
    organizations a record names, and the kind's `search_fields`."""
    model = inventory.models[record.kind.name]
    words: list[str] = []
    for spec in model.fields:
        if spec.references == "organizations":
            words.extend(inventory.organizations[slug].name for slug in record.values(spec.name))
    for name in record.kind.search_fields:
        words.extend(str(value) for value in record.values(name))
    return " ".join(words)


def paged_vocabularies(inventory: Inventory) -> list[str]:
    """The vocabularies whose terms have pages of their own (`x-pages` in a schema)."""
    return [spec.vocabulary for m in inventory.models.values() for spec in m.fields if spec.pages and spec.vocabulary]
