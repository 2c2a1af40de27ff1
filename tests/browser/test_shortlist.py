"""The shortlist, in Chromium: save from lists and pages, the count, share and print."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

from expected import read_text, resources
from playwright.sync_api import Browser, Page, expect


def shortlist_ids(page: Page) -> list[str]:
    page.wait_for_selector('[data-shortlist][data-state="ready"]', state="attached")
    return page.eval_on_selector_all("[data-shortlist-items] > li", "items => items.map(li => li.dataset.recordId)")


def save_button(page: Page, key: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-save="{key}"]').first


def shortlist_tab(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".md-tabs a.md-tabs__link", has_text="Shortlist")


def test_save_from_a_list_and_a_page_then_share(page: Page, browser: Browser, site_url: str) -> None:
    page.goto(site_url + "resources/")
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    save = save_button(page, "resources/nea-common-core-toolkit")
    expect(save).to_have_accessible_name("Save to shortlist: NEA Common Core State Standards Toolkit")
    expect(save).to_have_attribute("aria-pressed", "false")
    expect(save).to_have_text("Save to shortlist: NEA Common Core State Standards Toolkit")  # "Save" shows
    save.click()
    # A saved item's button says so, in words and in its state.
    expect(save).to_have_attribute("aria-pressed", "true")
    expect(save.locator("[data-save-text]")).to_have_text("Saved")
    expect(save).to_have_accessible_name("Saved to shortlist: NEA Common Core State Standards Toolkit")
    # The count beside the tab: set apart from the word, and named.
    expect(shortlist_tab(page)).to_have_accessible_name("Shortlist 1 saved")

    page.goto(site_url + "case-studies/toledo/")
    save_button(page, "case-studies/toledo").click()
    expect(shortlist_tab(page)).to_have_accessible_name("Shortlist 2 saved")

    page.goto(site_url + "shortlist/")
    assert shortlist_ids(page) == ["nea-common-core-toolkit", "toledo"]
    expect(page.locator("h1")).to_have_text(re.compile(r"^Your shortlist\b"))
    expect(page.locator("[data-shortlist-status]")).to_have_text("Your shortlist: 2 items.")
    expect(page.locator(".pri-shortlist__meta").first).to_have_text("NEA · Toolkit · 2013")  # labels, not slugs
    expect(page.locator(".pri-shortlist__meta").nth(1)).to_contain_text("Ohio ·")  # the state's name
    expect(page.locator("[data-shortlist-empty]")).to_be_hidden()

    page.get_by_role("button", name="Share", exact=True).click()
    link = page.locator("[data-shortlist-link]").input_value()
    assert parse_qs(urlparse(link).query) == {"ids": ["resources/nea-common-core-toolkit,case-studies/toledo"]}

    # The link reproduces the list in a fresh browser, without touching that browser's own list.
    other = browser.new_context()
    fresh = other.new_page()
    fresh.goto(link)
    assert shortlist_ids(fresh) == ["nea-common-core-toolkit", "toledo"]
    expect(fresh.locator("h1")).to_have_text(re.compile(r"^Shared shortlist\b"))
    assert fresh.title().startswith("Shared shortlist")
    expect(fresh.locator("[data-shortlist-status]")).to_have_text("A shared shortlist: 2 items.")
    expect(fresh.locator("[data-shortlist-missing]")).to_be_hidden()
    assert fresh.evaluate("() => localStorage.getItem('pri-shortlist:v1')") is None
    fresh.get_by_role("button", name="Save these to my shortlist").click()
    assert fresh.evaluate("() => JSON.parse(localStorage.getItem('pri-shortlist:v1'))") == [
        "resources/nea-common-core-toolkit",
        "case-studies/toledo",
    ]
    other.close()

    # Unsaving from the page removes it from the shortlist.
    page.goto(site_url + "resources/nea-common-core-toolkit/")
    expect(save_button(page, "resources/nea-common-core-toolkit")).to_have_attribute("aria-pressed", "true")
    save_button(page, "resources/nea-common-core-toolkit").click()
    expect(save_button(page, "resources/nea-common-core-toolkit").locator("[data-save-text]")).to_have_text("Save")
    page.goto(site_url + "shortlist/")
    assert shortlist_ids(page) == ["toledo"]
    page.get_by_role("button", name="Remove from shortlist: Toledo Public Schools").click()
    assert shortlist_ids(page) == []
    expect(page.locator("[data-shortlist-status]")).to_contain_text("empty")
    expect(shortlist_tab(page)).to_have_accessible_name("Shortlist")


def test_the_empty_shortlist_links_onward(page: Page, site_url: str) -> None:
    page.goto(site_url + "shortlist/")
    assert shortlist_ids(page) == []
    empty = page.locator("[data-shortlist-empty]")
    expect(empty).to_be_visible()
    expect(empty.get_by_role("link", name="planning resources")).to_be_visible()
    empty.get_by_role("link", name="case studies").click()
    page.wait_for_selector(".pri-browser--enhanced")
    assert page.url == site_url + "case-studies/"


def test_a_share_link_names_the_ids_it_does_not_find(page: Page, site_url: str) -> None:
    page.goto(site_url + "shortlist/?ids=resources/share-my-lesson,resources/no-such-thing,case-studies/nowhere")
    assert shortlist_ids(page) == ["share-my-lesson"]
    expect(page.locator("h1")).to_have_text(re.compile(r"^Shared shortlist\b"))
    expect(page.locator("[data-shortlist-missing]")).to_have_text(
        "Not found: resources/no-such-thing, case-studies/nowhere."
    )


HOSTILE_IDS = [
    "resources/share-my-lesson",
    "<script>window.__ran=1</script>",
    '"><img src=x onerror="window.__ran=2">',
    "<img src=x onerror=window.__ran=3>",
    'resources/x" onmouseover="window.__ran=4',
    "javascript:window.__ran=5",
    "../../etc/passwd",
    "constructor",
    "__proto__",
    "resources/constructor",
    "resources/__proto__",
    "case-studies/toString",
    "__proto__/polluted",  # a store of plain objects, kind -> id -> true, would set Object.prototype.polluted
    "constructor/polluted",
    "resources/share-my-lesson",  # repeated
    "resources/share-my-lesson",
    "case-studies/toledo",
    "case-studies/nope",
]


def hostile_link(site_url: str, ids: list[str]) -> str:
    return site_url + "shortlist/?ids=" + quote(",".join(ids), safe="/,")


def test_the_hostile_ids_would_pollute_a_store_of_plain_objects(page: Page) -> None:
    """Guards the check below: the list holds ids that a naive store (nested plain
    objects, kind -> id) turns into a polluted Object.prototype."""
    page.set_content("<p>naive store</p>")
    polluted = page.evaluate(
        """(ids) => { const store = {}; for (const entry of ids) { const [kind, id] = entry.split("/");
           if (id === undefined) continue; (store[kind] = store[kind] || {})[id] = true; }
           return Object.prototype.polluted === true; }""",
        HOSTILE_IDS,
    )
    assert polluted


def assert_nothing_ran_and_the_page_works(page: Page) -> None:
    assert page.evaluate("() => window.__ran") is None
    assert page.locator("[data-shortlist] script, [data-shortlist] img, main img").count() == 0
    assert page.evaluate("() => Object.prototype.polluted === undefined && typeof ({}).constructor === 'function'")
    # Still usable: the buttons work and the list can be adopted.
    page.get_by_role("button", name="Share", exact=True).click()
    link = page.locator("[data-shortlist-link]").input_value()
    assert parse_qs(urlparse(link).query)["ids"] == [",".join(f"{k}/{i}" for k, i in found(page))]
    page.get_by_role("button", name="Save these to my shortlist").click()
    expect(page.locator("[data-shortlist-status]")).to_contain_text("Saved to your shortlist")


def found(page: Page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "[data-shortlist-items] > li", "items => items.map(li => [li.dataset.kind, li.dataset.recordId])"
    )


def test_a_hostile_share_link_runs_nothing_and_stays_usable(page: Page, site_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_link(site_url, HOSTILE_IDS))
    assert shortlist_ids(page) == ["share-my-lesson", "toledo"]  # each once
    missing = page.locator("[data-shortlist-missing]")
    expect(missing).to_contain_text(
        'Not found: <script>window.__ran=1</script>, "><img src=x onerror="window.__ran=2">'
    )
    expect(missing).to_contain_text("<img src=x onerror=window.__ran=3>")  # shown as text
    expect(missing).to_contain_text("constructor, __proto__, resources/constructor")
    expect(missing).to_contain_text(" and 4 more.")  # beyond the first ten: counted
    assert missing.evaluate("el => el.children.length") == 0
    page.mouse.move(10, 10)
    page.mouse.move(300, 400)
    assert_nothing_ran_and_the_page_works(page)
    assert dialogs == []


def test_thousands_of_ids_are_counted_not_listed(page: Page, site_url: str) -> None:
    # As many as an address can carry here (the test server refuses lines over 64 KB).
    ids = ["resources/share-my-lesson"] + [f"resources/made-up-{n}" for n in range(2400)]
    ids += ["resources/share-my-lesson"] * 100 + ["__proto__"] * 50
    page.goto(hostile_link(site_url, ids))
    assert shortlist_ids(page) == ["share-my-lesson"]
    text = page.locator("[data-shortlist-missing]").text_content() or ""
    assert text.startswith("Not found: resources/made-up-0, resources/made-up-1,")
    assert text.endswith(" and 2,391 more."), text  # 2,400 made up and __proto__, less the ten named
    assert len(text) < 600
    assert_nothing_ran_and_the_page_works(page)


def test_the_handout_prints_with_a_header_and_addresses(page: Page, site_url: str) -> None:
    page.goto(site_url + "shortlist/?ids=resources/share-my-lesson,case-studies/toledo")
    assert shortlist_ids(page) == ["share-my-lesson", "toledo"]
    header = page.locator(".pri-print-header")
    expect(header).to_be_hidden()  # on screen
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", "[data-shortlist-actions]"):
        assert page.locator(selector).first.is_hidden(), selector
    expect(page.locator("[data-shortlist-items] > li").first).to_be_visible()
    # The header: the site's name, the date, and the address that opens this list.
    expect(header).to_be_visible()
    expect(header).to_contain_text("Planning Resource Inventory")
    date = page.evaluate(
        "() => new Date().toLocaleDateString('en-US', {year: 'numeric', month: 'long', day: 'numeric'})"
    )
    expect(header).to_contain_text(date)
    expect(header).to_contain_text(site_url + "shortlist/?ids=resources/share-my-lesson,case-studies/toledo")
    # Each item's address in the inventory.
    pages = page.locator(".pri-shortlist__page")
    expect(pages).to_have_text(
        [
            f"In the inventory: {site_url}resources/share-my-lesson/",
            f"In the inventory: {site_url}case-studies/toledo/",
        ]
    )
    expect(pages.first).to_be_visible()
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")


def test_each_saved_resource_says_where_it_can_be_read(page: Page, site_url: str) -> None:
    """The list and its printed handout say whether and where each resource can be read, as
    its card does; the address printed is the best way, a look-up for a gone address."""
    live = next(r for r in resources() if r.get("url") and not r.get("url_status"))
    gone = next(r for r in resources() if r.get("url_status"))
    unknown = next(r for r in resources() if read_text(r) == "No copy known")
    ids = ",".join(f"resources/{r['id']}" for r in (live, gone, unknown))
    page.goto(site_url + f"shortlist/?ids={ids}")
    assert shortlist_ids(page) == [live["id"], gone["id"], unknown["id"]]
    lines = page.locator(".pri-shortlist__read")
    expect(lines).to_have_text([read_text(live), read_text(gone), "No copy known"])
    addresses = page.locator(".pri-shortlist__url")
    lookup = f"https://web.archive.org/web/{gone.get('year') or '*'}/{gone['url']}"
    expect(addresses).to_have_text([live["url"], lookup])  # nothing printed where nothing is known
    page.emulate_media(media="print")
    expect(lines.first).to_be_visible()


def test_share_uses_the_phones_share_sheet(browser: Browser, site_url: str) -> None:
    """Where the browser has a share sheet (a phone), "Share" opens it with the link."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script("navigator.share = data => { window.__shared = data; return Promise.resolve(); };")
    page = context.new_page()
    page.goto(site_url + "shortlist/?ids=resources/share-my-lesson,case-studies/toledo")
    assert shortlist_ids(page) == ["share-my-lesson", "toledo"]
    page.get_by_role("button", name="Share", exact=True).click()
    page.wait_for_function("() => window.__shared !== undefined")
    shared = page.evaluate("() => window.__shared")
    assert shared["url"] == site_url + "shortlist/?ids=resources/share-my-lesson,case-studies/toledo"
    assert shared["title"] == "Shortlist"
    expect(page.locator("[data-shortlist-link]")).to_have_value(shared["url"])  # the link shows too
    context.close()


def test_the_count_shows_in_the_phones_header(browser: Browser, site_url: str) -> None:
    """At 390 px the tabs are hidden: the header carries the shortlist's link and count,
    through instant navigation too, and nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + "case-studies/toledo/")
    header_link = page.locator(".md-header a.pri-header-shortlist")
    expect(header_link).to_be_visible()
    expect(header_link).to_have_accessible_name("Shortlist")
    save_button(page, "case-studies/toledo").click()
    expect(header_link).to_have_accessible_name("Shortlist 1 saved")
    expect(header_link.locator(".pri-shortlist-count__number")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    header_link.click()
    page.wait_for_url(site_url + "shortlist/")
    assert shortlist_ids(page) == ["toledo"]
    expect(page.locator(".md-header a.pri-header-shortlist")).to_have_count(1)
    expect(page.locator(".md-header a.pri-header-shortlist")).to_have_accessible_name("Shortlist 1 saved")
    context.close()


def test_no_header_link_where_the_tabs_show(page: Page, site_url: str) -> None:
    page.goto(site_url + "resources/")
    expect(page.locator(".md-header a.pri-header-shortlist")).to_be_hidden()
    expect(shortlist_tab(page)).to_be_visible()


def test_when_the_page_script_cannot_load_the_page_says_so(page: Page, site_url: str) -> None:
    # shortlist-page.js is added by loader.js on /shortlist/ only: offline and not saved,
    # the page says it could not load, and the Save buttons elsewhere still work.
    page.route("**/javascripts/shortlist-page.js", lambda route: route.abort())
    page.goto(site_url + "shortlist/")
    expect(page.locator("[data-shortlist-unloaded]")).to_be_visible()
    expect(page.locator("[data-shortlist-unloaded]")).to_contain_text("could not load")
    expect(page.locator("[data-shortlist-actions]")).to_be_hidden()
    log = page.console_log.errors  # type: ignore[attr-defined]
    log[:] = [line for line in log if "net::ERR_FAILED" not in line]  # the script refused above
    page.goto(site_url + "resources/share-my-lesson/")
    page.locator("[data-save]").first.click()
    expect(page.locator("[data-save]").first).to_have_attribute("aria-pressed", "true")
