"""Where a resource can be read: the one mechanism behind the record page's "Where to
read it", the cards' "Read:" line, the "Where to read it" facet, the open data and the
link report.

A resource's ways to read it come from its `url` (the publisher's address) and its `read`
entries (data/schema/resource.schema.json), best first: the kinds in the order of the
schema's enum (publisher, library, archive, mirror, description), the live `url` first
among the publisher's. An address known or believed gone (`url_status` on the `url`,
`status: may-be-gone` on an entry) is never offered as the way to read it: it becomes a
look-up of that address in the Internet Archive (`kind` "archive", `gone` set), which is
a search, not a promise of a copy. Pure functions of the typed records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..reading.addresses import archive_lookup
from .kinds import FieldSpec, KindModel
from .records import Record

READ_FIELD = "read"  # the field of the resource schema that lists the ways to read it
# A way that is not a copy: a page that describes the resource.
NOT_A_COPY = "description"
LOOKUP_LABEL = "Internet Archive look-up"


@dataclass(frozen=True)
class Way:
    """One way to read a resource, as the page links it."""

    kind: str  # the data-read value: publisher, library, archive, mirror or description
    address: str  # where the link goes (a look-up's address for a gone one)
    note: str = ""
    gone: str | None = None  # for a look-up: the address known or believed gone
    year: int | None = None  # for a look-up: the year looked up
    status: str = ""  # for a look-up of the url: its url_status (probably-dead, may-have-moved)
    of: str = ""  # for a look-up: the kind of the address looked up (a page about it stays one)

    @property
    def host(self) -> str:
        """The host the link leads to, as people read it ('scribd.com')."""
        rest = (self.gone or self.address).split("://", 1)[-1]
        host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1].lower()
        return host.removeprefix("www.")

    @property
    def is_copy(self) -> bool:
        """A look-up of a page that describes the resource is no copy of it either."""
        return NOT_A_COPY not in (self.kind, self.of)

    @property
    def rank_kind(self) -> str:
        """The kind it is ranked with: a look-up of a page about it stays with those pages."""
        return NOT_A_COPY if self.of == NOT_A_COPY else self.kind


def kind_labels(spec: FieldSpec) -> dict[str, str]:
    """Each kind of way, best first (the schema's enum order), with its label (`x-labels`)."""
    node: dict[str, Any] = spec.items.get("properties", {}).get("kind", {})
    labels = node.get("x-labels", {})
    return {kind: labels.get(kind, kind) for kind in node.get("enum", ())}


def ways_to_read(record: Record, order: tuple[str, ...] | list[str]) -> list[Way]:
    """Every way to read a resource, best first (`order`: the kinds, best first)."""
    fields = record.fields
    year = fields.get("year")
    ways: list[Way] = []
    url = fields.get("url")
    if url:
        status = fields.get("url_status") or ""
        lookup = Way("archive", archive_lookup(url, year), gone=url, year=year, status=status, of="publisher")
        ways.append(lookup if status else Way("publisher", url))
    for entry in record.values(READ_FIELD):
        note = entry.get("note", "")
        if entry.get("status"):  # may-be-gone
            when = entry.get("year") or year
            lookup = archive_lookup(entry["address"], when)
            ways.append(Way("archive", lookup, note, gone=entry["address"], year=when, of=entry["kind"]))
        else:
            ways.append(Way(entry["kind"], entry["address"], note))
    rank = {kind: index for index, kind in enumerate(order)}
    ways.sort(key=lambda way: (rank.get(way.rank_kind, len(rank)), way.gone is not None))
    return ways


def copy_kinds(ways: list[Way]) -> tuple[str, ...]:
    """The kinds of copy among the ways, best first, each once: the facet's values."""
    return tuple(dict.fromkeys(way.kind for way in ways if way.is_copy))


def read_line(ways: list[Way], labels: dict[str, str]) -> str:
    """The card's short line: 'Read: Publisher's site · Copy on another site', or that no
    copy is known."""
    names = dict.fromkeys(LOOKUP_LABEL if way.gone else labels.get(way.kind, way.kind) for way in ways if way.is_copy)
    return "Read: " + " · ".join(names) if names else "No copy known"


def resource_ways(model: KindModel, record: Record) -> list[Way]:
    """A resource's ways to read it, in the order its schema declares."""
    return ways_to_read(record, list(kind_labels(model.field(READ_FIELD))))


def copies_to_read(record: Record, spec: FieldSpec) -> list[dict[str, str]]:
    """The facet's items (`x-facet: {derived: ways-to-read, from: kind}`): the copies only,
    a look-up counting as an archive."""
    return [{"kind": way.kind} for way in ways_to_read(record, list(kind_labels(spec))) if way.is_copy]
