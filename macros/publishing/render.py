"""Pure render functions: typed records in, HTML or Markdown out.

Every template is rendered by a Jinja environment with autoescaping on, so text from
YAML is always escaped; the only HTML that is marked safe is a case study's story,
after it has been through `render_story` (Markdown with raw HTML off, then nh3).
Links are written relative to the page they are on (`base` is the path back to the
site root), so the site works under any prefix and with Material's instant navigation.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..model.kinds import KINDS, RecordKind
from ..model.reach import READ_FIELD, copy_kinds, kind_labels, read_line, resource_ways
from ..model.records import Inventory, Organization, Record, Term, archived_copies
from ..reading.addresses import ARCHIVE, source_parts
from ..reading.markdown_text import is_web_link, markdown_html
from .coverage import LEVELS, heatmap_rows, organization_topic_counts
from .facets import facets, paged_vocabularies, record_facet_values, search_text
from .linkeddata import Site, district_id

TEMPLATES = Path(__file__).parent / "templates"
_STORY_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "br", "h3", "h4"}


def value_label(inventory: Inventory, kind: str, field: str, value: object) -> str:
    """A value as people read it: its label from the schema (`x-labels`), or itself."""
    spec = inventory.models[kind].field(field)
    return str(spec.schema.get("x-labels", {}).get(value, value))


def read_summary(inventory: Inventory, record: Record) -> tuple[str, bool]:
    """A card's line on where the record can be read, and whether any copy is known."""
    model = inventory.models[record.kind.name]
    ways = resource_ways(model, record)
    return read_line(ways, kind_labels(model.field(READ_FIELD))), bool(copy_kinds(ways))


def page_base(page_url: str) -> str:
    """The relative path from a page to the site root: 'resources/x/' -> '../../'."""
    return "../" * page_url.strip("/").count("/") + ("../" if page_url.strip("/") else "")


def safe_href(url: str | None) -> str:
    """Only http(s) addresses become links; anything else (already rejected by the
    validator) is neutralized here too, so a render function can never emit one."""
    if url and re.match(r"^https?://", url, re.IGNORECASE):
        return url
    return "#"


def render_story(story: str) -> Markup:
    """Markdown text of a record (a story, details): raw HTML shown as text, and links only
    to http(s) addresses that start with their host; the validator refuses any other link
    (`markdown-link`), and nh3 (a maintained HTML sanitizer) drops it here too."""
    clean = nh3.clean(
        markdown_html(story),
        tags=_STORY_TAGS,
        attributes={"a": {"href"}},
        attribute_filter=_keep_web_links,
        url_schemes={"http", "https"},
        url_relative="deny",
        link_rel="noopener nofollow",
    )
    return Markup(clean)  # sanitized just above


def _keep_web_links(tag: str, attribute: str, value: str) -> str | None:
    return value if attribute != "href" or is_web_link(value) else None


# Above this many cards a list is laid out lazily (docs/stylesheets/inventory.css); in a
# filter browser, only the first BROWSER_PAGE cards of such a list are elements of the
# page, the others wait inside a <noscript> (see record_cards).
LONG_LIST = 200
# Cards a filter browser lists at once, and adds with each "Show more" (browser.js reads
# it from the browser's data-batch attribute).
BROWSER_PAGE = 100


# What a cached card holds in place of `base`, the path back to the root that differs with
# each page's depth: replaced by the page's own once the list is joined. Text from YAML
# can never hold it, as its "<" would be escaped.
_BASE = Markup("<pri-base>")


def card_items(inventory: Inventory, records: list[Record], base: str) -> str:
    """The cards of `records`, as <li> elements. A card depends only on the record and
    `base`, and the same record appears on many pages, at several depths, so each card is
    rendered once per build, with `_BASE` for the path to the root."""
    cache = inventory.render_cache
    module = environment().get_template("cards.html").module
    parts = []
    for record in records:
        key = ("card", record.key, "")
        html = cache.get(key)
        if html is None:
            kind = record.kind
            card = getattr(module, kind.name.replace("-", "_") + "_card", module.record_card)
            values = record_facet_values(inventory.models[kind.name], record)
            sort_year = max(record.values(kind.sort_year), default=None) if kind.sort_year else None
            html = cache[key] = str(card(inventory, record, _BASE, values, search_text(inventory, record), sort_year))
        parts.append(html)
    return "\n".join(parts).replace(_BASE, str(escape(base)))  # autoescaped output


def record_cards(inventory: Inventory, records: list[Record], base: str, browser: bool = False) -> Markup:
    """A list of record cards.

    Every card stands for a record whose own page Material's search indexes: the lists
    stay out of the index, which would otherwise hold each record once per list it is on
    (nine tenths of the index, downloaded by every first visit). The wrapper is a
    <section> because the search parser stops skipping at the first end tag of the same
    name, and cards hold <div>, <ul> and <li> but no <section>.

    In a filter browser (`browser`), a long list keeps only its first BROWSER_PAGE cards
    as elements of the page; the others are inside a <noscript>. With JavaScript, the
    browser reads them from there when it starts (the HTML parser keeps a <noscript>'s
    content as one piece of text: no elements, no style, no layout, so the page's
    start-up work does not grow with the inventory); without it, they are listed as
    usual."""
    if not records:
        return Markup('<p class="pri-empty">{}</p>').format("Nothing here yet.")
    long = len(records) > LONG_LIST
    shown, waiting = (records[:BROWSER_PAGE], records[BROWSER_PAGE:]) if browser and long else (records, [])
    css = "pri-cards pri-cards--long" if long else "pri-cards"
    html = f'<section class="pri-card-list" data-search-exclude>\n<ul class="{css}">\n'
    html += card_items(inventory, shown, base) + "\n</ul>\n"
    if waiting:  # a card's text never holds "</noscript": its "<" are escaped
        rest = card_items(inventory, waiting, base)
        html += f'<noscript data-browser-rest><ul class="{css}">\n{rest}\n</ul></noscript>\n'
    return Markup(html + "</section>")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["href"] = safe_href
    env.globals["source_parts"] = source_parts
    env.globals["archived_copies"] = archived_copies
    env.globals["value_label"] = value_label
    env.globals["read_summary"] = read_summary
    env.globals["district_id"] = district_id
    env.globals["render_story"] = render_story
    env.globals["record_cards"] = record_cards
    return env


def render_template(template: str, **context: object) -> str:
    html = environment().get_template(template).render(**context)
    # No line may start with four spaces: Markdown would read it as a code block.
    return "\n".join([text for line in html.splitlines() if (text := line.strip())])


def organization_groups(inventory: Inventory, organization: Organization) -> dict[str, list[Record]]:
    """An organization's resources (led or as a partner) by type, in the taxonomy's order."""
    resources = inventory.resources_by_organization.get(organization.slug, [])
    groups: dict[str, list[Record]] = {}
    for slug in inventory.taxonomy["types"]:
        matching = [r for r in resources if r.type == slug]
        if matching:
            groups[slug] = matching
    return groups


def term_records(inventory: Inventory, vocabulary: str, term: Term) -> tuple[RecordKind, list[Record]]:
    """The kind that uses a vocabulary with pages, and its records with one of the terms."""
    kind, field = term_field(inventory, vocabulary)
    return inventory.models[kind].kind, inventory.index(kind, field).get(term.slug, [])


def term_field(inventory: Inventory, vocabulary: str) -> tuple[str, str]:
    """The kind and field that use a vocabulary with pages (`x-pages`)."""
    for name, model in inventory.models.items():
        for spec in model.fields:
            if spec.vocabulary == vocabulary:
                return name, spec.name
    raise KeyError(vocabulary)


def render_browser(inventory: Inventory, kind: str, base: str) -> str:
    """A kind's browser: every record, with the facets its schema declares."""
    record_kind = inventory.models[kind].kind
    records = list(inventory.records.get(kind, ()))
    return render_template(
        "browser.html",
        noun=record_kind.nouns,
        noun_one=record_kind.noun,
        total=len(records),
        facets=facets(inventory, kind),
        cards=record_cards(inventory, records, base, browser=True),
        batch=BROWSER_PAGE,
        placeholder=record_kind.search_placeholder,
        title_label=inventory.models[kind].field(record_kind.title_field).title,
        near=near_form(inventory, kind),
        base=base,
    )


def near_form(inventory: Inventory, kind: str) -> dict[str, object] | None:
    """The "districts like mine" form of a kind's browser (`setting_field`): the facet
    whose values it ranks first, and that vocabulary's terms, or None."""
    field = inventory.models[kind].kind.setting_field
    if not field:
        return None
    spec = inventory.models[kind].field(field)
    assert spec.facet is not None and spec.vocabulary is not None
    terms = inventory.taxonomy[spec.vocabulary]
    return {"key": spec.facet.key, "settings": [(slug, term.label) for slug, term in terms.items()]}


def render_term_index(inventory: Inventory, vocabulary: str, base: str) -> str:
    kind, field = term_field(inventory, vocabulary)
    index = inventory.index(kind, field)
    return render_template("term-index.html", inv=inventory, vocabulary=vocabulary, index=index, base=base)


def render_organization_index(inventory: Inventory, base: str) -> str:
    return render_template("organization-index.html", inv=inventory, base=base)


def render_link_to(inventory: Inventory, kind: str, slug: str, text: str, base: str) -> str:
    if kind == "organizations":
        exists = slug in inventory.organizations
    elif kind in inventory.records:
        exists = f"{kind}/{slug}" in inventory.by_key
    else:
        exists = kind in paged_vocabularies(inventory) and slug in inventory.taxonomy[kind]
    if not exists:
        return str(escape(text))
    return str(Markup('<a href="{}{}/{}/">{}</a>').format(base, kind, slug, text))


def render_home_stats(inventory: Inventory, base: str) -> str:
    return render_template("home-stats.html", inv=inventory, base=base)


def render_newest(inventory: Inventory, base: str) -> str:
    return render_template("newest.html", inv=inventory, base=base, newest=inventory.newest())


def vocabulary_uses(inventory: Inventory) -> list[tuple[str, str, list[str]]]:
    """Every vocabulary of the taxonomy: (key, heading, the fields that use it)."""
    rows = []
    for vocabulary in inventory.taxonomy:
        uses = [
            (model.kind, spec)
            for model in inventory.models.values()
            for spec in model.fields
            if spec.vocabulary == vocabulary
        ]
        heading = uses[0][1].title if uses else vocabulary.replace("_", " ").capitalize()
        if uses and len({kind.name for kind, _ in uses}) == 1 and len(inventory.models) > 1:
            heading = f"{heading} ({uses[0][0].nouns})"
        rows.append((vocabulary, heading, [spec.name for _, spec in uses]))
    return rows


def render_vocabulary(inventory: Inventory) -> str:
    return render_template("vocabulary.html", inv=inventory, vocabularies=vocabulary_uses(inventory))


def render_coverage(inventory: Inventory, base: str) -> str:
    return render_template(
        "coverage.html",
        inv=inventory,
        base=base,
        counts=organization_topic_counts(inventory),
        heatmap=heatmap_svg(inventory),
    )


def heatmap_svg(inventory: Inventory) -> Markup:
    """The organization x topic matrix as an SVG heat map (no script), through the same
    autoescaping environment as every other partial."""
    template = environment().get_template("heatmap.svg")
    orgs = list(inventory.organizations.values())
    return Markup(template.render(orgs=orgs, rows=heatmap_rows(inventory), levels=LEVELS))  # autoescaped


def render_counts(inventory: Inventory, vocabulary: str, base: str) -> str:
    kind, field = term_field(inventory, vocabulary)
    index = inventory.index(kind, field)
    rows = [(term, len(index.get(term.slug, []))) for term in inventory.taxonomy[vocabulary].values()]
    spec = inventory.models[kind].field(field)
    heading = spec.facet.label if spec.facet else spec.title
    return render_template(
        "counts.html",
        rows=rows,
        base=base,
        caption=f"{inventory.models[kind].kind.heading} by {heading.lower()}",
        heading=heading,
        link=vocabulary if spec.pages else None,
    )


def render_labels(inventory: Inventory) -> str:
    """Labels for scripts (the shortlist): organizations, resource types, and each kind's
    nouns and title field, as JSON in a data- attribute (`tojson` escapes `'`, `<`, `>`, `&`). Not
    a script element: Material's instant navigation re-creates a page's scripts without
    their attributes, so its id and JSON type would be lost."""
    labels = {
        "organizations": {slug: org.short_name for slug, org in inventory.organizations.items()},
        "types": {slug: term.label for slug, term in inventory.taxonomy.get("types", {}).items()},
        "kinds": {
            kind.name: {"noun": kind.noun, "nouns": kind.nouns, "heading": kind.heading, "title": kind.title_field}
            for kind in KINDS
        },
    }
    for model in inventory.models.values():  # fields whose values have labels (`x-labels`)
        for spec in model.fields:
            if "x-labels" in spec.schema:
                labels[spec.facet.key if spec.facet else spec.name] = spec.schema["x-labels"]
            if spec.name == READ_FIELD:  # the kinds of copy, best first, and the look-up (macros/model/reach.py)
                labels[READ_FIELD] = kind_labels(spec)
                labels["lookup"] = ARCHIVE
    return str(
        environment()
        .from_string("<div id=\"pri-labels\" hidden data-labels='{{ labels | tojson }}'></div>")
        .render(labels=labels)
    )


def render_conferences(inventory: Inventory, base: str) -> str:
    return render_template("conferences.html", inv=inventory, base=base)


def render_repository_links(site: Site) -> str:
    """The contribute page's links to the issue form and to CONTRIBUTING.md: nothing
    without a repository."""
    return render_template("repository-links.html", repo=site.repository) if site.repository else ""
