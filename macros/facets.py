"""Facets of the two browsing pages, computed from the typed records.

A facet's `key` is the URL parameter (`?topic=family-engagement&topic=…`) and the name
of the `data-*` attribute that carries a record's values on its card; a value is a slug
(or a year). The same definitions drive the static markup (which works without
JavaScript: values link to the static organization, topic and audience pages) and the
script that filters in the browser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .records import CaseStudy, Inventory, Resource

UNDATED = "undated"


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


def resource_values(resource: Resource) -> dict[str, tuple[str, ...]]:
    return {
        "organization": resource.organizations,
        "topic": resource.topics,
        "audience": resource.audiences,
        "type": (resource.type,),
        "grade": resource.grade_bands,
        "language": resource.languages,
        "year": (str(resource.year) if resource.year else UNDATED,),
    }


def case_study_values(case: CaseStudy) -> dict[str, tuple[str, ...]]:
    return {
        "state": (case.state,),
        "practice": case.practices,
        "locale": (case.locale,) if case.locale else (),
        "affiliation": case.affiliations,
        "conference": tuple(str(year) for year in case.conferences),
    }


def _facet(
    key: str,
    label: str,
    records: Iterable[Resource] | Iterable[CaseStudy],
    values_of: Callable,
    labels: dict[str, str],
    href: Callable[[str], str | None] = lambda value: None,
) -> Facet:
    counts = Counter(value for record in records for value in values_of(record)[key])
    return Facet(
        key,
        label,
        tuple(FacetValue(value, labels[value], counts[value], href(value)) for value in labels if counts[value]),
    )


def resource_facets(inventory: Inventory) -> list[Facet]:
    resources = inventory.resources
    taxonomy = inventory.taxonomy
    organizations = {slug: org.short_name for slug, org in inventory.organizations.items()}
    years = sorted({r.year for r in resources if r.year}, reverse=True)
    year_labels = {str(year): str(year) for year in years} | {UNDATED: "Undated"}

    def labels(vocabulary: str) -> dict[str, str]:
        return {slug: term.label for slug, term in taxonomy[vocabulary].items()}

    return [
        _facet(
            "organization", "Organization", resources, resource_values, organizations, lambda v: f"organizations/{v}/"
        ),
        _facet("topic", "Topic", resources, resource_values, labels("topics"), lambda v: f"topics/{v}/"),
        _facet("audience", "Audience", resources, resource_values, labels("audiences"), lambda v: f"audiences/{v}/"),
        _facet("type", "Type", resources, resource_values, labels("types")),
        _facet("grade", "Grades", resources, resource_values, labels("grade_bands")),
        _facet("language", "Language", resources, resource_values, labels("languages")),
        _facet("year", "Year", resources, resource_values, year_labels),
    ]


def case_study_facets(inventory: Inventory) -> list[Facet]:
    cases = inventory.case_studies
    taxonomy = inventory.taxonomy
    states = {state: state for state in sorted({c.state for c in cases})}
    unions = {slug: org.short_name for slug, org in inventory.organizations.items()}
    conferences = {str(year): f"{year} ({conf.place.split(',')[0]})" for year, conf in inventory.conferences.items()}

    def labels(vocabulary: str) -> dict[str, str]:
        return {slug: term.label for slug, term in taxonomy[vocabulary].items()}

    return [
        _facet("state", "State", cases, case_study_values, states),
        _facet("practice", "Practice", cases, case_study_values, labels("practices")),
        _facet("locale", "Locale", cases, case_study_values, labels("locales")),
        _facet("affiliation", "Union affiliation", cases, case_study_values, unions),
        _facet(
            "conference",
            "Presented at",
            cases,
            case_study_values,
            conferences,
            lambda v: f"conference/#conference-{v}",
        ),
    ]


def resource_search_text(inventory: Inventory, resource: Resource) -> str:
    """Words to search that are not already visible on the card."""
    names = [inventory.organizations[slug].name for slug in resource.organizations]
    return " ".join([*names, *resource.coauthors])


def case_study_search_text(case: CaseStudy) -> str:
    return " ".join([*case.unions, case.years, case.story])
