"""MkDocs hook: a thin adapter that adds one generated page per record.

It validates the data before anything is built (the build stops with every problem
listed, so a partial site is never published) and adds the detail pages as in-memory
files outside the navigation, which keeps the build linear in the number of records,
with the open data and the embeddable lists (static files, not pages).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# `mkdocs serve` re-imports this hook on every rebuild but keeps the modules it imported;
# dropping them makes a change to macros/*.py take effect without a restart.
for _name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
    del sys.modules[_name]

from macros.embed import embed_files  # noqa: E402
from macros.opendata import open_data_files  # noqa: E402
from macros.problems import DataError  # noqa: E402
from macros.render import Site, generated_pages  # noqa: E402
from macros.site import inventory_for_build  # noqa: E402


def data_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent / config.extra.get("data_dir", "data")


@event_priority(100)  # before mkdocs-macros, so that invalid data stops the build first
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        inventory_for_build(data_dir(config), refresh=True)
    except DataError as error:
        raise Abort(f"The data does not validate:\n{error}") from None
    return config


def site_of(config: MkDocsConfig) -> Site:
    """Where the site and its repository are: `site_url` (SITE_URL) and `repo_url`
    (REPO_URL, empty when unset), read here once for the render functions."""
    return Site(url=config.site_url or "http://127.0.0.1:8000/", name=config.site_name, repo_url=config.repo_url or "")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    inventory = inventory_for_build(data_dir(config))
    site = site_of(config)
    generated = generated_pages(inventory, site)
    generated |= open_data_files(inventory, site.url, site.name, config.site_description or "", site.repository)
    generated |= embed_files(inventory, site)
    for src_uri, content in generated.items():
        if files.get_file_from_path(src_uri) is not None:
            raise Abort(f"docs/{src_uri} would hide the generated page of the same name: remove it from docs/.")
        files.append(File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    return files
