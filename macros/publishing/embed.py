"""Embeddable lists: `/embed/organizations/<slug>/` and `/embed/<vocabulary>/<slug>/` for
every organization and every term of a vocabulary with pages (`x-pages`).

Each is a small standalone HTML page, not a MkDocs page: no header, navigation, search or
script, and one stylesheet of its own (`/embed/embed.css`), so that another site can show
the list in an iframe. Every item links to its page on the inventory (an absolute address,
opening in the embedding window). Pure functions: the inventory in, file contents out.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from markupsafe import Markup

from ..model.records import Inventory, Organization, Record
from .partials import environment
from .render import Site, organization_groups, paged_vocabularies, term_records

STYLESHEET = Path(__file__).parent / "templates" / "embed" / "embed.css"


def _count_text(count: int, noun: str, nouns: str) -> str:
    return f"{count} {noun if count == 1 else nouns}"


def _page(
    inventory: Inventory, site: Site, url: str, heading: str, groups: list[tuple[str, list[Record]]], count_text: str
) -> str:
    return (
        environment()
        .get_template("embed/page.html")
        .render(
            inv=inventory,
            site=site,
            heading=heading,
            page=site.page(url),
            groups=groups,
            count_text=count_text,
            item=partial(_item, inventory, site),
            stylesheet="../../embed.css",  # from /embed/<list>/<slug>/
        )
    )


def _item(inventory: Inventory, site: Site, record: Record) -> Markup:
    """A record's item of a list: the same on every list it is on, so rendered once."""
    key = ("embed", record.key, site.root)
    html = inventory.render_cache.get(key)
    if html is None:
        template = environment().get_template("embed/item.html")
        html = inventory.render_cache[key] = template.render(inv=inventory, site=site, r=record)
    return Markup(html)  # autoescaped output


def organization_embed(inventory: Inventory, organization: Organization, site: Site) -> str:
    groups = [
        (inventory.taxonomy["types"][slug].label, records)
        for slug, records in organization_groups(inventory, organization).items()
    ]
    # As on the organization's page: the resources it produced, alone or with others.
    total = len(inventory.resources_by_organization.get(organization.slug, []))
    count = _count_text(total, "resource", "resources")
    return _page(inventory, site, f"organizations/{organization.slug}/", organization.name, groups, count)


def term_embed(inventory: Inventory, vocabulary: str, slug: str, site: Site) -> str:
    term = inventory.taxonomy[vocabulary][slug]
    kind, records = term_records(inventory, vocabulary, term)
    groups = [("", list(records))] if records else []
    count = _count_text(len(records), kind.noun, kind.nouns)
    return _page(inventory, site, f"{vocabulary}/{slug}/", term.label, groups, count)


def embed_files(inventory: Inventory, site: Site) -> dict[str, str]:
    """Every embeddable list and its stylesheet: path on the site -> content."""
    files = {"embed/embed.css": STYLESHEET.read_text(encoding="utf-8")}
    for organization in inventory.organizations.values():
        files[f"embed/organizations/{organization.slug}/index.html"] = organization_embed(inventory, organization, site)
    for vocabulary in paged_vocabularies(inventory):
        for slug in inventory.taxonomy[vocabulary]:
            files[f"embed/{vocabulary}/{slug}/index.html"] = term_embed(inventory, vocabulary, slug, site)
    return files
