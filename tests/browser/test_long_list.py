"""A long list in a filter browser: the first cards are elements of the page, the others
wait in a <noscript> (macros/publishing/partials.py, record_cards), so that the page's start-up work
does not grow with the inventory. With JavaScript, the browser reads them from there and
shows them when they match; without it, every card is listed as usual.

The site is built on 230 synthetic resources (scripts/bench.py makes them); what the
page should show is worked out here from the YAML files, not from the site's code."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect
from serving import free_port, serve
from sitebuild import build, make_project

from scripts.bench import synthetic_data

COUNT = 230
PAGE = 100  # macros/publishing/partials.py, BROWSER_PAGE
SHOWN = "[data-browser] ul.pri-cards > li[data-record-id]:not([hidden])"


# The tests of this file share what a module fixture builds: with `--dist loadgroup`
# (make test), one worker runs them all.
pytestmark = pytest.mark.xdist_group("test_long_list")


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("long-list")
    project = make_project(root / "project", synthetic_data(root / "data-source", COUNT))
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result = build(project, root / "site", site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(root / "site", port)
    yield url, project / "data"
    server.shutdown()


def records(data: Path) -> list[dict]:
    found = [
        yaml.safe_load(path.read_text(encoding="utf-8")) | {"id": path.stem} for path in data.glob("resources/*/*.yml")
    ]
    return sorted(found, key=lambda record: record["title"].casefold())


def shown_ids(page: Page) -> list[str]:
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    return page.eval_on_selector_all(SHOWN, "items => items.map(li => li.dataset.recordId)")


def status(page: Page) -> str:
    return page.locator("[data-browser-status]").inner_text()


def test_the_page_lists_the_first_cards_and_keeps_the_others_as_text(long_site: tuple[str, Path]) -> None:
    url, _ = long_site
    html = urllib.request.urlopen(url + "resources/").read().decode("utf-8")
    listed, _, waiting = html.partition("<noscript data-browser-rest>")
    waiting = waiting.split("</noscript>")[0]
    assert listed.count("data-record-id=") == PAGE
    assert waiting.count("data-record-id=") == COUNT - PAGE
    assert 'data-batch="100"' in html


def test_without_javascript_every_card_is_listed(long_site: tuple[str, Path], browser: Browser) -> None:
    url, data = long_site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "resources/")
    visible = page.locator("ul.pri-cards > li[data-record-id]").evaluate_all(
        "items => items.filter(li => li.getClientRects().length > 0).map(li => li.dataset.recordId)"
    )
    context.close()
    assert visible == [record["id"] for record in records(data)]


def test_with_javascript_the_waiting_cards_are_filtered_and_shown(long_site: tuple[str, Path], page: Page) -> None:
    url, data = long_site
    everything = records(data)
    page.goto(url + "resources/")
    assert shown_ids(page) == [record["id"] for record in everything[:PAGE]]
    expect(page.locator("[data-browser-status]")).to_have_text(
        f"{COUNT} of {COUNT} resources (showing the first {PAGE})"
    )
    expect(page.locator("noscript")).to_have_count(0)
    # A record that was waiting in the <noscript>, found by the three-digit number of its
    # title ("Synthetic 199: …"), which no other card holds (there are 230).
    waiting = next(r for r in everything[PAGE:] if re.match(r"Synthetic \d{3}:", r["title"]))
    number = re.match(r"Synthetic (\d+):", waiting["title"]).group(1)
    page.locator("[data-browser-text]").fill(number + ":")
    expect(page.locator(SHOWN)).to_have_count(1)
    assert shown_ids(page) == [waiting["id"]]
    # A facet counts the waiting cards too.
    page.locator("[data-browser-clear]").first.click()
    organization = everything[-1]["organization"]
    theirs = [r["id"] for r in everything if r["organization"] == organization]
    option = page.locator(f'[data-facet="organization"] input[value="{organization}"]')
    expect(option.locator("xpath=..").locator(".pri-count")).to_have_text(str(len(theirs)))
    option.check()
    expect(page.locator(SHOWN)).to_have_count(len(theirs))
    assert shown_ids(page) == theirs


def test_show_more_adds_a_page_of_cards_at_a_time(long_site: tuple[str, Path], page: Page) -> None:
    url, data = long_site
    everything = [record["id"] for record in records(data)]
    page.goto(url + "resources/")
    more = page.locator("[data-browser-more]")
    expect(more).to_have_text(f"Show {PAGE} more")
    more.click()
    expect(page.locator(SHOWN)).to_have_count(2 * PAGE)
    expect(more).to_have_text(f"Show {COUNT - 2 * PAGE} more")
    # The cards are placed over a few animation frames: the button moves meanwhile.
    expect(page.locator("[data-browser]")).to_have_attribute("data-state", "ready")
    more.click()
    expect(page.locator(SHOWN)).to_have_count(COUNT)
    expect(more).to_be_hidden()
    assert shown_ids(page) == everything
    expect(page.locator("[data-browser-status]")).to_have_text(f"{COUNT} of {COUNT} resources")


def test_after_instant_navigation_too(long_site: tuple[str, Path], page: Page) -> None:
    """Material parses a page it fetches with scripting off: the <noscript> then arrives
    holding elements, which the browser takes as they are."""
    url, data = long_site
    everything = [record["id"] for record in records(data)]
    page.goto(url + "resources/" + everything[0] + "/")
    page.wait_for_load_state("load")
    page.locator(".md-tabs").get_by_role("link", name="Resources", exact=True).click()
    page.wait_for_url(url + "resources/")
    assert shown_ids(page) == everything[:PAGE]
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    page.locator("[data-browser-more]").click()
    page.locator("[data-browser-more]").click()
    expect(page.locator(SHOWN)).to_have_count(COUNT)
    assert shown_ids(page) == everything


def test_when_the_filters_cannot_load_the_page_says_so(long_site: tuple[str, Path], page: Page) -> None:
    url, _ = long_site
    page.route("**/javascripts/browser*.js", lambda route: route.abort())
    page.goto(url + "resources/")
    message = page.locator("[data-browser-partial]")
    expect(message).to_be_visible()
    expect(message).to_contain_text(f"only the first {PAGE} of {COUNT} resources are listed")
    assert page.locator("ul.pri-cards > li[data-record-id]").count() == PAGE
    log = page.console_log.errors  # type: ignore[attr-defined]
    log[:] = [line for line in log if "net::ERR_FAILED" not in line]  # the two scripts refused above
