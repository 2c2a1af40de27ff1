"""The generated pages: one per record, organization, term with a page (`x-pages`) and
facet value without one, as front matter and final HTML (`generated_pages`). The MkDocs
hook adds them to the build; nothing here imports MkDocs. Pure functions, through the
autoescaping partials of `macros.publishing.partials`."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from ..model.reach import READ_FIELD, resource_ways
from ..model.records import Inventory, Organization, Record, Term
from .facets import Facet, FacetValue, facet_value_pages, paged_vocabularies
from .linkeddata import LOCAL_SITE, Site, json_ld, record_links
from .partials import environment, render_template
from .render import organization_groups, page_base, term_field


class GeneratedPage(NamedTuple):
    """A generated page: its front matter (YAML, without the `---` lines) and its body,
    HTML that is final: no engine needs to run Markdown over it."""

    front_matter: str
    html: str

    @property
    def markdown(self) -> str:
        """The whole page as one Markdown source: front matter, then the HTML."""
        return f"---\n{self.front_matter}---\n\n{self.html}\n"


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar. Printable characters are written as they
    are and the rest escaped. (A JSON string is close, but JSON writes a character beyond
    U+FFFF, an emoji, as two surrogate escapes, which YAML reads as two broken
    characters: MkDocs then drops the whole front matter.)"""
    if text.isprintable():  # nearly always: one pass in C
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


# Material's search weighs a page's sections by its `search: boost`: a record's page comes
# before the lists it is on (a topic's, an organization's) when its own title is searched.
RECORD_BOOST = 4
LIST_BOOST = 0.5


def _page(
    title: str, body: str, description: str = "", json_ld: dict[str, object] | None = None, boost: float = 1
) -> GeneratedPage:
    """A generated page. The title is escaped before it goes into the front matter
    because Material prints `page.meta.title` unescaped. The JSON-LD goes to the page's
    head (overrides/main.html): in the content, Material's instant navigation would run
    it as a script. It is serialized here as JSON that cannot close a script element."""
    front = f"title: {yaml_string(str(escape(title)))}\nrender_macros: false\n"
    if description:
        front += f"description: {yaml_string(str(escape(description)))}\n"
    if boost != 1:
        front += f"search:\n  boost: {boost}\n"
    if json_ld is not None:
        front += f"json_ld: {yaml_string(str(htmlsafe_json_dumps(json_ld)))}\n"  # str: Markup.replace escapes
    return GeneratedPage(front, body)


def render_record_page(inventory: Inventory, record: Record, site: Site = LOCAL_SITE) -> GeneratedPage:
    """A record's page: the kind's own template (`<kind>-page.html`) or the generic one,
    then the links to suggest a change (with a repository) and the JSON-LD."""
    base = page_base(record.page_url)
    model = inventory.models[record.kind.name]
    template = f"{record.kind.name}-page.html"
    if template not in _template_names():
        template = "record-page.html"
    references = {
        spec.name: [inventory.by_key[f"{spec.references}/{rid}"] for rid in record.values(spec.name)]
        for spec in model.fields
        if spec.references in inventory.records
    }
    referenced_by = [
        (other.kind, inventory.index(other.kind.name, spec.name).get(record.id, []))
        for other in inventory.models.values()
        for spec in other.fields
        if spec.references == record.kind.name
    ]
    links = record_links(record, site)
    has_ways = any(spec.name == READ_FIELD for spec in model.fields)
    body = render_template(
        template,
        inv=inventory,
        ways=resource_ways(model, record) if has_ways else [],
        links=links,
        r=record,
        c=record,
        model=model,
        base=base,
        references=references,
        referenced_by=[(kind, found) for kind, found in referenced_by if found],
    )
    footer = render_template("record-footer.html", links=links).strip()
    if footer:  # with a repository only
        body += "\n" + footer
    summary = record.fields.get("summary") or ""
    return _page(record.title, body, summary, json_ld(inventory, record, site), RECORD_BOOST)


@cache
def _template_names() -> frozenset[str]:
    """The partials there are (listing them walks the folder: once, not once per page)."""
    return frozenset(environment().list_templates())


def render_organization_page(
    inventory: Inventory, organization: Organization, site: Site = LOCAL_SITE
) -> GeneratedPage:
    url = f"organizations/{organization.slug}/"
    base = page_base(url)
    resources = inventory.resources_by_organization.get(organization.slug, [])
    groups = organization_groups(inventory, organization)
    body = render_template(
        "organization-page.html",
        inv=inventory,
        org=organization,
        base=base,
        groups=groups,
        total=len(resources),
        embed=embed_snippet(
            site.page(f"embed/{url}"), f"{organization.short_name} resources" + (f" ({site.name})" if site.name else "")
        ),
    )
    return _page(organization.name, body, organization.description, boost=LIST_BOOST)


def render_term_page(inventory: Inventory, vocabulary: str, term: Term) -> GeneratedPage:
    base = page_base(f"{vocabulary}/{term.slug}/")
    kind, field = term_field(inventory, vocabulary)
    records = inventory.index(kind, field).get(term.slug, [])
    body = render_template(
        "term-page.html",
        inv=inventory,
        vocabulary=vocabulary,
        term=term,
        base=base,
        records=records,
        kind=inventory.models[kind].kind,
        heading=_term_heading(inventory, vocabulary),
    )
    return _page(term.label, body, term.description, boost=LIST_BOOST)


def _term_heading(inventory: Inventory, vocabulary: str) -> str:
    return vocabulary.replace("_", " ").capitalize()


def embed_snippet(address: str, title: str) -> str:
    """The HTML another site pastes to show an embedded list (shown as text, escaped)."""
    return str(
        Markup('<iframe src="{}" title="{}" width="100%" height="600" loading="lazy"></iframe>').format(address, title)
    )


def generated_pages(inventory: Inventory, site: Site = LOCAL_SITE) -> dict[str, GeneratedPage]:
    """Every generated page: source path (as if under docs/) -> its front matter and HTML."""
    pages: dict[str, GeneratedPage] = {}
    for records in inventory.records.values():
        for record in records:
            pages[f"{record.kind.name}/{record.id}.md"] = render_record_page(inventory, record, site)
    for organization in inventory.organizations.values():
        pages[f"organizations/{organization.slug}.md"] = render_organization_page(inventory, organization, site)
    for vocabulary in paged_vocabularies(inventory):
        for term in inventory.taxonomy[vocabulary].values():
            pages[f"{vocabulary}/{term.slug}.md"] = render_term_page(inventory, vocabulary, term)
    for kind, facet, value, records in facet_value_pages(inventory):
        pages[value.href.rstrip("/") + ".md"] = render_facet_page(inventory, kind, facet, value, records)
    return pages


def render_facet_page(inventory: Inventory, kind: str, facet: Facet, value: FacetValue, records: list) -> GeneratedPage:
    """The records of a kind with one facet value: the browser's filter, without JavaScript."""
    base = page_base(value.href or "")
    record_kind = inventory.models[kind].kind
    body = render_template(
        "facet-page.html", inv=inventory, kind=record_kind, facet=facet, value=value, records=records, base=base
    )
    return _page(
        f"{record_kind.heading}: {value.label}",
        body,
        f"{record_kind.heading} by {facet.label.lower()}.",
        boost=LIST_BOOST,
    )
