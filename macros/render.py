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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .coverage import heatmap_svg, organization_topic_counts
from .facets import facets, record_facet_values, search_text
from .model import KINDS, RecordKind
from .records import Inventory, Organization, Record, Term, archived_copies

TEMPLATES = Path(__file__).parent / "templates"
_SOURCE_URL = re.compile(r"^(https?://\S+)(.*)$", re.DOTALL)
_STORY_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "br", "h3", "h4"}


@dataclass(frozen=True)
class Site:
    """Where the site is published and where its repository is. The MkDocs adapters read
    them once from the configuration (`site_url`, `site_name`, `repo_url`, which comes
    from the environment variable REPO_URL) and hand them to the render functions."""

    url: str = "http://127.0.0.1:8000/"
    name: str = ""
    repo_url: str = ""  # empty: no link to the repository anywhere

    @property
    def root(self) -> str:
        return self.url.rstrip("/") + "/"

    @property
    def repository(self) -> str:
        return self.repo_url.rstrip("/")

    def page(self, url: str) -> str:
        """The absolute address of a page, from its URL relative to the site's root."""
        return self.root + url.lstrip("/")


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


def record_cards(inventory: Inventory, records: list[Record], base: str) -> Markup:
    """A list of record cards. A card depends only on the record and `base`, and the
    same record appears on many pages, so each card is rendered once per build."""
    if not records:
        return Markup('<p class="pri-empty">{}</p>').format("Nothing here yet.")
    cache = inventory.render_cache
    module = environment().get_template("cards.html").module
    parts = []
    for record in records:
        key = ("card", record.key, base)
        html = cache.get(key)
        if html is None:
            kind = record.kind
            card = getattr(module, kind.name.replace("-", "_") + "_card", module.record_card)
            values = record_facet_values(inventory.models[kind.name], record)
            sort_year = max(record.values(kind.sort_year), default=None) if kind.sort_year else None
            html = cache[key] = str(card(inventory, record, base, values, search_text(inventory, record), sort_year))
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
    env.globals["archived_copies"] = archived_copies
    env.globals["render_story"] = render_story
    env.globals["resource_cards"] = record_cards
    env.globals["case_study_cards"] = record_cards
    env.globals["record_cards"] = record_cards
    return env


def _render(template: str, **context: object) -> str:
    html = environment().get_template(template).render(**context)
    # No line may start with four spaces: Markdown would read it as a code block.
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def _page(title: str, body: str, description: str = "") -> str:
    """A generated page: front matter, then HTML. The title is escaped before it goes
    into the front matter because Material prints `page.meta.title` unescaped."""
    # A JSON string is a valid YAML double-quoted scalar, and much cheaper to write.
    front = f"title: {json.dumps(str(escape(title)))}\nrender_macros: false\n"
    if description:
        front += f"description: {json.dumps(str(escape(description)))}\n"
    return f"---\n{front}---\n\n{body}\n"


# --- lists (used on index pages and on detail pages) -------------------------------------


# --- detail pages -----------------------------------------------------------------------------


def record_links(record: Record, site: Site) -> dict[str, str]:
    """The links of a record page into the repository: "Suggest a change to this record"
    (GitHub's editor on the record's file) and "Report a problem" (a new issue that names
    the record); none without a repository."""
    if not site.repository:
        return {}
    title = f"Problem with the {record.kind.noun} {record.title}"
    body = (
        f"Record: {record.path}\nPage: {site.page(record.page_url)}\n\n"
        "What is wrong or missing, and which source says so?\n"
    )
    return {
        "edit": f"{site.repository}/edit/main/{quote(record.path)}",
        "report": f"{site.repository}/issues/new?title={quote(title, safe='')}&body={quote(body, safe='')}",
    }


def _organization_ld(organization: Organization) -> dict[str, object]:
    return {"@type": "Organization", "name": organization.name, "url": organization.homepage}


def _term_ld(inventory: Inventory, vocabulary: str, slug: str) -> str:
    return inventory.taxonomy[vocabulary][slug].label


def _resource_ld(inventory: Inventory, record: Record, site: Site) -> dict[str, object]:
    """A resource as a schema.org LearningResource: only what the record states."""
    fields = record.fields
    data: dict[str, object] = {"@type": "LearningResource", "name": record.title, "description": fields["summary"]}
    if fields.get("url"):
        data["sameAs"] = fields["url"]
    lead = inventory.organizations[fields["organization"]]
    data["publisher"] = _organization_ld(lead)
    data["author"] = [_organization_ld(inventory.organizations[slug]) for slug in record.organizations]
    if fields.get("year"):
        data["datePublished"] = str(fields["year"])
    data["learningResourceType"] = _term_ld(inventory, "types", fields["type"])
    topic_pages = "topics" in paged_vocabularies(inventory)
    data["about"] = [
        {"@type": "DefinedTerm", "name": _term_ld(inventory, "topics", slug)}
        | ({"url": site.page(f"topics/{slug}/")} if topic_pages else {})
        for slug in fields["topics"]
    ]
    data["audience"] = [
        {"@type": "Audience", "audienceType": _term_ld(inventory, "audiences", slug)} for slug in fields["audiences"]
    ]
    if fields.get("grade_bands"):
        data["educationalLevel"] = [_term_ld(inventory, "grade_bands", slug) for slug in fields["grade_bands"]]
    if fields.get("languages"):
        # The language slugs are BCP 47 codes (en, es); another slug is given by its name.
        data["inLanguage"] = [
            slug if re.fullmatch(r"[a-z]{2,3}", slug) else {"@type": "Language", "name": label}
            for slug, label in ((s, _term_ld(inventory, "languages", s)) for s in fields["languages"])
        ]
    return data


def _case_study_ld(inventory: Inventory, record: Record, site: Site) -> dict[str, object]:
    """A case study as a schema.org Article about the district (an Organization)."""
    fields = record.fields
    district: dict[str, object] = {
        "@type": "Organization",
        "name": fields["district"],
        "address": {"@type": "PostalAddress", "addressRegion": fields["state"]},
    }
    return {
        "@type": "Article",
        "headline": fields["district"],
        "description": fields["summary"],
        "about": district,
        "mentions": [{"@type": "Organization", "name": union} for union in fields["unions"]],
    }


def _record_ld(inventory: Inventory, record: Record, site: Site) -> dict[str, object]:
    """Any other kind of record: a CreativeWork with its name and summary."""
    data: dict[str, object] = {"@type": "CreativeWork", "name": record.title}
    if record.fields.get("summary"):
        data["description"] = record.fields["summary"]
    return data


JSON_LD = {"resources": _resource_ld, "case-studies": _case_study_ld}


def json_ld(inventory: Inventory, record: Record, site: Site) -> dict[str, object]:
    """The schema.org description of a record's page (JSON-LD), from the record's facts."""
    data = {"@context": "https://schema.org", **JSON_LD.get(record.kind.name, _record_ld)(inventory, record, site)}
    data["url"] = site.page(record.page_url)
    website = {"@type": "WebSite", "name": site.name, "url": site.root}
    data["isPartOf"] = {key: value for key, value in website.items() if value}
    return data


def render_record_page(inventory: Inventory, record: Record, site: Site = Site()) -> str:
    """A record's page: the kind's own template (`<kind>-page.html`) or the generic one,
    then the links to suggest a change (with a repository) and the JSON-LD."""
    base = page_base(record.page_url)
    model = inventory.models[record.kind.name]
    template = f"{record.kind.name}-page.html"
    if template not in environment().list_templates():
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
    body = _render(
        template,
        inv=inventory,
        r=record,
        c=record,
        model=model,
        base=base,
        references=references,
        referenced_by=[(kind, found) for kind, found in referenced_by if found],
        related=inventory.related_resources(record) if record.kind.name == "resources" else [],
    )
    body += "\n" + _render("record-footer.html", links=record_links(record, site), ld=json_ld(inventory, record, site))
    summary = record.fields.get("summary") or ""
    return _page(record.title, body, summary)


def organization_groups(inventory: Inventory, organization: Organization) -> dict[str, list[Record]]:
    """An organization's resources (led or as a partner) by type, in the taxonomy's order."""
    resources = inventory.resources_by_organization.get(organization.slug, [])
    groups: dict[str, list[Record]] = {}
    for slug in inventory.taxonomy["types"]:
        matching = [r for r in resources if r.type == slug]
        if matching:
            groups[slug] = matching
    return groups


def render_organization_page(inventory: Inventory, organization: Organization, site: Site = Site()) -> str:
    url = f"organizations/{organization.slug}/"
    base = page_base(url)
    resources = inventory.resources_by_organization.get(organization.slug, [])
    groups = organization_groups(inventory, organization)
    body = _render(
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
    return _page(organization.name, body, organization.description)


def render_term_page(inventory: Inventory, vocabulary: str, term: Term) -> str:
    base = page_base(f"{vocabulary}/{term.slug}/")
    kind, field = _term_field(inventory, vocabulary)
    records = inventory.index(kind, field).get(term.slug, [])
    body = _render(
        "term-page.html",
        inv=inventory,
        vocabulary=vocabulary,
        term=term,
        base=base,
        records=records,
        kind=inventory.models[kind].kind,
        heading=_term_heading(inventory, vocabulary),
    )
    return _page(term.label, body, term.description)


def term_records(inventory: Inventory, vocabulary: str, term: Term) -> tuple[RecordKind, list[Record]]:
    """The kind that uses a vocabulary with pages, and its records with one of the terms."""
    kind, field = _term_field(inventory, vocabulary)
    return inventory.models[kind].kind, inventory.index(kind, field).get(term.slug, [])


def _term_field(inventory: Inventory, vocabulary: str) -> tuple[str, str]:
    """The kind and field that use a vocabulary with pages (`x-pages`)."""
    for name, model in inventory.models.items():
        for spec in model.fields:
            if spec.vocabulary == vocabulary:
                return name, spec.name
    raise KeyError(vocabulary)


def _term_heading(inventory: Inventory, vocabulary: str) -> str:
    return vocabulary.replace("_", " ").capitalize()


def paged_vocabularies(inventory: Inventory) -> list[str]:
    """The vocabularies whose terms have pages of their own (`x-pages` in a schema)."""
    return [spec.vocabulary for m in inventory.models.values() for spec in m.fields if spec.pages and spec.vocabulary]


# --- index pages (called by the macros in docs/) -----------------------------------------------


def render_browser(inventory: Inventory, kind: str, base: str) -> str:
    """A kind's browser: every record, with the facets its schema declares."""
    record_kind = inventory.models[kind].kind
    records = list(inventory.records.get(kind, ()))
    return _render(
        "browser.html",
        noun=record_kind.nouns,
        noun_one=record_kind.noun,
        total=len(records),
        facets=facets(inventory, kind),
        cards=record_cards(inventory, records, base),
        placeholder=record_kind.search_placeholder,
        title_label=inventory.models[kind].field(record_kind.title_field).title,
        base=base,
    )


def render_term_index(inventory: Inventory, vocabulary: str, base: str) -> str:
    kind, field = _term_field(inventory, vocabulary)
    index = inventory.index(kind, field)
    return _render("term-index.html", inv=inventory, vocabulary=vocabulary, index=index, base=base)


def render_organization_index(inventory: Inventory, base: str) -> str:
    return _render("organization-index.html", inv=inventory, base=base)


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
    return _render("home-stats.html", inv=inventory, base=base)


def render_newest(inventory: Inventory, base: str) -> str:
    return _render("newest.html", inv=inventory, base=base, newest=inventory.newest())


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
    return _render("vocabulary.html", inv=inventory, vocabularies=vocabulary_uses(inventory))


def render_coverage(inventory: Inventory, base: str) -> str:
    return _render(
        "coverage.html",
        inv=inventory,
        base=base,
        counts=organization_topic_counts(inventory),
        heatmap=heatmap_svg(inventory),
    )


def render_counts(inventory: Inventory, vocabulary: str, base: str) -> str:
    kind, field = _term_field(inventory, vocabulary)
    index = inventory.index(kind, field)
    rows = [(term, len(index.get(term.slug, []))) for term in inventory.taxonomy[vocabulary].values()]
    spec = inventory.models[kind].field(field)
    heading = spec.facet.label if spec.facet else spec.title
    return _render(
        "counts.html",
        rows=rows,
        base=base,
        caption=f"{inventory.models[kind].kind.heading} by {heading.lower()}",
        heading=heading,
        link=vocabulary if spec.pages else None,
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
    # The self-assessment's areas, each with the resources a step planned for it proposes:
    # the first five the self-assessment lists for the area (same order).
    areas = []
    for dimension in inventory.self_assessment.dimensions if inventory.self_assessment else ():
        wanted = set(dimension.topics)
        found = [r for r in inventory.resources if wanted & set(r.topics)]
        found.sort(key=lambda r: (-len(wanted & set(r.topics)), -(r.year or 0), r.title))
        areas.append((dimension, [r.id for r in found[:5]]))
    return _render("action-plan.html", inv=inventory, stakeholders=STAKEHOLDERS, areas=areas, base=base)


def render_labels(inventory: Inventory) -> str:
    """Labels for scripts (the shortlist): organizations, resource types, and each kind's
    nouns, as JSON that can never close the script element (`tojson` escapes `<`)."""
    labels = {
        "organizations": {slug: org.short_name for slug, org in inventory.organizations.items()},
        "types": {slug: term.label for slug, term in inventory.taxonomy.get("types", {}).items()},
        "kinds": {kind.name: {"noun": kind.noun, "nouns": kind.nouns, "heading": kind.heading} for kind in KINDS},
    }
    return str(
        environment()
        .from_string('<script type="application/json" id="pri-labels">{{ labels | tojson }}</script>')
        .render(labels=labels)
    )


def render_conferences(inventory: Inventory, base: str) -> str:
    return _render("conferences.html", inv=inventory, base=base)


def render_repository_links(site: Site) -> str:
    """The contribute page's links to the issue form and to CONTRIBUTING.md: nothing
    without a repository."""
    return _render("repository-links.html", repo=site.repository) if site.repository else ""


def embed_snippet(address: str, title: str) -> str:
    """The HTML another site pastes to show an embedded list (shown as text, escaped)."""
    return str(
        Markup('<iframe src="{}" title="{}" width="100%" height="600" loading="lazy"></iframe>').format(address, title)
    )


def generated_pages(inventory: Inventory, site: Site = Site()) -> dict[str, str]:
    """Every generated page: source path (as if under docs/) -> Markdown content."""
    pages: dict[str, str] = {}
    for records in inventory.records.values():
        for record in records:
            pages[f"{record.kind.name}/{record.id}.md"] = render_record_page(inventory, record, site)
    for organization in inventory.organizations.values():
        pages[f"organizations/{organization.slug}.md"] = render_organization_page(inventory, organization, site)
    for vocabulary in paged_vocabularies(inventory):
        for term in inventory.taxonomy[vocabulary].values():
            pages[f"{vocabulary}/{term.slug}.md"] = render_term_page(inventory, vocabulary, term)
    return pages
