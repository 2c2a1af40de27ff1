"""MkDocs hook: a thin adapter that adds one generated page per record.

It validates the data before anything is built (the build stops with every problem
listed, so a partial site is never published) and adds the detail pages as in-memory
files outside the navigation, which keeps the build linear in the number of records.

The generated pages are final HTML (`macros.publishing.pages.generated_pages`). Given to MkDocs as
Markdown, that HTML was parsed again for nothing (md_in_html and MkDocs' own scan of raw
HTML: half of a 1,000-record build) to give back the same HTML. So each page is added
with a placeholder source, its front matter and one marker line, which the hook renders
as Markdown would (`_render_placeholder`, sparing MkDocs a Markdown instance per page);
its HTML waits in `_rendered` and `on_page_content` puts it in place of the marker, before any plugin reads
`page.content` (Material's search indexes it later, in on_page_context). The table of
contents stays what Markdown made of these pages before: empty, as their headings are
raw HTML, which the toc extension never sees. `_rendered` is filled anew by every build,
so `mkdocs serve` shows an edit to the data. With PRI_GENERATED_PAGES_AS_MARKDOWN=1 the
pages are added as whole Markdown sources instead (the old, slower path; the tests build
both ways and compare the sites).
The open data and the embeddable lists are added as static files, not pages.

The hand-written pages whose macros list cards (`/resources/` lists every resource) go
through Python-Markdown, which parsed each list (md_in_html, and MkDocs' scan of raw
HTML for anchors) to give it back as it was. After the macros have run, each list is
left as its empty wrapper (`macros/publishing/card_lists.py`), and `on_page_content` puts
it back, with its anchors, before any plugin reads the page.

After the build it writes the offline copy's files at the site's root (`sw.js` and
`offline-manifest.json`, see `macros/publishing/offline.py`), except under `mkdocs serve`: there the
pages register no service worker (`extra.pri_offline` is false, and the template leaves
out the worker's address), so live reload always shows the files being edited.
PRI_OFFLINE_BUDGET (bytes, gzip) and PRI_OFFLINE_PAGES ("cache-first" or
"network-first") override the defaults, for tests and benchmarks.
"""

from __future__ import annotations

import os
import re
import sys
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# `mkdocs serve` re-imports this hook on every rebuild but keeps the modules it imported;
# dropping them makes a change to macros/*.py take effect without a restart.
for _name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
    del sys.modules[_name]

from macros.publishing import offline  # noqa: E402
from macros.publishing.card_lists import anchor_ids, hide_lists, restore_lists  # noqa: E402
from macros.publishing.embed import embed_files  # noqa: E402
from macros.publishing.linkeddata import repository_address  # noqa: E402
from macros.publishing.opendata import DATA_LICENSE, open_data_files  # noqa: E402
from macros.publishing.pages import GeneratedPage, generated_pages  # noqa: E402
from macros.publishing.site import data_dir_of, inventory_for_build, site_of  # noqa: E402
from macros.reading.problems import DataError, plain  # noqa: E402

# What Markdown makes of a placeholder's body: a raw HTML block, passed through as it is.
MARKER = "<!-- pri: generated page, its HTML is put here by the hook -->"
AS_MARKDOWN = "PRI_GENERATED_PAGES_AS_MARKDOWN"
# The id attributes of a page's tags (text never holds a raw "<": it is escaped).
_ANCHOR_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')

_rendered: dict[str, str] = {}  # src_uri -> HTML of the generated pages not yet in place
_lists: dict[str, list[str]] = {}  # src_uri -> the lists of cards of a page Markdown is converting
_record_pages: set[str] = set()  # addresses of the record pages ("resources/x/"), for the offline copy
_serving = False  # `mkdocs serve`: no offline copy


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


@event_priority(100)  # before mkdocs-macros, so that invalid data stops the build first
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        inventory_for_build(data_dir_of(config), refresh=True)
    except DataError as error:
        raise Abort(f"The data does not validate:\n{error}") from None
    try:  # the header's link and every link into the repository use it as it is
        config.repo_url = repository_address(config.repo_url or "") or None
    except ValueError as error:
        raise Abort(str(error)) from None
    config.extra["pri_offline"] = not _serving  # the template writes the worker's address only then
    config.extra["pri_license"] = DATA_LICENSE  # the footer states it (overrides/main.html)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # on_post_build writes docs/sw.js with its settings, whole. Copied as it is, it would
    # sit in the site during an in-place build with no version, and a browser's update
    # check landing then would remove the offline copy (as it is meant to under serve).
    worker = files.get_file_from_path(offline.WORKER)
    if worker is not None:
        files.remove(worker)
    inventory = inventory_for_build(data_dir_of(config))
    site = site_of(config)
    generated: dict[str, GeneratedPage | str | bytes] = {}
    generated |= generated_pages(inventory, site)
    generated |= open_data_files(inventory, site.url, site.name, config.site_description or "", site.repository)
    generated |= embed_files(inventory, site)
    as_markdown = os.environ.get(AS_MARKDOWN) == "1"
    _rendered.clear()
    _lists.clear()
    _record_pages.clear()
    _record_pages.update(record.page_url for records in inventory.records.values() for record in records)
    # Each address of the site is written once: a page of docs/ or a generated one that
    # would land on the address of another (x.md and x/index.md) stops the build. The
    # validator refuses the ids and slugs that cause it first; this is the last line.
    written = {file.dest_uri: f"docs/{file.src_uri}" for file in files}
    for src_uri, content in generated.items():
        if isinstance(content, GeneratedPage):
            if as_markdown:
                content = content.markdown
            else:
                _rendered[src_uri] = content.html
                content = f"---\n{content.front_matter}---\n\n{MARKER}\n"
        file = File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        if file.dest_uri in written:
            raise Abort(
                plain(
                    f"The generated {src_uri} and {written[file.dest_uri]} would both be written to "
                    f"{file.dest_uri}: rename the record, term or page so that each has its own address."
                )
            )
        written[file.dest_uri] = f"the generated {src_uri}"
        files.append(file)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """data-sections of overrides/main.html, the same for every page: the first segment of
    each address in the navigation -> the address of its tab (its first page)."""
    sections: dict[str, str] = {}
    for tab in nav.items:
        pages = tab.children or [tab]
        for item in pages:  # a section has no address of its own
            url = getattr(item, "url", None)
            if url and url.split("/")[0] not in sections:
                sections[url.split("/")[0]] = getattr(pages[0], "url", None)
    config.extra["pri_sections"] = sections
    return nav


@event_priority(-100)  # last: after mkdocs-macros has written the page's lists
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in _rendered and markdown.strip() == MARKER:
        page.render = partial(_render_placeholder, page)  # type: ignore[method-assign]
        return markdown
    markdown, hidden = hide_lists(markdown)
    if hidden:
        _lists[page.file.src_uri] = hidden
    return markdown


def _render_placeholder(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What `Page.render` makes of a placeholder (its marker line, as it is: a raw HTML
    block, no heading, no anchor, no link), without a Markdown instance for each of the
    thousand generated pages."""
    del page.render  # the page's own method again
    page.content = MARKER
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()


@event_priority(100)  # first, so that every other plugin sees the page's real content
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    hidden = _lists.pop(page.file.src_uri, None)
    if hidden:
        try:
            html = restore_lists(html, hidden)
        except ValueError as error:
            raise Abort(f"{page.file.src_uri}: {error} (Markdown changed a list of cards)") from None
        page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(hidden)
    rendered = _rendered.pop(page.file.src_uri, None)  # popped: the page holds it from now on
    if rendered is None:
        return html
    if html != MARKER:
        if MARKER not in html:
            raise Abort(f"The generated page {page.file.src_uri} lost its marker: a plugin changed its source.")
        rendered = html.replace(MARKER, rendered, 1)
    # What MkDocs would have found in the HTML: other pages' links to an anchor are checked against it.
    page.present_anchor_ids = set(_ANCHOR_ID.findall(rendered))
    return rendered


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    source = (Path(config.docs_dir) / offline.WORKER).read_text(encoding="utf-8")
    if _serving:
        offline.write_whole(site_dir / offline.WORKER, offline.disabled_worker(source))
        (site_dir / offline.MANIFEST).unlink(missing_ok=True)
        return
    try:
        budget = int(os.environ.get("PRI_OFFLINE_BUDGET", offline.BUDGET))
        offline.write_offline_files(
            site_dir, source, _record_pages, budget=budget, strategy=os.environ.get("PRI_OFFLINE_PAGES", "cache-first")
        )
    except ValueError as error:
        raise Abort(f"The offline copy: {error}") from None
