"""Typed records: what the rest of the code works with once the data has validated."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..reading.addresses import archive_lookup
from .kinds import FieldSpec, KindModel, RecordKind

# Address patterns that the research notes call legacy (pages moved or gone since): a
# source at such an address is shown with a link to its archived copies, and a resource's
# url or `read` entry there must be marked as gone (url_status, `status: may-be-gone`),
# which the page then offers only as a look-up (macros/model/reach.py).
LEGACY_ADDRESS = re.compile(
    r"^https?://(www\.)?("
    r"aft\.org/[^?#]*\.cfm"
    r"|nea\.org/(home/\d+\.htm|archive/|RYHGrants)"
    r"|centerforpubliceducation\.org/"
    r"|cgcs\.org/(Page|domain|cms)"
    r"|aasa\.org/(content|headlinecontent)\.aspx"
    r"|ccsso\.org/(Resources|News_and_Events)/"
    r"|gpsnetwork\.org/"
    r"|ed\.gov/labor-management-collaboration"
    r")",
    re.IGNORECASE,
)


def archived_copies(url: str) -> str | None:
    """The Internet Archive's list of copies of a legacy address, or None."""
    return archive_lookup(url) if LEGACY_ADDRESS.match(url) else None


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


class Record:
    """One validated record of any kind. Every field of its schema is an attribute:
    missing optional fields read as `None` (or `()` for a list), lists are tuples and
    text is stripped. Fields are declared in the schemas only (see macros.model.kinds)."""

    __slots__ = ("fields", "id", "kind", "path")

    def __init__(self, kind: RecordKind, record_id: str, path: str, fields: dict[str, Any]) -> None:
        self.kind = kind
        self.id = record_id
        self.path = path  # the file, as shown in messages: data/resources/aft/x.yml
        self.fields = fields

    def __getattr__(self, name: str) -> Any:
        try:
            return self.fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind.name}/{self.id}>"

    @property
    def title(self) -> str:
        return self.fields[self.kind.title_field]

    @property
    def key(self) -> str:
        """The record's key across kinds (the shortlist's ids): 'resources/<id>'."""
        return f"{self.kind.name}/{self.id}"

    @property
    def page_url(self) -> str:
        return f"{self.kind.name}/{self.id}/"

    def with_fields(self, **changes: Any) -> Record:
        """A copy with some fields changed (for tests and tools; records are not edited)."""
        return type(self)(self.kind, self.id, self.path, {**self.fields, **changes})

    def values(self, name: str) -> tuple[Any, ...]:
        """A field's values as a tuple: a list as it is, a single value as one item."""
        value = self.fields.get(name)
        if value is None:
            return ()
        return value if isinstance(value, tuple) else (value,)


class Resource(Record):
    __slots__ = ()

    @property
    def organizations(self) -> tuple[str, ...]:
        """Every producing organization: the lead one first, then the partners."""
        return (self.organization, *self.partners)


class CaseStudy(Record):
    __slots__ = ()


RECORD_CLASSES: dict[str, type[Record]] = {"resources": Resource, "case-studies": CaseStudy}


def build_record(kind: RecordKind, fields: tuple[FieldSpec, ...], record_id: str, path: str, value: dict) -> Record:
    """A typed record from a validated mapping: defaults filled in, lists as tuples."""
    data: dict[str, Any] = {}
    for spec in fields:
        item = value.get(spec.name, spec.default)
        if isinstance(item, str):
            item = item.strip()
        elif isinstance(item, list):
            item = tuple(item)
        data[spec.name] = item
    return RECORD_CLASSES.get(kind.name, Record)(kind, record_id, path, data)


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
    records: dict[str, tuple[Record, ...]]  # by kind name (macros.model.kinds.KINDS), each sorted by title
    models: dict[str, KindModel]
    self_assessment: SelfAssessment | None = None

    @property
    def resources(self) -> tuple[Resource, ...]:
        return self.records.get("resources", ())  # type: ignore[return-value]

    @property
    def case_studies(self) -> tuple[CaseStudy, ...]:
        return self.records.get("case-studies", ())  # type: ignore[return-value]

    @cached_property
    def render_cache(self) -> dict[tuple[str, str, str], str]:
        """Rendered fragments that depend only on this inventory (filled by macros.publishing.render)."""
        return {}

    @cached_property
    def by_key(self) -> dict[str, Record]:
        """Every record by its key, 'resources/<id>'."""
        return {record.key: record for records in self.records.values() for record in records}

    @cached_property
    def resource_by_id(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}

    @cached_property
    def _indexes(self) -> dict[tuple[str, str], dict[Any, list[Record]]]:
        return {}

    def index(self, kind: str, field: str) -> dict[Any, list[Record]]:
        """The records of a kind by each value of one of their fields (built once)."""
        key = (kind, field)
        if key not in self._indexes:
            self._indexes[key] = _index(self.records.get(kind, ()), lambda r: r.values(field))
        return self._indexes[key]

    @cached_property
    def resources_by_organization(self) -> dict[str, list[Resource]]:
        """Each organization's resources, whether it leads them or is a partner."""
        index: dict[str, list[Resource]] = defaultdict(list)
        for resource in self.resources:
            for slug in resource.organizations:
                index[slug].append(resource)
        return dict(index)

    @property
    def resources_by_topic(self) -> dict[str, list[Resource]]:
        return self.index("resources", "topics")  # type: ignore[return-value]

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

    def newest(self, limit: int = 6) -> list[Record]:
        """The most recently added records of every kind, newest first (ties by title)."""
        records = [record for records in self.records.values() for record in records]
        records.sort(key=lambda r: r.title)
        records.sort(key=lambda r: r.added, reverse=True)
        return records[:limit]


def _index(records, keys) -> dict:
    index: dict = defaultdict(list)
    for record in records:
        for key in keys(record):
            index[key].append(record)
    return dict(index)
