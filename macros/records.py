"""Typed records: what the rest of the code works with once the data has validated."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

# The vocabularies of data/taxonomy.yml, in the order they are shown.
VOCABULARIES = ("types", "topics", "audiences", "grade_bands", "languages", "practices", "locales")

ARCHIVE_LOOKUP = "https://web.archive.org/web/*/"


@dataclass(frozen=True, slots=True)
class Term:
    slug: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Organization:
    slug: str
    name: str
    acronym: str | None
    homepage: str
    description: str
    group: str  # "national" or "related"
    sources: tuple[str, ...] = ()

    @property
    def short_name(self) -> str:
        return self.acronym or self.name

    @property
    def is_national(self) -> bool:
        return self.group == "national"


@dataclass(frozen=True, slots=True)
class Conference:
    year: int
    name: str
    dates: str
    place: str
    sponsors: str
    participation: str
    highlights: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resource:
    id: str
    title: str
    organization: str
    partners: tuple[str, ...]
    coauthors: tuple[str, ...]
    year: int | None
    year_note: str | None
    type: str
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    grade_bands: tuple[str, ...]
    languages: tuple[str, ...]
    url: str | None
    url_status: str | None
    summary: str
    sources: tuple[str, ...]
    added: str
    path: str

    @property
    def organizations(self) -> tuple[str, ...]:
        """Every producing organization: the lead one first, then the partners."""
        return (self.organization, *self.partners)

    @property
    def archive_url(self) -> str | None:
        return ARCHIVE_LOOKUP + self.url if self.url else None

    @property
    def page_url(self) -> str:
        return f"resources/{self.id}/"


@dataclass(frozen=True, slots=True)
class CaseStudy:
    id: str
    district: str
    state: str
    unions: tuple[str, ...]
    affiliations: tuple[str, ...]
    locale: str | None
    years: str
    practices: tuple[str, ...]
    summary: str
    story: str
    conferences: tuple[int, ...]
    resources: tuple[str, ...]
    sources: tuple[str, ...]
    added: str
    path: str

    @property
    def page_url(self) -> str:
        return f"case-studies/{self.id}/"


@dataclass(frozen=True, slots=True)
class Dimension:
    slug: str
    title: str
    question: str
    levels: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SelfAssessment:
    scale: tuple[tuple[int, str], ...]  # (value, label), from the lowest
    dimensions: tuple[Dimension, ...]


@dataclass(frozen=True)
class Inventory:
    organizations: dict[str, Organization]
    taxonomy: dict[str, dict[str, Term]]
    conferences: dict[int, Conference]
    resources: tuple[Resource, ...]  # sorted by title
    case_studies: tuple[CaseStudy, ...]  # sorted by district
    self_assessment: SelfAssessment | None = None

    @cached_property
    def render_cache(self) -> dict[tuple[str, str, str], str]:
        """Rendered fragments that depend only on this inventory (filled by macros.render)."""
        return {}

    @cached_property
    def resource_by_id(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}

    @cached_property
    def resources_by_organization(self) -> dict[str, list[Resource]]:
        """Each organization's resources, whether it leads them or is a partner."""
        index: dict[str, list[Resource]] = defaultdict(list)
        for resource in self.resources:
            for slug in resource.organizations:
                index[slug].append(resource)
        return dict(index)

    @cached_property
    def resources_by_topic(self) -> dict[str, list[Resource]]:
        return _index(self.resources, lambda r: r.topics)

    @cached_property
    def resources_by_audience(self) -> dict[str, list[Resource]]:
        return _index(self.resources, lambda r: r.audiences)

    @cached_property
    def case_studies_by_resource(self) -> dict[str, list[CaseStudy]]:
        return _index(self.case_studies, lambda c: c.resources)

    @cached_property
    def case_studies_by_conference(self) -> dict[int, list[CaseStudy]]:
        return _index(self.case_studies, lambda c: c.conferences)

    @cached_property
    def _ranked_by_topic(self) -> dict[str, list[Resource]]:
        """Each topic's resources, newest first, then by title."""
        return {
            topic: sorted(resources, key=lambda r: (-(r.year or 0), r.title))
            for topic, resources in self.resources_by_topic.items()
        }

    def related_resources(self, resource: Resource, limit: int = 5, scan: int = 100) -> list[Resource]:
        """Other resources sharing the most topics, then the newest, then by title.

        Only the `scan` newest resources of each topic are candidates, so that a page
        costs the same however large the inventory grows (ranking every resource that
        shares a topic made the build quadratic: scripts/bench.py, 10,000 records)."""
        shared: dict[str, int] = defaultdict(int)
        for topic in resource.topics:
            for other in self._ranked_by_topic.get(topic, [])[:scan]:
                if other.id != resource.id:
                    shared[other.id] += 1
        by_id = self.resource_by_id
        ranked = sorted(shared, key=lambda rid: (-shared[rid], -(by_id[rid].year or 0), by_id[rid].title))
        return [by_id[rid] for rid in ranked[:limit]]

    def newest(self, limit: int = 6) -> list[Resource | CaseStudy]:
        """The most recently added records, newest first (ties by title)."""
        records: list[Resource | CaseStudy] = [*self.resources, *self.case_studies]
        records.sort(key=lambda r: _title(r))
        records.sort(key=lambda r: r.added, reverse=True)
        return records[:limit]


def _title(record: Resource | CaseStudy) -> str:
    return record.title if isinstance(record, Resource) else record.district


def _index(records, keys) -> dict:
    index: dict = defaultdict(list)
    for record in records:
        for key in keys(record):
            index[key].append(record)
    return dict(index)
