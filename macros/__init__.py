"""mkdocs-macros entry point: thin adapters from Markdown pages to `macros.publishing.render`.

The engine is one package per stage, each a layer (`LAYERS`, lowest first):
reading (bytes -> values with positions) < model (record kinds, typed records)
< checking (schemas, rules, `load_inventory`) < publishing (HTML, pages, open data).
A module imports only from its own layer or a lower one, and no import cycle exists;
above them all, the adapters (`ADAPTERS`: this module and the two MkDocs hooks) are the
only modules that import MkDocs or sit at the top of the package.
tests/test_layout.py holds the engine to this; each package's docstring says what
lives there. See also ARCHITECTURE.md ("Bird's-eye view").
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from .model.records import Inventory
from .publishing import planning, render
from .publishing.site import data_dir_of, inventory_for_build, site_of

# The engine's layers, lowest first, and the adapters above them (read by tests/test_layout.py).
LAYERS = ("reading", "model", "checking", "publishing")
ADAPTERS = ("__init__", "mkdocs_hooks", "search_words")

# The macros that write HTML: name -> the render function, called with the inventory,
# the macro's own arguments, then the page's path back to the site root.
PAGE_MACROS: dict[str, Callable[..., str]] = {
    "link_to": render.render_link_to,  # (kind, slug, text): a link, or the bare text without the page
    "home_stats": render.render_home_stats,
    "newest_additions": render.render_newest,
    "browser": render.render_browser,  # (kind): every record of a kind, with its schema's facets
    "organization_index": render.render_organization_index,
    "term_index": render.render_term_index,  # (vocabulary)
    "coverage_matrix": render.render_coverage,
    "counts_by": render.render_counts,  # (vocabulary)
    "self_assessment_form": planning.render_self_assessment,
    "action_plan_form": planning.render_action_plan,
    "conference_details": render.render_conferences,
}
# The same, for functions that do not depend on the page.
SITE_MACROS: dict[str, Callable[..., str]] = {
    "vocabulary_tables": render.render_vocabulary,
    "slug_labels": render.render_labels,
}


def count(inventory: Inventory, what: str) -> int:
    """Number of records of a kind (`resources`, `case-studies`), of national
    organizations (`organizations`), or of terms of a vocabulary (`topics`)."""
    what = what.replace("_", "-")
    if what == "organizations":
        return sum(1 for o in inventory.organizations.values() if o.is_national)
    if what in inventory.records:
        return len(inventory.records[what])
    return len(inventory.taxonomy[what.replace("-", "_")])


def define_env(env) -> None:
    data_dir = data_dir_of(env.conf, getattr(env, "project_dir", None))

    def inventory() -> Inventory:
        return inventory_for_build(data_dir)

    def register(name: str, macro: Callable[..., object]) -> None:
        macro.__name__ = name  # the name pages call it by (env.macro reads it)
        env.macro(macro)

    for name, function in PAGE_MACROS.items():
        register(name, lambda *args, f=function: Markup(f(inventory(), *args, render.page_base(env.page.url))))
    for name, function in SITE_MACROS.items():
        register(name, lambda *args, f=function: Markup(f(inventory(), *args)))
    register("count", lambda what: count(inventory(), what))
    site = site_of(env.conf)
    register("repository_links", lambda: Markup(render.render_repository_links(site)))
