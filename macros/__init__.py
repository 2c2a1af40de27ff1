"""mkdocs-macros entry point: thin adapters from Markdown pages to `macros.render`.

Everything else lives in the small modules of this package; see README.md
("How the data flows").
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from . import render
from .site import inventory_for_build


def define_env(env) -> None:
    data_dir = Path(env.project_dir) / env.conf.extra.get("data_dir", "data")

    def inventory():
        return inventory_for_build(data_dir)

    def base() -> str:
        return render.page_base(env.page.url)

    @env.macro
    def count(what: str) -> int:
        """Number of records of a kind (`resources`, `case-studies`), of national
        organizations (`organizations`), or of terms of a vocabulary (`topics`)."""
        inv = inventory()
        what = what.replace("_", "-")
        if what == "organizations":
            return sum(1 for o in inv.organizations.values() if o.is_national)
        if what in inv.records:
            return len(inv.records[what])
        return len(inv.taxonomy[what.replace("-", "_")])

    @env.macro
    def link_to(kind: str, slug: str, text: str) -> Markup:
        """A link to a record or term page, or the bare text when there is no such page
        (so that a page of prose keeps building on a smaller data set)."""
        return Markup(render.render_link_to(inventory(), kind, slug, text, base()))

    @env.macro
    def home_stats() -> Markup:
        return Markup(render.render_home_stats(inventory(), base()))

    @env.macro
    def newest_additions() -> Markup:
        return Markup(render.render_newest(inventory(), base()))

    @env.macro
    def browser(kind: str) -> Markup:
        """Every record of a kind, with the facets its schema declares, search and sort
        (docs/javascripts/browser.js)."""
        return Markup(render.render_browser(inventory(), kind, base()))

    @env.macro
    def resource_browser() -> Markup:
        return browser("resources")

    @env.macro
    def case_study_browser() -> Markup:
        return browser("case-studies")

    @env.macro
    def organization_index() -> Markup:
        return Markup(render.render_organization_index(inventory(), base()))

    @env.macro
    def term_index(vocabulary: str) -> Markup:
        return Markup(render.render_term_index(inventory(), vocabulary, base()))

    @env.macro
    def vocabulary_tables() -> Markup:
        """Every slug records may use, from data/taxonomy.yml and data/organizations.yml."""
        return Markup(render.render_vocabulary(inventory()))

    @env.macro
    def coverage_matrix() -> Markup:
        """The organization x topic table and its heat map (an SVG drawn at build time)."""
        return Markup(render.render_coverage(inventory(), base()))

    @env.macro
    def counts_by(vocabulary: str) -> Markup:
        return Markup(render.render_counts(inventory(), vocabulary, base()))

    @env.macro
    def self_assessment_form() -> Markup:
        """The joint self-assessment (docs/javascripts/planning.js saves, exports and imports)."""
        return Markup(render.render_self_assessment(inventory(), base()))

    @env.macro
    def action_plan_form() -> Markup:
        return Markup(render.render_action_plan(inventory(), base()))

    @env.macro
    def slug_labels() -> Markup:
        return Markup(render.render_labels(inventory()))

    @env.macro
    def conference_details() -> Markup:
        return Markup(render.render_conferences(inventory(), base()))

    # REPO_URL (mkdocs.yml's repo_url), read once: without it, no link to the repository.
    site = render.Site(url=env.conf.site_url or "", name=env.conf.site_name, repo_url=env.conf.repo_url or "")

    @env.macro
    def repository_links() -> Markup:
        """Links to the repository's CONTRIBUTING.md and "Suggest a resource" issue form;
        nothing when REPO_URL is not set."""
        return Markup(render.render_repository_links(site))
