"""The lists of cards in a page's HTML, set aside while a parser that has nothing to do
with them reads the page, then put back: a pure text operation, for the adapters.

A list is what `record_cards` (`partials.py`) writes: a <section> with `data-search-exclude`
that holds no other <section>, so the first end tag closes it. At 1,000 records the
lists are most of the site's HTML, and two parsers read them for nothing: Python-Markdown
(md_in_html and MkDocs' scan of raw HTML), for the hand-written pages whose macros write
them, and Material's search plugin, which skips them but parses them all the same
(`macros/mkdocs_hooks.py` and `macros/search_words.py` use this module).
"""

from __future__ import annotations

import re
from collections.abc import Callable

LIST_START = '<section class="pri-card-list" data-search-exclude>'
LIST_END = "</section>"
EMPTY_LIST = LIST_START + LIST_END
# The id attributes of a list's tags (text never holds a raw "<": it is escaped).
_ANCHOR_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')


def hide_lists(html: str) -> tuple[str, list[str]]:
    """The HTML with every list of cards left empty, and the lists' content in order."""
    kept, hidden, position = [], [], 0
    while (start := html.find(LIST_START, position)) != -1:
        inner = start + len(LIST_START)
        end = html.find(LIST_END, inner)
        if end == -1:
            break
        kept.append(html[position:inner])
        hidden.append(html[inner:end])
        position = end
    kept.append(html[position:])
    return "".join(kept), hidden


def restore_lists(html: str, hidden: list[str], change: Callable[[str], str] | None = None) -> str:
    """`hide_lists` undone; `change`, if given, is applied to each list's content first.
    A ValueError if the HTML does not hold as many empty lists as were hidden."""
    parts = html.split(EMPTY_LIST)
    if len(parts) != len(hidden) + 1:
        raise ValueError(f"{len(hidden)} lists of cards were set aside, {len(parts) - 1} found again")
    restored = [parts[0]]
    for content, after in zip(hidden, parts[1:], strict=True):
        restored += [LIST_START, change(content) if change else content, LIST_END, after]
    return "".join(restored)


def anchor_ids(hidden: list[str]) -> set[str]:
    """The id attributes in the lists' content."""
    return {found for content in hidden for found in _ANCHOR_ID.findall(content)}
