"""The whole site in Chromium: every kind of page at phone width in both palettes, every
address pointing into the site (the 404 page at any depth included), the search index,
the shared script module, and the small things: tabs, state names, spacing."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from layout import overflow
from playwright.sync_api import Browser, Page, expect

# One page of every kind.
PAGE_KINDS = {
    "home": "",
    "resources": "resources/",
    "case-studies": "case-studies/",
    "resource": "resources/share-my-lesson/",
    "case-study": "case-studies/toledo/",
    "organizations": "organizations/",
    "organization": "organizations/nea/",
    "topics": "topics/",
    "topic": "topics/family-engagement/",
    "audience": "audiences/school-boards/",
    "conference": "conference/",
    "planning": "planning/",
    "self-assessment": "planning/self-assessment/",
    "action-plan": "planning/action-plan/",
    "shortlist": "shortlist/",
    "shared-shortlist": "shortlist/?ids=resources/share-my-lesson,case-studies/toledo,resources/nope",
    "coverage": "coverage/",
    "open-data": "open-data/",
    "contribute": "contribute/",
    "vocabulary": "contribute/vocabulary/",
    "404": "no/such/page/",
    "404-deep": "a/b/c/d/e/f/",
}
MISSING = ("404", "404-deep")


def settle(page: Page) -> None:
    """Waits until the page's scripts are done (lists, shortlist, planning tools)."""
    page.wait_for_load_state("load")
    for selector in ("[data-browser]", "[data-shortlist]", "[data-planning]"):
        if page.locator(selector).count():
            page.wait_for_selector(f'{selector}[data-state="ready"]', state="attached")


def visit(page: Page, site_url: str, kind: str) -> None:
    if kind in MISSING:
        page.console_log.allow_missing_page = True  # type: ignore[attr-defined]
    page.goto(site_url + PAGE_KINDS[kind])
    settle(page)


# --- every kind of page: on a phone, and with addresses into the site only ----------------------


def test_every_page_fits_a_phone_and_points_into_the_site(browser: Browser, site_url: str) -> None:
    """One visit of each kind of page, at 390 px in the light palette (the dark one changes
    colours only, never a size): nothing scrolls sideways, no caption is cut at the edge,
    every address on the page leads into the site (the 404 page at any depth included),
    the feed is announced with its address in the site, and no request leaves it."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    too_wide, outside = {}, {}
    for kind, path in PAGE_KINDS.items():
        page.goto(site_url + path)
        settle(page)
        found = overflow(page)
        if found:
            too_wide[kind] = found
        addresses = outside_addresses(page, site_url, kind in MISSING)
        if addresses:
            outside[kind] = addresses[:5]
        feeds = page.eval_on_selector_all('link[rel="alternate"]', "links => links.map(l => l.href)")
        assert feeds == [site_url + "feed.xml"], (kind, feeds)
    context.close()
    assert too_wide == {}
    assert outside == {}
    assert [url for url in requests if not url.startswith((site_url, "data:", "blob:"))] == []


def test_the_heat_map_scales_and_follows_the_palette(browser: Browser, site_url: str) -> None:
    for scheme, width in (("dark", 390), ("light", 390), ("dark", 1280)):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url + "coverage/")
        heatmap = page.locator("svg.pri-heatmap")
        box = heatmap.bounding_box()
        figure = page.locator(".pri-heatmap-figure").bounding_box()
        assert box and figure and box["width"] <= figure["width"] + 0.5, (scheme, width, box, figure)
        # No white box in the dark palette: the text takes the page's colour, and no
        # shape is painted white.
        colours = page.evaluate(
            """() => {
                const svg = document.querySelector('svg.pri-heatmap');
                const page = getComputedStyle(document.querySelector('.md-typeset')).color;
                const fills = [...svg.querySelectorAll('rect, text')].map(e => getComputedStyle(e).fill);
                const texts = [...svg.querySelectorAll('text')].map(e => getComputedStyle(e).fill);
                return {page, fills, texts};
            }"""
        )
        assert set(colours["texts"]) == {colours["page"]}, scheme
        if scheme == "dark":
            assert "rgb(255, 255, 255)" not in colours["fills"]
        context.close()


def test_identifiers_in_tables_never_break_inside_a_word(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    broken = []
    for path in ("open-data/", "contribute/vocabulary/"):
        page.goto(site_url + path)
        broken += page.eval_on_selector_all(
            "td:not(:last-child) code",
            "codes => codes.filter(c => /^\\w{1,24}$/.test(c.textContent) && c.getClientRects().length > 1)"
            ".map(c => c.textContent)",
        )
    context.close()
    assert broken == []


# --- every address points into the site ----------------------------------------------------

ADDRESSES = """() => [...document.querySelectorAll('[href], [src], form[action]')].map(e => ({
    tag: e.tagName.toLowerCase(),
    rel: e.getAttribute('rel') || '',
    raw: e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action'),
    url: e.href?.baseVal ?? e.href ?? e.src ?? e.action,
    content: !!e.closest('.md-content'),
}))"""


def outside_addresses(page: Page, site_url: str, missing: bool) -> list[dict]:
    """Addresses that leave the site without saying so. A link in a page's text may go to
    another site (a resource, a source) when it is written as a full http(s) address;
    everything else (the head's links, scripts, images, the header, tabs, navigation and
    footer, and anything on the 404 page) must stay inside the site."""
    problems = []
    for item in page.evaluate(ADDRESSES):
        raw, url = item["raw"] or "", item["url"] or ""
        if raw.startswith("//"):
            problems.append(item)  # protocol-relative: another host
        elif not url.startswith(("http:", "https:")) or url.startswith(site_url):
            continue
        elif missing or not (item["tag"] == "a" and item["content"] and re.match(r"^https?://", raw)):
            problems.append(item)
    return problems


@pytest.mark.parametrize("path", ["no/such/page/", "a/b/c/d/e/f/g", "resources/no-such-resource/"])
def test_the_404_page_works_at_any_depth_and_leads_onward(page: Page, site_url: str, path: str) -> None:
    page.console_log.allow_missing_page = True  # type: ignore[attr-defined]
    response = page.goto(site_url + path)
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text(re.compile(r"^Page not found"))
    content = page.locator(".md-content")
    onward = {
        "Home": site_url,
        "Planning resources": site_url + "resources/",
        "Case studies": site_url + "case-studies/",
        "Organizations": site_url + "organizations/",
    }
    for name, url in onward.items():
        assert content.get_by_role("link", name=name, exact=True).evaluate("a => a.href") == url, name
    assert page.evaluate("() => window.PRI.base") == site_url
    # The search form opens the site's search with the words.
    form = content.get_by_role("search")
    form.get_by_label("Search the inventory").fill("toledo")
    form.get_by_role("button", name="Search").click()
    page.wait_for_url(site_url + "?q=toledo")
    expect(page.locator("input.md-search__input")).to_have_value("toledo")
    page.goto(site_url + path)
    page.locator(".md-content").get_by_role("link", name="Planning resources", exact=True).click()
    page.wait_for_selector(".pri-browser--enhanced")
    assert page.url == site_url + "resources/"


# --- the search index holds words, not controls ---------------------------------------------


def source_tokens() -> set[str]:
    """Every word written in the data, the pages and the templates, as written."""
    texts = [path.read_text(encoding="utf-8") for path in (ROOT / "data").rglob("*.yml")]
    texts += [path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md")]
    templates = ROOT / "macros" / "publishing" / "templates"
    texts += [path.read_text(encoding="utf-8") for path in templates.rglob("*") if path.is_file()]
    for path in (ROOT / "data").rglob("*.yml"):  # the values as YAML reads them (quotes, escapes)
        texts.append(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), ensure_ascii=False, default=str))
    # Markdown links split too: "[schema.org](https://schema.org/)" is the word schema.org.
    tokens = (token for text in texts for token in re.split(r"[\s\\]+|\]\(", unescape(text)))
    return {token.strip(".,;:!?'\"()[]{}*`") for token in tokens}


RUN_TOGETHER = re.compile(r"[a-z][A-Z]|[.,;:)\]][A-Za-z(]|\d[A-Z]|[a-z]\(")


def test_the_search_index_holds_the_words_without_the_controls(site_dir: Path) -> None:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    known = source_tokens()
    run_together = set()
    for doc in docs:
        location, text = doc["location"], unescape(re.sub(r"<[^>]+>", " ", doc["text"]))
        # Controls and their counts are not content: no filter panel, no buttons.
        assert "#facet-" not in location, location
        for control in ("Save to shortlist", "Clear all", "Sort by", "Show more", "Active filters", "Show results"):
            assert control not in text, (location, control)
        if location.split("/")[0] in ("resources", "case-studies", "organizations", "topics", "audiences"):
            assert not re.search(r"\bSaved?\b", text), location
        for token in text.split():
            core = token.strip(".,;:!?'\"()[]{}*`")
            if "/" in core or re.search(r"\w\.(xml|json|csv|yml)$", core):
                continue  # a path or a file name
            if RUN_TOGETHER.search(core) and core not in known:
                run_together.add((location.split("#")[0], core))
    assert sorted(run_together) == []
    # The records are still there.
    locations = {doc["location"] for doc in docs}
    assert "resources/share-my-lesson/" in locations and "case-studies/toledo/" in locations
    toledo = next(doc for doc in docs if doc["location"] == "case-studies/toledo/")
    assert "State Ohio" in unescape(re.sub(r"<[^>]+>", " ", toledo["text"]))


# --- the shared module ------------------------------------------------------------------------


SCRIPTS = ("common.js", "browser.js", "shortlist.js", "offline.js")
# On every page; browser.js only where a browser is (tests/browser/test_loading.py).
EVERY_PAGE = ("common.js", "loader.js", "shortlist.js", "planning.js", "offline.js")


def test_one_namespace_and_the_base_from_the_template(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    # The globals of a page with the site's scripts, less those of the same page without.
    page.goto(site_url + "resources/share-my-lesson/")
    settle(page)
    with_scripts = set(page.evaluate("() => Object.keys(window)"))
    ours = re.compile(re.escape(site_url) + r"javascripts/.*\.js$")  # not Material's bundle
    page.route(ours, lambda route: route.abort())
    page.goto(site_url + "resources/share-my-lesson/")
    page.wait_for_load_state("load")
    without = set(page.evaluate("() => Object.keys(window)"))
    page.unroute(ours)
    assert with_scripts - without == {"PRI"}
    context.close()

    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "resources/share-my-lesson/")
    assert page.locator("#pri-site").get_attribute("data-base") == "../../"  # written by the template
    assert page.evaluate("() => [PRI.base, PRI.url('feed.xml'), PRI.sitePath()]") == [
        site_url,
        site_url + "feed.xml",
        "resources/share-my-lesson/",
    ]
    # Loaded first, from the site itself.
    sources = page.eval_on_selector_all("script[src]", "scripts => scripts.map(s => s.src)")
    ours = [src.rsplit("/", 1)[1] for src in sources if src.startswith(site_url + "javascripts/")]
    assert ours[0] == "common.js" and set(EVERY_PAGE) <= set(ours) and "browser.js" not in ours
    # After instant navigation (no reload) the base is still the site's root.
    page.locator(".md-tabs").get_by_role("link", name="Case studies").click()
    page.wait_for_selector(".pri-browser--enhanced")
    page.get_by_role("link", name="Toledo Public Schools").click()
    page.wait_for_url(site_url + "case-studies/toledo/")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert page.evaluate("() => [PRI.base, PRI.sitePath()]") == [site_url, "case-studies/toledo/"]
    context.close()


@pytest.mark.parametrize("name", SCRIPTS)
def test_scripts_set_text_only(name: str) -> None:
    """(Every script's functions are under 60 lines: tests/test_code_shape.py.)"""
    source = (ROOT / "docs" / "javascripts" / name).read_text(encoding="utf-8")
    for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert risky not in source, risky
    code = re.sub(r"//[^\n]*|/\*.*?\*/", "", source, flags=re.DOTALL)
    assert not re.search(r"https?:|//[a-z]", code.replace("\\/", "")), "nothing from another host"
    if name != "common.js":
        assert "document$" not in source and "__config" not in source  # common.js starts the modules


# --- small things -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "tab"),
    [
        ("resources/share-my-lesson/", "Resources"),
        ("case-studies/toledo/", "Case studies"),
        ("organizations/nea/", "Browse"),
        ("topics/family-engagement/", "Browse"),
        ("audiences/school-boards/", "Browse"),
        ("resources/", "Resources"),
    ],
)
def test_record_pages_highlight_their_tab(page: Page, site_url: str, path: str, tab: str) -> None:
    page.goto(site_url + path)
    active = page.locator(".md-tabs__item--active")
    expect(active).to_have_count(1)
    expect(active).to_have_text(tab)


def test_states_are_named(page: Page, site_url: str) -> None:
    page.goto(site_url + "case-studies/toledo/")
    expect(page.locator(".pri-breadcrumb")).to_have_text("Case studies › Ohio")
    expect(page.locator(".pri-facts dt:text-is('State') + dd")).to_have_text("Ohio")
    page.goto(site_url + "case-studies/")
    card = page.locator('li[data-record-id="abc-unified"] .pri-card__meta')
    expect(card).to_contain_text("California ·")
    expect(page.get_by_role("checkbox", name="Massachusetts")).to_be_visible()
    page.goto(site_url + "case-studies/by-state/CA/")  # the facet's own page, without JavaScript too
    expect(page.locator("h1")).to_have_text("California")


def test_sentences_keep_their_spaces(page: Page, site_url: str) -> None:
    for path in ("organizations/nea/", "organizations/fmcs/", "case-studies/toledo/", "resources/share-my-lesson/"):
        page.goto(site_url + path)
        text = page.locator("article").inner_text()
        assert not re.search(r"[a-z]\.[A-Z]", text), (path, re.findall(r"\S*[a-z]\.[A-Z]\S*", text))
    page.goto(site_url + "organizations/nea/")
    expect(page.locator("article")).to_contain_text("conference.")
    expect(page.locator("article p", has_text="Website:")).to_have_text("Website: https://www.nea.org")


def test_the_take_aways_fill_their_rows(page: Page, site_url: str) -> None:
    for width in (1280, 1600, 960):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site_url)
        tops = page.eval_on_selector_all(".grid.cards > ul > li", "items => items.map(li => Math.round(li.offsetTop))")
        assert len(tops) == 4
        rows = [tops.count(top) for top in sorted(set(tops))]
        assert len(set(rows)) == 1, (width, rows)  # 2 + 2 (or 4), never 3 + 1
