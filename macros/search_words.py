"""MkDocs hook: words stay separated in the search index.

Material's search plugin indexes a page's text by joining the text of its elements, and
only a few tags (p, li, code, ...) are kept as separators: `<dt>State</dt><dd>Ohio</dd>`
becomes "StateOhio", `<td>1</td><td>AFT</td>` becomes "1AFT". A line break between the
end of a block-level element and the next tag changes nothing on the page (white space
between blocks, table cells or grid items is not drawn) and keeps the words apart in the
index. Inline elements are left alone: there, white space would show.

It also spares the search plugin the lists of cards, which it is told to skip
(`data-search-exclude`, see `macros/publishing/card_lists.py`) but parses
all the same: at 1,000 records they were four fifths of the HTML it read, and its
parser a third of the build. From on_page_content until the plugin has indexed the page
(on_page_context, where this hook runs last), each list is left as its empty wrapper,
then put back with what the plugin removes from the page's HTML removed from it too.
The pages and the search index stay the same (`tests/test_engine.py` compares them).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.publishing.card_lists import hide_lists, restore_lists  # noqa: E402

_BLOCK_END = re.compile(
    r"(</(?:address|article|aside|blockquote|caption|dd|details|div|dl|dt|fieldset|figcaption|figure|footer"
    r"|h[1-6]|header|legend|li|nav|ol|optgroup|option|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
    r"|text|title|desc)>)(?=<)",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"(<br\s*/?>)(?=\S)", re.IGNORECASE)  # white space after <br> is not drawn
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.IGNORECASE | re.DOTALL)
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # what the plugin removes, as it writes it
_SEARCH_ATTRIBUTE_NAME = re.compile(r"data-search-\w+=\"[^\"]+\"")  # in every match of the above
_SEARCH_PLUGINS = ("search", "material/search")

_hidden: dict[str, list[str]] = {}  # src_uri -> the content of its lists, while the plugin indexes the page


def _separate(part: str) -> str:
    return _LINE_BREAK.sub("\\1\n", _BLOCK_END.sub("\\1\n", part))


def separate_blocks(html: str) -> str:
    """A line break after every block-level end tag that another tag follows directly,
    and after every <br>, outside <pre> (where a line break would show)."""
    parts = _PRE.split(html)
    return "".join(part if index % 2 else _separate(part) for index, part in enumerate(parts))


def _without_search_attributes(content: str) -> str:
    """What the search plugin does to a page's HTML once indexed, done to a list's content."""
    if _SEARCH_ATTRIBUTE_NAME.search(content):  # rare: the full pattern is slow on long text
        return _SEARCH_ATTRIBUTE.sub("", content)
    return content


def on_pre_build(**_: object) -> None:
    _hidden.clear()


@event_priority(-100)  # last: the lists are hidden only once every other plugin is done with the HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    html = separate_blocks(html)
    if not any(name in config.plugins for name in _SEARCH_PLUGINS):
        return html
    html, hidden = hide_lists(html)
    if hidden:
        _hidden[page.file.src_uri] = hidden
    return html


@event_priority(-100)  # last: after the search plugin has read the page
def on_page_context(context: dict, page: Page, **_: object) -> dict:
    hidden = _hidden.pop(page.file.src_uri, None)
    if hidden:
        try:
            page.content = restore_lists(page.content or "", hidden, _without_search_attributes)
        except ValueError as error:
            raise Abort(f"{page.file.src_uri}: {error}") from None
    return context
