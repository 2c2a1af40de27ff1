"""The one autoescaping Jinja environment (`environment`, `render_template`) and the
partials that pages share: the record cards and their lists (`record_cards`), a value's
label, a card's line on where to read the record, and a story's Markdown as safe HTML.

The environment's globals are the functions here that the templates call, `record_cards`
among them, and the cards render through the environment: that is why they live
together, below the pages that `render` and `pages` make. Text from YAML is always
escaped by the templates; the only HTML that is marked safe is a case study's story,
after it has been through `render_story` (Markdown with raw HTML off, then nh3).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..model.reach import READ_FIELD, copy_kinds, kind_labels, read_line, resource_ways
from ..model.records import Inventory, Record, archived_copies
from ..reading.addresses import source_parts
from ..reading.markdown_text import is_web_link, markdown_html
from .facets import record_facet_values, search_text
from .linkeddata import district_id

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
