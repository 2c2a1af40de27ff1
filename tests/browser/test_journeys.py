"""Journeys that reach their goal (issue 20), in Chromium: the home page leads to what people
come for, the counts beside the filters mean what they say, the results are a few Tab
presses from the filters, "districts like yours" ranks by size and setting, and the pages
hold still while their scripts start. Expected values come from the YAML records
(tests/browser/expected.py), never from the site's own facet code."""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axecheck import axe_violations
from expected import (
    CASE_STUDY_FACETS,
    RESOURCE_FACETS,
    Record,
    case_studies,
    matching_case_studies,
    matching_resources,
    resources,
    taxonomy,
)
from layout import overflow
from playwright.sync_api import Browser, BrowserContext, Page, expect
from serving import FULL_SEARCH_COOKIE
from test_browse import VISIBLE, open_browser, page_facets, visible_ids

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


# --- 1. a home page that leads -------------------------------------------------------------


def test_the_home_page_leads_to_what_people_come_for(phone: Page, site_url: str) -> None:
    phone.goto(site_url)
    limit = 1.5 * PHONE["height"]
    content = phone.locator("article")
    for href in ("resources/", "case-studies/", "planning/", "shortlist/"):
        link = content.locator(f'a[href="{href}"], a[href="{site_url}{href}"]').first  # instant navigation
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["y"] + box["height"] <= limit, (href, box)
    search = phone.get_by_role("searchbox", name="Search the planning resources")
    box = search.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]  # on the first screen
    offline = phone.get_by_text("works without a connection")
    assert offline.bounding_box()["y"] <= limit  # type: ignore[index]
    # The conference's story comes after them.
    history = phone.get_by_role("heading", name="Where this comes from")
    assert history.bounding_box()["y"] > limit  # type: ignore[index]
    assert overflow(phone) == {}
    assert axe_violations(phone) == []
    # The search box lists the matching resources.
    search.fill("toolkit")
    search.press("Enter")
    phone.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    assert visible_ids(phone) == matching_resources({}, "toolkit")


# --- 2. counts that mean what they say -----------------------------------------------------


def expected_counts(
    records: tuple[Record, ...], facets: dict[str, Callable[[Record], list[str]]], selection: dict[str, list[str]]
) -> dict[str, Counter[str]]:
    """Standard faceted counting, by hand: a value's count is the number of records with it
    among those that every OTHER selected facet leaves (OR within a facet, AND across)."""
    counts = {}
    for key, values_of in facets.items():
        others = {k: v for k, v in selection.items() if k != key}
        kept = [r for r in records if all(set(facets[k](r)) & set(v) for k, v in others.items())]
        counts[key] = Counter(value for r in kept for value in values_of(r))
    return counts


def assert_counts(page: Page, records: tuple[Record, ...], facets: dict, selection: dict[str, list[str]]) -> None:
    visible_ids(page)
    expected = expected_counts(records, facets, selection)
    shown = page_facets(page)
    assert shown
    for key, values in shown.items():
        assert {v: int(c) for v, c in values.items()} == {v: expected[key][v] for v in values}, (selection, key)


RESOURCE_SELECTIONS = [
    {"organization": ["nea"]},
    {"organization": ["aft"], "topic": ["family-engagement"]},
    {"organization": ["aft", "nea"], "topic": ["assessment"], "year": ["2014"]},
]


def test_resource_counts_count_among_what_the_other_facets_leave(page: Page, site_url: str) -> None:
    open_browser(page, site_url)
    page.get_by_role("checkbox", name="NEA").check()
    aft = sum(1 for r in resources() if "aft" in RESOURCE_FACETS["organization"](r))
    option = page.locator("label.pri-option", has=page.get_by_role("checkbox", name="AFT"))
    expect(option.locator(".pri-count")).to_have_text(str(aft))  # AFT's own resources, not NEA's + AFT's
    assert_counts(page, resources(), RESOURCE_FACETS, {"organization": ["nea"]})
    for selection in RESOURCE_SELECTIONS[1:]:
        open_browser(page, site_url, query="&".join(f"{k}={v}" for k, vs in selection.items() for v in vs))
        assert visible_ids(page) == matching_resources(selection)
        assert_counts(page, resources(), RESOURCE_FACETS, selection)
    # With a search too: the counts are among the resources the search leaves.
    page.get_by_label("Search resources").fill("teachers")
    words = matching_resources({}, "teachers")
    searched = tuple(r for r in resources() if r["id"] in words)
    assert_counts(page, searched, RESOURCE_FACETS, RESOURCE_SELECTIONS[-1])


def test_case_study_size_bands_keep_their_counts(page: Page, site_url: str) -> None:
    open_browser(page, site_url, "case-studies/")
    band = page.locator('[data-facet="size"] input').first
    band.check()
    selection = {"size": [band.get_attribute("value") or ""]}
    assert visible_ids(page) == matching_case_studies(selection)
    assert_counts(page, case_studies(), CASE_STUDY_FACETS, selection)


# --- 3. from the filters to the results ----------------------------------------------------


def tabs_to(page: Page, name: str, limit: int) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.textContent || '').trim()") == name:
            return presses
    raise AssertionError(f"{name!r} not reached in {limit} Tab presses")


def test_from_a_ticked_filter_to_the_first_result_in_a_few_tab_presses(phone: Page, site_url: str) -> None:
    open_browser(phone, site_url)
    panel = phone.locator("[data-browser-filters]")
    panel.locator("summary").click()
    expected = matching_resources({"organization": ["aft"]})
    top = panel.locator("[data-browser-done]").first
    expect(top).to_have_text(f"Show {len(resources())} resources")
    assert top.bounding_box()["y"] < panel.locator("[data-facet]").first.bounding_box()["y"]  # type: ignore[index]
    box = phone.get_by_role("checkbox", name="AFT")
    box.focus()
    phone.keyboard.press("Space")
    expect(box).to_be_checked()
    expect(top).to_have_text(f"Show {len(expected)} resources")  # live
    presses = tabs_to(phone, f"Show {len(expected)} resources", 4)
    phone.keyboard.press("Enter")
    expect(panel).not_to_have_attribute("open", "")
    first = phone.locator(VISIBLE).first
    assert first.get_attribute("data-record-id") == expected[0]
    expect(first.locator(".pri-card__title a")).to_be_focused()  # the first result
    expect(phone.locator("[data-browser-status]")).to_be_in_viewport()  # with the count above it
    assert presses <= 4, presses


def test_from_any_filter_value_to_the_results_in_a_few_tab_presses(phone: Page, site_url: str) -> None:
    """Not only after a tick: from a value in the middle of a long list, ticked or not, the
    way to the results is a Tab or two away, and it leads to the first result."""
    open_browser(phone, site_url)
    panel = phone.locator("[data-browser-filters]")
    panel.locator("summary").click()
    values = panel.locator('[data-facet="topic"] input')
    middle = values.nth(values.count() // 2)
    middle.focus()
    presses = tabs_to(phone, f"Show {len(resources())} resources", 4)
    phone.keyboard.press("Enter")
    first = phone.locator(VISIBLE).first
    assert first.get_attribute("data-record-id") == matching_resources({})[0]
    expect(first.locator(".pri-card__title a")).to_be_focused()
    assert presses <= 4, presses
    # Back in the panel, the same from a value of another facet, moving backwards too.
    panel.locator("summary").click()
    last = panel.locator('[data-facet="audience"] input').last
    last.focus()
    phone.keyboard.press("Shift+Tab")
    assert tabs_to(phone, f"Show {len(resources())} resources", 4) <= 4


def test_back_to_top_never_covers_the_filter_chips(phone: Page, site_url: str) -> None:
    open_browser(phone, site_url, query="organization=aft&topic=assessment")
    chips = phone.locator("[data-browser-chips] button")
    expect(chips).to_have_count(2)
    top = chips.first.evaluate("el => el.getBoundingClientRect().top + scrollY")
    phone.evaluate("y => scrollTo(0, y)", top - 70 + 500)  # after scrolling up: the chips under the header
    phone.mouse.move(200, 400)
    phone.mouse.wheel(0, -500)  # scrolling up brings Material's "Back to top" out
    pill = phone.locator(".md-top")
    expect(pill).to_be_visible()
    phone.wait_for_function("() => getComputedStyle(document.querySelector('.md-top')).opacity === '1'")
    expect(chips.first).to_be_in_viewport()
    pill_box = pill.bounding_box()
    assert pill_box is not None
    for chip in [*chips.all(), phone.locator("[data-browser-status]")]:
        box = chip.bounding_box()
        assert box is not None
        apart = (
            box["x"] + box["width"] <= pill_box["x"]
            or pill_box["x"] + pill_box["width"] <= box["x"]
            or box["y"] + box["height"] <= pill_box["y"]
            or pill_box["y"] + pill_box["height"] <= box["y"]
        )
        assert apart, (box, pill_box)


# --- 4. districts like mine ------------------------------------------------------------------


def closest(students: int, setting: str = "") -> list[str]:
    """The order by hand: the setting first (when given), then |log(enrollment / students)|,
    then the page's own order (by district name); districts without a figure last."""

    def key(item: tuple[int, Record]) -> tuple[int, float, int]:
        index, case = item
        other = 1 if setting and case.get("locale") != setting else 0
        enrolled = (case.get("enrollment") or {}).get("students")
        return other, abs(math.log(enrolled / students)) if enrolled else math.inf, index

    return [case["id"] for _, case in sorted(enumerate(case_studies()), key=key)]


def test_districts_like_yours_are_listed_closest_first(page: Page, site_url: str) -> None:
    open_browser(page, site_url, "case-studies/", "students=30000")
    assert visible_ids(page) == closest(30000)
    expect(page.locator("[data-browser-status]")).to_contain_text("closest to 30,000 students first")
    for card in page.locator(VISIBLE).all():
        case = next(c for c in case_studies() if c["id"] == card.get_attribute("data-record-id"))
        meta = card.locator(".pri-card__meta").first
        enrollment = case["enrollment"]
        year = "(undated figure)" if enrollment["year"] == "undated" else enrollment["year"]
        expect(meta).to_contain_text(f"{enrollment['students']:,} students")
        expect(meta).to_contain_text(year)
        expect(meta).to_contain_text(case["locale"].capitalize() if case.get("locale") else "Setting not recorded")

    open_browser(page, site_url, "case-studies/", "students=30000&setting=suburb")
    assert visible_ids(page) == closest(30000, "suburb")
    expect(page.get_by_label("Students in your district")).to_have_value("30000")
    expect(page.get_by_label("Setting")).to_have_value("suburb")

    # The form writes the same address.
    open_browser(page, site_url, "case-studies/")
    page.get_by_label("Students in your district").fill("8000")
    page.get_by_label("Setting").select_option("city")
    page.get_by_role("button", name="List closest first").click()
    page.wait_for_url("**/case-studies/?students=8000&setting=city")
    assert visible_ids(page) == closest(8000, "city")
    # Filters narrow the ranked list.
    page.locator('[data-facet="affiliation"] input[value="aft"]').check()
    ranked = closest(8000, "city")
    assert visible_ids(page) == [i for i in ranked if i in matching_case_studies({"affiliation": ["aft"]})]


def test_the_form_and_the_size_bands_work_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "case-studies/")
    page.get_by_label("Students in your district").fill("30000")
    page.get_by_role("button", name="List closest first").click()
    page.wait_for_url("**/case-studies/?students=30000&setting=")
    band = page.locator('[data-facet="size"] a[data-value="25000-99999"]')
    band.click()
    page.wait_for_url("**/case-studies/by-size/25000-99999/")
    ids = page.eval_on_selector_all("[data-record-id]", "items => items.map(li => li.dataset.recordId)")
    assert ids == matching_case_studies({"size": ["25000-99999"]})
    context.close()


# --- 5. a page that holds still --------------------------------------------------------------

CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


def throttled(context: BrowserContext, page: Page) -> None:
    """A mid-range phone on a slow 4G connection, as Lighthouse's mobile run has it."""
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 80_000},
    )


@pytest.mark.parametrize("path", ["", "resources/", "case-studies/", "resources/share-my-lesson/"])
def test_pages_hold_still_on_a_phone_cold_and_warm(browser: Browser, site_url: str, path: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    throttled(context, page)
    shifts = []
    for _visit in ("cold", "warm"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        if path in ("resources/", "case-studies/"):
            page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
        if path:
            page.wait_for_selector("[data-save]:not([hidden])", state="attached")  # shortlist.js has run
        shifts.append(page.evaluate(CLS))
    context.close()
    assert max(shifts) <= 0.1, shifts


# --- 6. small things ---------------------------------------------------------------------------


def test_newest_additions_newest_first_and_a_shared_date_said_once(page: Page, site_url: str) -> None:
    everything = [(str(r["added"]), r["title"], r["id"]) for r in resources()]
    everything += [(str(c["added"]), c["district"], c["id"]) for c in case_studies()]
    newest = sorted(everything, key=lambda item: item[1])
    newest = sorted(newest, key=lambda item: item[0], reverse=True)[:6]
    page.goto(site_url)
    items = page.locator("ul.pri-newest > li")
    assert items.evaluate_all("els => els.map(li => li.dataset.recordId)") == [item[2] for item in newest]
    dates = {item[0] for item in newest}
    if len(dates) == 1:
        expect(page.get_by_text(f"All added on {dates.pop()}.")).to_be_visible()
        assert "added" not in " ".join(items.all_text_contents())
    else:
        for item, text in zip(newest, items.all_text_contents(), strict=True):
            assert f"added {item[0]}" in text


def test_the_search_index_weighs_records_above_lists(site_dir: Path) -> None:
    docs = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    boost = {doc["location"]: doc.get("boost", 1) for doc in docs}
    records = [f"resources/{r['id']}/" for r in resources()] + [f"case-studies/{c['id']}/" for c in case_studies()]
    lists = [location for location in boost if location.split("/")[0] in ("topics", "audiences", "organizations")]
    lists = [location for location in lists if location.count("/") == 2 and "#" not in location]  # a term's page
    assert records and lists
    assert min(boost[r] for r in records) > max(boost[location] for location in lists)


def test_a_record_comes_before_the_lists_it_is_on_in_the_site_search(full_search: Page, site_url: str) -> None:
    page = full_search
    topics = {t["slug"]: t["label"] for t in taxonomy()["topics"]}
    record = next(r for r in resources() if any(topics[t].casefold() in r["title"].casefold() for t in r["topics"]))
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(record["title"])  # Material searches on keyup, once its worker is ready
    first = page.locator(".md-search-result__item a").first
    # The last search's results: the record's own page first (Material adds ?h=<the words>).
    expect(first).to_have_attribute("href", re.compile(re.escape(f"{site_url}resources/{record['id']}/") + r"(\?|$)"))


def test_only_a_test_that_asks_gets_the_whole_search_index(browser: Browser, site_url: str, site_dir: Path) -> None:
    # Guards the fixture above: the other pages' search has no documents (serving.py).
    built = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    context = browser.new_context()
    plain = context.request.get(site_url + "search/search_index.json").json()
    context.add_cookies([{**FULL_SEARCH_COOKIE, "url": site_url}])
    asked = context.request.get(site_url + "search/search_index.json").json()
    context.close()
    assert plain == {**built, "docs": []} and asked == built and len(built["docs"]) > 100


# --- 7 and 8. plain words, and a page people can read --------------------------------------------


def test_a_record_page_ends_with_a_section_for_contributors(page: Page, site_url: str) -> None:
    case = case_studies()[0]
    page.goto(site_url + f"case-studies/{case['id']}/")
    headings = page.locator("article h2").all_text_contents()
    assert headings[-1].strip().rstrip("¶").strip() == "For contributors", headings
    section = page.locator(".pri-record")
    expect(section).to_contain_text(f"data/case-studies/{case['id']}.yml")
    expect(section.get_by_role("link", name="how to suggest a change")).to_be_visible()
    assert "Record:" not in page.locator("article").inner_text()


def test_the_phone_views_read_well_and_fit(phone: Page, site_url: str) -> None:
    open_browser(phone, site_url, query="organization=aft")
    phone.locator("[data-browser-filters] summary").click()
    assert axe_violations(phone) == []
    assert overflow(phone) == {}
    open_browser(phone, site_url, "case-studies/", "students=30000&setting=suburb")
    visible_ids(phone)
    assert axe_violations(phone) == []
    assert overflow(phone) == {}
    for path in ("topics/", "organizations/"):
        phone.goto(site_url + path)
        counts = phone.locator("ul.pri-terms .pri-count").first
        assert counts.get_attribute("aria-label") is None
        expect(counts).to_contain_text("resource")  # the count's words, read out with the link
    phone.goto(site_url + "case-studies/by-size/25000-99999/")
    levels = phone.locator("article h1, article h2, article h3").evaluate_all("els => els.map(e => e.tagName)")
    assert all(int(b[1]) - int(a[1]) <= 1 for a, b in itertools.pairwise(levels)), levels
