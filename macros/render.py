"""Pure render functions: typed records in, HTML or Markdown out.

Every template is rendered by a Jinja environment with autoescaping on, so text from
YAML is always escaped; the only HTML that is marked safe is a case study's story,
after it has been through `render_story` (Markdown with raw HTML off, then nh3).
Links are written relative to the page they are on (`base` is the path back to the
site root), so the site works under any prefix and with Material's instant navigation.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .coverage import heatmap_svg, organization_topic_counts
from .facets import (
    case_study_facets,
    case_study_search_text,
    case_study_values,
    resource_facets,
    resource_search_text,
    resource_values,
)
from .records import CaseStudy, Inventory, Organization, Resource, Term

TEMPLATES = Path(__file__).parent / "templates"
_SOURCE_URL = re.compile(r"^(https?://\S+)(.*)$", re.DOTALL)
_STORY_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "br", "h3", "h4"}


def page_base(page_url: str) -> str:
    """The relative path from a page to the site root: 'resources/x/' -> '../../'."""
    return "../" * page_url.strip("/").count("/") + ("../" if page_url.strip("/") else "")


def safe_href(url: str | None) -> str:
    """Only http(s) addresses become links; anything else (already rejected by the
    validator) is neutralized here too, so a render function can never emit one."""
    if url and re.match(r"^https?://", url, re.IGNORECASE):
        return url
    return "#"


def source_parts(source: str) -> tuple[str | None, str]:
    """'https://x (note)' -> ('https://x', ' (note)'); a citation -> (None, text)."""
    match = _SOURCE_URL.match(source.strip())
    if match:
        return match.group(1), match.group(2)
    return None, source


def render_story(story: str) -> Markup:
    """A case study's story: Markdown, with raw HTML shown as text and links limited
    to http(s). nh3 (a maintained HTML sanitizer) is the second line of defence."""
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(story)
    clean = nh3.clean(
        html,
        tags=_STORY_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="noopener nofollow",
    )
    return Markup(clean)  # sanitized just above


def resource_cards(inventory: Inventory, resources: list[Resource], base: str) -> Markup:
    """A list of resource cards. A card depends only on the record and `base`, and the
    same resource appears on many pages, so each card is rendered once per build."""
    return _cards(inventory, "resource_card", resources, base, "No resources yet.")


def case_study_cards(inventory: Inventory, case_studies: list[CaseStudy], base: str) -> Markup:
    return _cards(inventory, "case_study_card", case_studies, base, "No case studies yet.")


def _cards(inventory: Inventory, macro: str, records: list, base: str, empty: str) -> Markup:
    if not records:
        return Markup('<p class="pri-empty">{}</p>').format(empty)
    cache = inventory.render_cache
    card = getattr(environment().get_template("cards.html").module, macro)
    parts = []
    for record in records:
        key = (macro, record.id, base)
        html = cache.get(key)
        if html is None:
            if isinstance(record, Resource):
                values, search = resource_values(record), resource_search_text(inventory, record)
            else:
                values, search = case_study_values(record), case_study_search_text(record)
            html = cache[key] = str(card(inventory, record, base, values, search))
        parts.append(html)
    return Markup('<ul class="pri-cards">\n' + "\n".join(parts) + "\n</ul>")  # parts are autoescaped output


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
    env.globals["render_story"] = render_story
    env.globals["resource_cards"] = resource_cards
    env.globals["case_study_cards"] = case_study_cards
    return env


def _render(template: str, **context: object) -> str:
    html = environment().get_template(template).render(**context)
    # No line may start with four spaces: Markdown would read it as a code block.
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


class GeneratedPage(NamedTuple):
    """A generated page: its front matter (YAML, without the `---` lines) and its body,
    HTML that is final: no engine needs to run Markdown over it."""

    front_matter: str
    html: str

    @property
    def markdown(self) -> str:
        """The whole page as one Markdown source: front matter, then the HTML."""
        return f"---\n{self.front_matter}---\n\n{self.html}\n"


def _page(title: str, body: str, description: str = "") -> GeneratedPage:
    """A generated page. The title is escaped before it goes into the front matter
    because Material prints `page.meta.title` unescaped."""
    # A JSON string is a valid YAML double-quoted scalar, and much cheaper to write.
    front = f"title: {json.dumps(str(escape(title)))}\nrender_macros: false\n"
    if description:
        front += f"description: {json.dumps(str(escape(description)))}\n"
    return GeneratedPage(front, body)


# --- lists (used on index pages and on detail pages) -------------------------------------


# --- detail pages -----------------------------------------------------------------------------


def render_resource_page(inventory: Inventory, resource: Resource) -> GeneratedPage:
    base = page_base(resource.page_url)
    body = _render(
        "resource-page.html",
        inv=inventory,
        r=resource,
        base=base,
        related=inventory.related_resources(resource),
        case_studies=inventory.case_studies_by_resource.get(resource.id, []),
    )
    return _page(resource.title, body, resource.summary)


def render_case_study_page(inventory: Inventory, case: CaseStudy) -> GeneratedPage:
    base = page_base(case.page_url)
    resources = [inventory.resource_by_id[rid] for rid in case.resources]
    body = _render("case-study-page.html", inv=inventory, c=case, base=base, resources=resources)
    return _page(case.district, body, case.summary)


def render_organization_page(inventory: Inventory, organization: Organization) -> GeneratedPage:
    url = f"organizations/{organization.slug}/"
    base = page_base(url)
    resources = inventory.resources_by_organization.get(organization.slug, [])
    groups: dict[str, list[Resource]] = {}
    for slug in inventory.taxonomy["types"]:
        matching = [r for r in resources if r.type == slug]
        if matching:
            groups[slug] = matching
    body = _render(
        "organization-page.html", inv=inventory, org=organization, base=base, groups=groups, total=len(resources)
    )
    return _page(organization.name, body, organization.description)


def render_term_page(inventory: Inventory, vocabulary: str, term: Term) -> GeneratedPage:
    folder = {"topics": "topics", "audiences": "audiences"}[vocabulary]
    base = page_base(f"{folder}/{term.slug}/")
    index = inventory.resources_by_topic if vocabulary == "topics" else inventory.resources_by_audience
    resources = index.get(term.slug, [])
    body = _render("term-page.html", inv=inventory, vocabulary=vocabulary, term=term, base=base, resources=resources)
    return _page(term.label, body, term.description)


# --- index pages (called by the macros in docs/) -----------------------------------------------


def render_resource_browser(inventory: Inventory, base: str) -> str:
    return _render(
        "browser.html",
        noun="resources",
        noun_one="resource",
        total=len(inventory.resources),
        facets=resource_facets(inventory),
        cards=resource_cards(inventory, list(inventory.resources), base),
        placeholder="Title, summary or organization",
        title_label="Title",
        base=base,
    )


def render_case_study_browser(inventory: Inventory, base: str) -> str:
    return _render(
        "browser.html",
        noun="case studies",
        noun_one="case study",
        total=len(inventory.case_studies),
        facets=case_study_facets(inventory),
        cards=case_study_cards(inventory, list(inventory.case_studies), base),
        placeholder="District, union or story",
        title_label="District",
        base=base,
    )


def render_term_index(inventory: Inventory, vocabulary: str, base: str) -> str:
    index = inventory.resources_by_topic if vocabulary == "topics" else inventory.resources_by_audience
    return _render("term-index.html", inv=inventory, vocabulary=vocabulary, index=index, base=base)


def render_organization_index(inventory: Inventory, base: str) -> str:
    return _render("organization-index.html", inv=inventory, base=base)


def render_link_to(inventory: Inventory, kind: str, slug: str, text: str, base: str) -> str:
    exists = {
        "resources": slug in inventory.resource_by_id,
        "case-studies": any(c.id == slug for c in inventory.case_studies),
        "organizations": slug in inventory.organizations,
        "topics": slug in inventory.taxonomy["topics"],
        "audiences": slug in inventory.taxonomy["audiences"],
    }[kind]
    if not exists:
        return str(escape(text))
    return str(Markup('<a href="{}{}/{}/">{}</a>').format(base, kind, slug, text))


def render_home_stats(inventory: Inventory, base: str) -> str:
    return _render("home-stats.html", inv=inventory, base=base)


def render_newest(inventory: Inventory, base: str) -> str:
    return _render("newest.html", inv=inventory, base=base, newest=inventory.newest())


VOCABULARY_HEADINGS = (
    ("types", "Resource types", ("type",)),
    ("topics", "Topics", ("topics",)),
    ("audiences", "Audiences", ("audiences",)),
    ("grade_bands", "Grade bands", ("grade_bands",)),
    ("languages", "Languages", ("languages",)),
    ("practices", "Case-study practices", ("practices",)),
    ("locales", "District locales", ("locale",)),
)


def render_vocabulary(inventory: Inventory) -> str:
    return _render("vocabulary.html", inv=inventory, vocabularies=VOCABULARY_HEADINGS)


def render_coverage(inventory: Inventory, base: str) -> str:
    return _render(
        "coverage.html",
        inv=inventory,
        base=base,
        counts=organization_topic_counts(inventory),
        heatmap=heatmap_svg(inventory),
    )


def render_counts(inventory: Inventory, vocabulary: str, base: str) -> str:
    field = {"types": "type", "audiences": "audiences"}[vocabulary]
    rows = []
    for term in inventory.taxonomy[vocabulary].values():
        if field == "type":
            n = sum(1 for r in inventory.resources if r.type == term.slug)
        else:
            n = sum(1 for r in inventory.resources if term.slug in r.audiences)
        rows.append((term, n))
    return _render(
        "counts.html",
        rows=rows,
        base=base,
        caption="Resources by type" if field == "type" else "Resources by audience",
        heading="Type" if field == "type" else "Audience",
        link=None if field == "type" else "audiences",
    )


STAKEHOLDERS = (
    ("teachers", "Teachers"),
    ("parents", "Parents and families"),
    ("students", "Students"),
    ("school-board", "School board"),
    ("administrators", "Principals and administrators"),
    ("community", "Community"),
)


def render_self_assessment(inventory: Inventory, base: str) -> str:
    assessment = inventory.self_assessment
    if assessment is None:
        return '<p class="pri-empty">No self-assessment is defined (data/planning/self-assessment.yml).</p>'
    matches = {}
    for dimension in assessment.dimensions:
        wanted = set(dimension.topics)
        found = [r for r in inventory.resources if wanted & set(r.topics)]
        found.sort(key=lambda r: (-len(wanted & set(r.topics)), -(r.year or 0), r.title))
        matches[dimension.slug] = found
    return _render("self-assessment.html", inv=inventory, sa=assessment, matches=matches, base=base)


def render_action_plan(inventory: Inventory, base: str) -> str:
    return _render("action-plan.html", inv=inventory, stakeholders=STAKEHOLDERS, base=base)


def render_labels(inventory: Inventory) -> str:
    """Labels for slugs, as JSON for scripts (the shortlist). `<` is escaped so that the
    data can never close the script element."""
    labels = {
        "organizations": {slug: org.short_name for slug, org in inventory.organizations.items()},
        "types": {slug: term.label for slug, term in inventory.taxonomy["types"].items()},
    }
    payload = json.dumps(labels, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="pri-labels">{payload}</script>'


def render_conferences(inventory: Inventory, base: str) -> str:
    return _render("conferences.html", inv=inventory, base=base)


def generated_pages(inventory: Inventory) -> dict[str, GeneratedPage]:
    """Every generated page: source path (as if under docs/) -> its front matter and HTML."""
    pages: dict[str, GeneratedPage] = {}
    for resource in inventory.resources:
        pages[f"resources/{resource.id}.md"] = render_resource_page(inventory, resource)
    for case in inventory.case_studies:
        pages[f"case-studies/{case.id}.md"] = render_case_study_page(inventory, case)
    for organization in inventory.organizations.values():
        pages[f"organizations/{organization.slug}.md"] = render_organization_page(inventory, organization)
    for vocabulary in ("topics", "audiences"):
        for term in inventory.taxonomy[vocabulary].values():
            pages[f"{vocabulary}/{term.slug}.md"] = render_term_page(inventory, vocabulary, term)
    return pages
