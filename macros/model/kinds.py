"""The data model, read from the JSON Schemas: record kinds and what each field declares.

`KINDS` is the one table of record kinds: the loader, the generated pages, the open
data, the feed, "newest additions" and the shortlist's labels all loop over it. What a
field means to the site is declared beside the field, in its kind's schema, with
annotations that validators ignore:

- `title`: the field's label (the facet's heading, the label on record pages);
- `x-vocabulary: <key of data/taxonomy.yml>`: the value is a slug (or a list of slugs)
  of that vocabulary;
- `x-references: organizations | conferences | resources | …`: the value names a record
  of that collection (an organization slug, a conference year, a record id);
- `x-facet`: the field is a facet of its kind's browser: `true`, an order number, or
  `{order, key, label, include, bins, from, missing, missing_value, derived}` (see
  `FacetSpec`; `from` names the member of each item, or of the number's mapping, to read);
- `x-url-key`: the facet's URL parameter, when it is not the field's name;
- `x-pages: true`: each term of the vocabulary has its own page (`/<vocabulary>/<slug>/`);
- `x-markdown: true`: the text is Markdown (its links are checked: `macros/reading/markdown_text.py`);
- `format: uri` (the field is a web address, or a member of its items is: `read[].address`)
  and `x-address: leading` (each value starts with one, as a source does): the record's
  own links, checked by `macros/reading/addresses.py`;
- `x-requires: <field>`: the field is only given together with that one (`nces_leaid`);
- `x-mirror-hosts`: on a list of `{kind, address}` items, the hosts of third-party
  document sites, whose addresses must be `kind: mirror`.
- `x-labels`: the labels of values that are not slugs (a state's name); `x-help` and
  `x-hint`: the issue form's help text, and a hint added to the validator's messages.

Adding a vocabulary-backed field therefore takes two data edits: the terms in
`data/taxonomy.yml`, and the property in the schema. architecture/data-model.md has the
checklist ("Adding a record kind").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RecordKind:
    """One kind of record: where its files live and how the site names it."""

    name: str  # folder under data/, page prefix, key in Inventory.records: "case-studies"
    schema: str  # data/schema/<schema>.schema.json
    title_field: str  # the field that names a record
    noun: str  # "case study"
    nouns: str  # "case studies"
    heading: str  # "Case studies"
    nesting: str | None = None  # a field whose value is the sub-folder: data/resources/<organization>/<id>.yml
    search_fields: tuple[str, ...] = ()  # text fields searched but not shown on the card
    sort_year: str | None = None  # the field the browser's "Year" sort uses
    search_placeholder: str = ""
    setting_field: str | None = None  # a facet the "districts like mine" form ranks by (with the size)

    @property
    def schema_file(self) -> str:
        return f"{self.schema}.schema.json"

    @property
    def file_pattern(self) -> str:
        middle = f"<{self.nesting}>/" if self.nesting else ""
        return f"data/{self.name}/{middle}<id>.yml"


KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        name="resources",
        schema="resource",
        title_field="title",
        noun="resource",
        nouns="resources",
        heading="Resources",
        nesting="organization",
        search_fields=("coauthors",),
        sort_year="year",
        search_placeholder="Title, summary or organization",
    ),
    RecordKind(
        name="case-studies",
        schema="case-study",
        title_field="district",
        noun="case study",
        nouns="case studies",
        heading="Case studies",
        search_fields=("unions", "years", "setting", "story", "standards_work"),
        sort_year="conferences",
        search_placeholder="District, union, setting or story",
        setting_field="locale",
    ),
)


@dataclass(frozen=True)
class Bin:
    slug: str
    label: str
    minimum: int | None
    maximum: int | None

    def holds(self, number: int) -> bool:
        return (self.minimum is None or number >= self.minimum) and (self.maximum is None or number <= self.maximum)


@dataclass(frozen=True)
class FacetSpec:
    order: int
    key: str  # the URL parameter and the card's data-* attribute
    label: str
    include: tuple[str, ...] = ()  # other fields whose values count for this facet (partners)
    bins: tuple[Bin, ...] = ()  # a derived facet: the bin a number falls in
    source: tuple[str, ...] = ()  # for bins: the path of the number inside the field ("students")
    missing: str | None = None  # the label of records without a value ("Undated"); None: not counted
    missing_value: str | None = None  # that value in URLs and on cards, when not the label's slug
    derived: str | None = None  # the items come from a derivation (macros.facets.DERIVED), not the field


@dataclass(frozen=True)
class FieldSpec:
    name: str
    title: str
    many: bool  # a list of values
    vocabulary: str | None
    references: str | None
    facet: FacetSpec | None
    pages: bool
    schema: dict[str, Any]
    markdown: bool = False
    web_address: str | None = None  # "whole" (`format: uri`) or "leading" (`x-address`)
    items: dict[str, Any] = field(default_factory=dict)  # a list's item schema, its `$ref` resolved
    address_members: tuple[str, ...] = ()  # members of each item that are web addresses (`format: uri`)

    @property
    def default(self) -> Any:
        return () if self.many else None


MISSING_VALUE = "none"


def _facet_spec(name: str, title: str, declared: Any, url_key: str | None) -> FacetSpec | None:
    if declared is None or declared is False:
        return None
    options: dict[str, Any] = declared if isinstance(declared, dict) else {}
    order = declared if isinstance(declared, int) and not isinstance(declared, bool) else options.get("order", 99)
    bins = tuple(Bin(b["slug"], b["label"], b.get("minimum"), b.get("maximum")) for b in options.get("bins", ()))
    return FacetSpec(
        order=order,
        key=options.get("key", url_key or name),
        label=options.get("label", title),
        include=tuple(options.get("include", ())),
        bins=bins,
        source=tuple(options.get("from", "").split(".")) if options.get("from") else (),
        missing=options.get("missing"),
        missing_value=options.get("missing_value"),
        derived=options.get("derived"),
    )


def resolved_schema(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    return defs.get(schema["$ref"].rsplit("/", 1)[-1], {}) if "$ref" in schema else schema


def field_specs(schema: dict[str, Any]) -> tuple[FieldSpec, ...]:
    """The fields of a record schema, in the schema's order, with their annotations."""
    defs = schema.get("$defs", {})
    specs = []
    for name, node in schema.get("properties", {}).items():
        title = node.get("title", name.replace("_", " ").capitalize())
        resolved = resolved_schema(node, defs)
        items = resolved_schema(resolved.get("items", {}), defs)
        members = tuple(
            member
            for member, sub in items.get("properties", {}).items()
            if resolved_schema(sub, defs).get("format") == "uri"
        )
        specs.append(
            FieldSpec(
                name=name,
                title=title,
                many=resolved.get("type") == "array",
                vocabulary=node.get("x-vocabulary"),
                references=node.get("x-references"),
                facet=_facet_spec(name, title, node.get("x-facet"), node.get("x-url-key")),
                pages=bool(node.get("x-pages")),
                schema=node,
                markdown=bool(node.get("x-markdown")),
                web_address="whole" if resolved.get("format") == "uri" else resolved.get("x-address"),
                items=items,
                address_members=members,
            )
        )
    return tuple(specs)


@dataclass(frozen=True)
class KindModel:
    """A record kind together with what its schema declares."""

    kind: RecordKind
    fields: tuple[FieldSpec, ...]
    schema: dict[str, Any]  # the schema file as written

    @property
    def facets(self) -> list[FieldSpec]:
        return sorted((f for f in self.fields if f.facet), key=lambda f: f.facet.order if f.facet else 0)

    @property
    def vocabulary_fields(self) -> list[FieldSpec]:
        return [f for f in self.fields if f.vocabulary]

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)
