"""What other sites and machines get, in Chromium. The embeddable lists: shown at 390 px
in an iframe of a page served from another origin, as another site would embed them. No
horizontal scroll, every item links back to the inventory (in the embedding window), no
request leaves the two local servers, and axe-core finds no violation. And a record page's
JSON-LD and link previews, which follow Material's instant navigation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axecheck import axe_violations
from helpers import ROOT
from playwright.sync_api import Browser, Page
from serving import free_port, serve

from macros.checking.loader import load_inventory
from macros.model.records import Inventory
from macros.publishing.render import paged_vocabularies

PHONE = {"width": 390, "height": 844}


@cache
def inventory() -> Inventory:
    loaded = load_inventory(ROOT / "data").inventory
    assert loaded is not None
    return loaded


def embed_paths() -> list[str]:
    inv = inventory()
    paths = [f"embed/organizations/{slug}/" for slug in inv.organizations]
    paths += [
        f"embed/{vocabulary}/{slug}/" for vocabulary in paged_vocabularies(inv) for slug in inv.taxonomy[vocabulary]
    ]
    return paths


# The tests of this file share what a module fixture builds: with `--dist loadgroup`
# (make test), one worker runs them all.
pytestmark = pytest.mark.xdist_group("test_embed")


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Another site (another origin: its own port), where the tests write embedding pages."""
    folder = tmp_path_factory.mktemp("embedding-site")
    port = free_port()
    server = serve(folder, port)
    yield f"http://127.0.0.1:{port}/", folder
    server.shutdown()


def snippet_of(page: Page, site_url: str, slug: str) -> str:
    page.goto(f"{site_url}organizations/{slug}/")
    return page.locator("#embed ~ pre code").first.inner_text()


def embedding_page(folder: Path, name: str, snippet: str) -> None:
    (folder / name).write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><link rel='icon' href='data:,'>"
        "<title>A district's page</title></head>"
        f"<body><h1>Our district</h1><p>Resources from our partners:</p>{snippet}</body></html>",
        encoding="utf-8",
    )


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert errors == [], "the browser console reported problems (a Content-Security-Policy refusal, …)"


@pytest.mark.parametrize("slug", ["aft", "nea"])
def test_an_embedded_list_in_an_iframe_at_390_px(
    phone: Page, site_url: str, other_site: tuple[str, Path], slug: str
) -> None:
    # The snippet the organization's page gives, pasted into a page of the other site.
    snippet = snippet_of(phone, site_url, slug)
    assert snippet.startswith(f'<iframe src="{site_url}embed/organizations/{slug}/"')
    other_url, folder = other_site
    embedding_page(folder, f"{slug}.html", snippet)
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.goto(f"{other_url}{slug}.html")
    frame = phone.frame_locator("iframe")
    frame.locator("main").wait_for()
    inner = next(f for f in phone.frames if f.url.startswith(f"{site_url}embed/"))
    inner.wait_for_load_state("load")
    # The stylesheet applied (its own file), and nothing is wider than the iframe.
    assert inner.evaluate("() => getComputedStyle(document.body).margin") == "0px"
    width = inner.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"horizontal scroll inside the iframe: {width}"
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert inner.evaluate("() => document.scripts.length") == 0
    # Every item links back to the inventory, opening in the embedding window.
    inv = inventory()
    expected = {f"{site_url}{r.page_url}" for r in inv.resources_by_organization.get(slug, [])}
    items = inner.eval_on_selector_all(
        "li a", "links => links.map(a => [a.href, a.target, a.getBoundingClientRect().right])"
    )
    assert {href for href, _, _ in items} == expected
    assert all(target == "_top" for _, target, _ in items)
    assert all(right <= width[1] for _, _, right in items)
    hosts = {urlsplit(url).netloc for url in requests}
    assert hosts <= {urlsplit(other_url).netloc, urlsplit(site_url).netloc}, f"a request to another host: {hosts}"
    # Following an item replaces the embedding page with the record's page.
    first = sorted(expected)[0]
    inner.locator(f'li a[href="{first}"]').click()
    phone.wait_for_url(first)
    assert phone.url == first


def test_every_embedded_list_fits_390_px(phone: Page, site_url: str) -> None:
    paths = embed_paths()
    assert len(paths) > 20
    for path in paths:
        phone.goto(site_url + path)
        width = phone.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], (path, width)
        assert phone.evaluate("() => document.styleSheets.length") == 1, path


@pytest.mark.parametrize("path", ["embed/organizations/aft/", "embed/topics/family-engagement/"])
def test_no_axe_violations_on_an_embedded_list(browser: Browser, site_url: str, path: str) -> None:
    # The embed page's Content-Security-Policy refuses every script: axe is injected with
    # the policy bypassed, as a test tool (the page itself still has no script).
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + path)
    violations = axe_violations(page)
    context.close()
    assert violations == []


def head_description(page: Page) -> dict:
    """What the document's head says now: its JSON-LD (parsed) and its preview tags."""
    return page.evaluate(
        """() => ({
            ld: [...document.head.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent),
            meta: Object.fromEntries(
                [...document.head.querySelectorAll('meta[property^="og:"], meta[name^="twitter:"]')]
                    .map(m => [m.getAttribute('property') || m.getAttribute('name'), m.content])),
            inBody: document.body.querySelectorAll('script[type="application/ld+json"]').length,
        })"""
    )


def test_json_ld_and_previews_follow_instant_navigation(browser: Browser, site_url: str) -> None:
    """After a click, Material swaps the page without loading a new document: the head's
    JSON-LD and link previews must describe the new page, not the first one."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}resources/share-my-lesson/")
    first = head_description(page)
    assert [json.loads(ld)["url"] for ld in first["ld"]] == [f"{site_url}resources/share-my-lesson/"]
    page.evaluate("() => { window.priSameDocument = true; }")
    target = inventory().resource_by_id["nea-common-core-toolkit"]
    page.locator(f'#related ~ * a[href$="resources/{target.id}/"]').first.click()
    page.wait_for_url(f"{site_url}resources/{target.id}/")
    page.wait_for_function("title => document.title.startsWith(title)", arg=target.title)
    assert page.evaluate("() => window.priSameDocument === true"), "not an instant navigation"
    now = head_description(page)
    (ld,) = now["ld"]
    data = json.loads(ld)
    assert (data["@type"], data["name"], data["url"]) == (
        "LearningResource",
        target.title,
        f"{site_url}resources/{target.id}/",
    )
    assert now["meta"]["og:title"] == now["meta"]["twitter:title"] == target.title
    assert now["meta"]["og:url"] == f"{site_url}resources/{target.id}/"
    assert now["inBody"] == 0
    # A hand-written page has previews and no JSON-LD: the record's is gone.
    page.locator('a[href$="open-data/"]').first.click()
    page.wait_for_url(f"{site_url}open-data/")
    page.wait_for_function("() => document.title.startsWith('Open data')")
    assert page.evaluate("() => window.priSameDocument === true")
    last = head_description(page)
    assert last["ld"] == [] and last["meta"]["og:title"] == "Open data"
    assert last["meta"]["og:url"] == f"{site_url}open-data/"
    context.close()
    assert errors == []
