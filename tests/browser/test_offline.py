"""The offline copy, in Chromium: after one visit the whole inventory works with no network.

The service worker (docs/sw.js), its manifest (macros/publishing/offline.py) and the footer line
(docs/javascripts/offline.js). Service workers need a secure context: http on 127.0.0.1
counts as one. The other browser tests block workers (conftest.BlockingWorkers); these
contexts allow them.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from axecheck import axe_violations
from helpers import ROOT
from pagelog import ConsoleLog
from playwright.sync_api import Browser, BrowserContext, Page, expect
from serving import FULL_SEARCH_COOKIE, QuietHandler, free_port, serve
from sitebuild import build, make_project

LINE = "[data-pri-offline]"
SAVED = '[data-pri-offline][data-state="saved"]'
CACHE_NAMES = "base => caches.keys().then(names => names.filter(n => n.startsWith('pri-offline ' + base + ' ')))"


def manifest(site: Path) -> dict:
    return json.loads((site / "offline-manifest.json").read_text(encoding="utf-8"))


def open_context(browser: Browser, **options: object) -> tuple[BrowserContext, Page, ConsoleLog]:
    """A context with service workers, given the whole search index wherever a server
    would leave it empty (serving.SearchOnRequestHandler): the copy saves it."""
    context = browser.new_context(service_workers="allow", **options)  # type: ignore[arg-type]
    context.add_cookies([{**FULL_SEARCH_COOKIE, "domain": "127.0.0.1", "path": "/"}])
    page = context.new_page()
    console = ConsoleLog()
    page.on("console", console)
    page.on("pageerror", lambda error: console.errors.append(f"pageerror: {error}"))
    return context, page, console


def wait_saved(page: Page, version: str | None = None) -> str:
    """Waits for the footer line (the copy is saved), of `version` if given; returns its text."""
    selector = SAVED + (f'[data-version="{version}"]' if version else "")
    page.wait_for_selector(selector, timeout=90_000)
    return page.locator(LINE + " [role=status]").inner_text()


def settle(page: Page) -> None:
    page.wait_for_load_state("load")
    for selector in ("[data-browser]", "[data-shortlist]", "[data-planning]"):
        if page.locator(selector).count():
            page.wait_for_selector(f'{selector}[data-state="ready"]', state="attached")


def document_loads(page: Page) -> int:
    """Documents loaded in this tab since the last full load: 1 while instant navigation
    swaps pages."""
    return page.evaluate("() => performance.getEntriesByType('navigation').length")


def search(page: Page, words: str, expected: str) -> None:
    """Searches with Material's dialog and waits for a result that holds `expected`
    (results of the first letters typed show first: the first result alone says nothing)."""
    # Material closes the search dialog 125 ms after any change of address (instant
    # navigation included): a click sooner after one opens a dialog that then closes.
    page.wait_for_timeout(300)
    opener = page.locator("label.md-header__button[for='__search']")
    if opener.is_visible():  # a phone: the search box opens from the header's button
        opener.click()
    box = page.locator("input.md-search__input")
    box.click()
    # Typed key by key: Material searches on keyup (and when its worker is ready), not
    # on the input event that fill() sends.
    box.press_sequentially(words)
    expect(page.locator("#__search")).to_be_checked()
    results = page.locator(".md-search-result__item")
    expect(results.filter(has_text=expected).first).to_be_visible(timeout=30_000)


class CountingHandler(QuietHandler):
    """Serves a site and records the paths asked for."""

    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        super().do_GET()


def serve_counting(folder: Path, port: int, prefix: str = "") -> tuple[http.server.ThreadingHTTPServer, list[str]]:
    """Serves `folder` at http://127.0.0.1:port/, or its `prefix` subfolder's site at a
    project path (the 404 page is that site's, as on GitHub Pages)."""
    requests: list[str] = []
    site = folder / prefix if prefix else folder

    class Handler(CountingHandler):
        def not_found_page(self) -> Path:
            return site / "404.html"

    Handler.requests = requests
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, requests


# --- one visit, then no network ------------------------------------------------------------------


def open_pages_never_visited(page: Page, site_url: str, site_dir: Path) -> None:
    """Offline: record pages, both browsers (filtering), the planning tools and the
    shortlist, none of them visited before."""
    page.goto(site_url + "resources/share-my-lesson/")
    expect(page.locator("h1")).to_contain_text("Share My Lesson")
    page.goto(site_url + "case-studies/toledo/")
    expect(page.locator("h1")).to_contain_text("Toledo")
    page.goto(site_url + "resources/?organization=aft")
    settle(page)
    shown = page.locator("[data-browser] [data-record-id]:not([hidden])")
    aft = shown.count()
    assert 0 < aft < len(json.loads((site_dir / "data/resources.json").read_text(encoding="utf-8"))["resources"])
    page.locator('[data-facet="organization"] input[value="nea"]').check()  # filtering works offline
    expect(shown).not_to_have_count(aft)
    page.goto(site_url + "case-studies/")
    settle(page)
    assert page.locator("[data-browser] [data-record-id]:not([hidden])").count() > 10

    # The planning tools and the shortlist keep their data in this browser.
    page.goto(site_url + "planning/action-plan/")
    settle(page)
    expect(page.locator('[data-planning="action-plan"]')).to_have_attribute("data-state", "ready")
    page.goto(site_url + "resources/nea-common-core-toolkit/")
    settle(page)
    page.locator('[data-save="resources/nea-common-core-toolkit"]').first.click()
    page.goto(site_url + "shortlist/")
    settle(page)
    assert page.eval_on_selector_all(
        "[data-shortlist-items] > li", "items => items.map(li => li.dataset.recordId)"
    ) == ["nea-common-core-toolkit"]


def navigate_instantly(page: Page, site_url: str) -> None:
    """Offline: Material's instant navigation fetches the pages, and the worker answers."""
    page.goto(site_url + "conference/")
    settle(page)
    page.locator(".md-tabs").get_by_role("link", name="Resources", exact=True).click()
    page.wait_for_url(site_url + "resources/")
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    page.locator(".md-tabs").get_by_role("link", name="Case studies", exact=True).click()
    page.wait_for_url(site_url + "case-studies/")
    page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
    page.get_by_role("link", name="Toledo Public Schools").first.click()
    page.wait_for_url(site_url + "case-studies/toledo/")
    expect(page.locator("h1")).to_contain_text("Toledo")
    page.locator(".md-tabs").get_by_role("link", name="Planning tools", exact=True).click()
    page.wait_for_url(site_url + "planning/")
    page.locator(".md-content").get_by_role("link", name=re.compile("action plan", re.I)).first.click()
    page.wait_for_url(site_url + "planning/action-plan/")
    page.wait_for_selector('[data-planning][data-state="ready"]', state="attached")
    assert document_loads(page) == 1, "instant navigation fell back to loading the page"


def test_after_one_visit_the_whole_inventory_works_offline(browser: Browser, site_url: str, site_dir: Path) -> None:
    files = manifest(site_dir)
    assert files["mode"] == "full" and files["size"] <= files["budget"]
    context, page, console = open_context(browser, viewport={"width": 1280, "height": 900})
    page.goto(site_url)
    assert wait_saved(page) == f"Available offline: {files['pages']} pages"
    assert files["pages"] > 100
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")
    assert page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.scope)") == site_url

    context.set_offline(True)
    assert page.evaluate("() => navigator.onLine") is False

    open_pages_never_visited(page, site_url, site_dir)
    navigate_instantly(page, site_url)

    # Material's search dialog, with its index and worker from the copy.
    search(page, "toledo", expected="Toledo")
    page.keyboard.press("Escape")

    # The palette toggle.
    scheme = page.evaluate("() => document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)

    # The footer line is on every page, instant navigation included; axe finds nothing
    # with it there, in the dark palette now (the light one: the next test).
    assert page.locator(LINE + " [role=status]").inner_text() == f"Available offline: {files['pages']} pages"
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    assert axe_violations(page, "dark") == []
    context.close()
    assert console.errors == []


def test_the_copy_can_be_removed_and_saved_again(browser: Browser, site_url: str) -> None:
    context, page, console = open_context(browser, viewport={"width": 390, "height": 844})
    page.goto(site_url + "coverage/")
    wait_saved(page)
    assert page.evaluate(CACHE_NAMES, site_url) != []
    assert axe_violations(page) == []  # on a phone, with the footer line and its button
    page.locator(LINE).get_by_role("button", name="Remove offline copy").click()
    expect(page.locator(LINE + " [role=status]")).to_have_text("Offline copy removed from this device.")
    assert page.evaluate(CACHE_NAMES, site_url) == []
    assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    # The choice holds on the next pages: nothing is saved again.
    page.goto(site_url + "conference/")
    page.wait_for_load_state("load")
    expect(page.locator(LINE + " [role=status]")).to_have_text("Not saved for offline use on this device.")
    page.wait_for_timeout(500)
    assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    # Until asked.
    page.locator(LINE).get_by_role("button", name="Save for offline use").click()
    wait_saved(page)
    context.close()
    assert console.errors == []


# --- a new deploy ---------------------------------------------------------------------------------


def test_a_new_deploy_shows_after_at_most_one_reload(browser: Browser, tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", ROOT / "data")
    site = tmp_path / "site"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result = build(project, site, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    before = manifest(site)
    server, requests = serve_counting(site, port)
    try:
        context, page, console = open_context(browser)
        page.goto(url + "resources/share-my-lesson/")
        assert wait_saved(page) == f"Available offline: {before['pages']} pages"
        context.set_offline(True)  # away from the network while the site is deployed again

        record = project / "data/resources/aft/share-my-lesson.yml"
        text = record.read_text(encoding="utf-8")
        record.write_text(
            text.replace('title: "Share My Lesson', 'title: "Share My Lesson, revised', 1), encoding="utf-8"
        )
        result = build(project, site, site_url=url)
        assert result.returncode == 0, result.stdout + result.stderr
        after = manifest(site)
        assert after["version"] != before["version"]
        changed = {f["url"] for f in after["files"]} ^ {f["url"] for f in before["files"]} | {
            f["url"] for f in after["files"] if f not in before["files"]
        }

        context.set_offline(False)
        requests.clear()
        page.goto(url + "resources/share-my-lesson/")
        wait_saved(page, after["version"])  # the new version is installed and in charge
        page.reload()
        expect(page.locator("h1")).to_contain_text("Share My Lesson, revised")
        # The old version's cache is gone; only what changed was downloaded again.
        assert page.evaluate(CACHE_NAMES, url) == [f"pri-offline {url} {after['version']}"]
        downloaded = {path.split("?")[0].lstrip("/") for path in requests}
        assert len(downloaded) < len(after["files"]) / 3, sorted(downloaded)
        assert "resources/share-my-lesson/" in changed
        # Offline again, the new content stays.
        context.set_offline(True)
        page.goto(url + "resources/")
        settle(page)
        expect(page.locator("[data-browser]")).to_contain_text("Share My Lesson, revised")
        context.close()
        assert console.errors == []
    finally:
        server.shutdown()


# --- under a project path ---------------------------------------------------------------------------


def test_under_a_project_path(browser: Browser, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/inventory/"
    result = build(ROOT, tmp_path / "root" / "inventory", site_url=base)
    assert result.returncode == 0, result.stdout + result.stderr
    (tmp_path / "root" / "index.html").write_text("<!doctype html><title>Another site</title><p>Not ours.", "utf-8")
    server, _requests = serve_counting(tmp_path / "root", port, prefix="inventory")
    try:
        context, page, console = open_context(browser)
        page.goto(base + "organizations/")
        wait_saved(page)
        assert page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.scope)") == base
        assert page.evaluate(CACHE_NAMES, base) == [
            f"pri-offline {base} {manifest(tmp_path / 'root/inventory')['version']}"
        ]
        context.set_offline(True)
        page.goto(base + "resources/share-my-lesson/")
        expect(page.locator("h1")).to_contain_text("Share My Lesson")
        page.locator(".md-tabs").get_by_role("link", name="Case studies", exact=True).click()
        page.wait_for_url(base + "case-studies/")
        page.wait_for_selector('[data-browser][data-state="ready"]', state="attached")
        assert document_loads(page) == 1
        search(page, "toledo", expected="Toledo")
        # The page outside the project path is not the worker's.
        context.set_offline(False)
        console.allow_missing_page = True  # that page has no favicon
        page.goto(f"http://127.0.0.1:{port}/")
        assert page.evaluate("() => navigator.serviceWorker.controller") is None
        context.close()
        assert console.errors == []
    finally:
        server.shutdown()


# --- over the budget: the core now, record pages as they are opened -----------------------------------


def test_over_the_budget_the_core_is_saved_and_records_as_they_are_opened(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path / "site"
    monkeypatch.setenv("PRI_OFFLINE_BUDGET", "100000")  # 100 kB: far less than the real site
    result = build(ROOT, site, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    files = manifest(site)
    assert files["mode"] == "core"
    core_pages = sum(1 for f in files["files"] if f["core"] and (f["url"] == "" or f["url"].endswith("/")))
    server, _requests = serve_counting(site, port)
    try:
        context, page, console = open_context(browser)
        page.goto(url)
        assert wait_saved(page) == f"Available offline: {core_pages} of {files['pages']} pages (the others once opened)"
        page.goto(url + "resources/share-my-lesson/")  # opened: saved too
        wait_saved(page)
        expect(page.locator(LINE + " [role=status]")).to_have_text(
            f"Available offline: {core_pages + 1} of {files['pages']} pages (the others once opened)"
        )
        context.set_offline(True)
        page.goto(url + "resources/")
        settle(page)
        page.goto(url + "resources/share-my-lesson/")
        expect(page.locator("h1")).to_contain_text("Share My Lesson")
        search(page, "toledo", expected="Toledo")
        # A record page never opened: the 404 page says it was not saved.
        console.allow_missing_page = True
        response = page.goto(url + "case-studies/toledo/")
        assert response is not None and response.status == 503
        expect(page.locator("h1")).to_have_text("Not saved for offline use")
        assert page.title().startswith("Not saved for offline use")
        assert axe_violations(page) == []
        # An address the site does not have is still "not found".
        response = page.goto(url + "no/such/page/")
        assert response is not None and response.status == 404
        expect(page.locator("h1")).to_have_text("Page not found")
        context.close()
        assert [e for e in console.errors if "503" not in e] == []
    finally:
        server.shutdown()


# --- `make serve`: no worker ---------------------------------------------------------------------------


@contextlib.contextmanager
def dev_server(port: int) -> Iterator[str]:
    """`mkdocs serve` on `port`, as `make serve` runs it."""
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail("mkdocs serve did not start:\n" + (process.stdout.read() if process.stdout else ""))
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def registrations(page: Page) -> int:
    return page.evaluate("() => navigator.serviceWorker.getRegistrations().then(r => r.length)")


def test_the_development_server_registers_no_worker(browser: Browser, site_dir: Path) -> None:
    # A copy saved from a build served at the address `make serve` uses next.
    port = free_port()
    server = serve(site_dir, port)
    context, page, console = open_context(browser)
    page.goto(f"http://127.0.0.1:{port}/topics/")
    wait_saved(page)
    server.shutdown()
    server.server_close()

    with dev_server(port) as url:
        # The earlier build's worker finds the development server's worker, which removes
        # it and its copy, and reloads the page from the server.
        page.goto(url + "topics/")
        page.wait_for_function("() => navigator.serviceWorker.getRegistrations().then(r => r.length === 0)")
        page.wait_for_function("() => document.querySelector('#pri-site:not([data-offline])')")
        assert page.evaluate(CACHE_NAMES, url) == []
        context.close()

        # A first visit registers nothing.
        context, page, console = open_context(browser)
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.locator("#pri-site").get_attribute("data-offline") is None
        assert page.evaluate("() => typeof window.PRI") == "object"
        page.wait_for_timeout(1000)
        assert registrations(page) == 0
        assert page.locator(LINE).count() == 0
        # No manifest; the worker at the address is the one that removes itself.
        assert page.request.get(url + "offline-manifest.json").status == 404
        assert '{"version": null}' in page.request.get(url + "sw.js").text()
        assert "livereload" in page.content()  # live reload is in place
        context.close()
        assert console.errors == []
