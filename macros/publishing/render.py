"""Pure render functions: typed records in, HTML or Markdown out. Here are the pieces of
pages that the macros write (a kind's browser, the indexes, the counts, the coverage
matrix, the labels for scripts) and the look-ups the generated pages share
(`organization_groups`, `term_field`).

Every template is rendered by the one autoescaping environment of `partials`, which also
holds the record cards and their lists, so text from YAML is always escaped.
Links are written relative to the page they are on (`base` is the path back to the
site root), so the site works under any prefix and with Material's instant navigation.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model.kinds import KINDS, RecordKind
from ..model.reach import READ_FIELD, kind_labels
from ..model.records import Inventory, Organization, Record, Term
from ..reading.addresses import ARCHIVE
from .coverage import LEVELS, heatmap_rows, organization_topic_counts
from .facets import facets, paged_vocabularies
from .linkeddata import Site
from .partials import BROWSER_PAGE, environment, record_cards, render_template


def page_base(page_url: str) -> str:
    """The relative path from a page to the site root: 'resources/x/' -> '../../'."""
    return "../" * page_url.strip("/").count("/") + ("../" if page_url.strip("/") else "")


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
