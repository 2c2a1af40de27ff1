"""The lists of cards set aside while Python-Markdown and Material's search plugin read a
page (`macros/publishing/card_lists.py`): given back exactly, and the search index the
plugin makes of the page unchanged (what `macros/search_words.py` relies on)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from helpers import ROOT
from material.plugins.search.plugin import SearchIndex

from macros import search_words
from macros.checking.loader import load_inventory
from macros.publishing.card_lists import EMPTY_LIST, anchor_ids, hide_lists, restore_lists
from macros.publishing.partials import record_cards

# What Material's search plugin does to page.content after indexing it (on_page_context).
PLUGIN_REMOVES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


@pytest.fixture(scope="module")
def page_html() -> str:
    """A page with two lists of the real cards: a long one (some in a <noscript>) and a short one."""
    inventory = load_inventory(ROOT / "data").inventory
    assert inventory is not None
    resources = list(inventory.records["resources"])
    long = record_cards(inventory, resources * 3, "../", browser=True)  # over LONG_LIST: a <noscript>
    short = record_cards(inventory, resources[:2], "../")
    return (
        '<h1 id="resources">Resources</h1>\n<p>Before the list.</p>\n'
        f'<div class="pri-browser">{long}</div>\n<h2 id="more">More</h2>\n'
        f'<p data-search-note="x">Between.</p>\n{short}\n<p>After <code>the lists</code>.</p>'
    )


def index_entries(html: str) -> list[dict]:
    index = SearchIndex()
    page = SimpleNamespace(meta={}, content=html, toc=[], url="resources/", title="Resources")
    index.add_entry_from_context(page)
    return index.entries


def test_hidden_lists_come_back_exactly(page_html: str) -> None:
    hidden_html, hidden = hide_lists(page_html)
    assert len(hidden) == 2 and hidden_html.count(EMPTY_LIST) == 2
    assert "pri-card" not in hidden_html.replace(EMPTY_LIST, "")  # no card is left in the page
    assert restore_lists(hidden_html, hidden) == page_html
    assert hide_lists("<p>No list</p>") == ("<p>No list</p>", [])


def test_a_list_that_was_changed_is_an_error(page_html: str) -> None:
    hidden_html, hidden = hide_lists(page_html)
    with pytest.raises(ValueError, match="2 lists of cards were set aside, 1 found again"):
        restore_lists(hidden_html.replace(EMPTY_LIST, "", 1), hidden)


def test_anchor_ids_of_the_lists() -> None:
    assert anchor_ids(['<li id="a"><a href="#x">x</a></li>', '<div class="c" id="b">']) == {"a", "b"}


def test_the_search_index_and_the_page_are_the_same(page_html: str) -> None:
    """What the hook does around Material's search plugin, against the plugin alone."""
    separated = search_words.separate_blocks(page_html)
    config = SimpleNamespace(plugins={"material/search": object()})
    page = SimpleNamespace(file=SimpleNamespace(src_uri="resources/index.md"))
    seen_by_plugin = search_words.on_page_content(page_html, page=page, config=config)
    assert len(seen_by_plugin) < len(separated) / 10
    assert index_entries(seen_by_plugin) == index_entries(separated)
    texts = [entry["text"] for entry in index_entries(separated)]
    assert texts == ["<p>Before the list.</p>", "<p>Between.</p> <p>After <code>the lists</code>.</p>"], texts
    page.content = PLUGIN_REMOVES.sub("", seen_by_plugin)
    search_words.on_page_context({}, page=page)
    assert page.content == PLUGIN_REMOVES.sub("", separated)
    assert 'data-search-note="x"' not in page.content and page.content.count("pri-card-list") == 2
