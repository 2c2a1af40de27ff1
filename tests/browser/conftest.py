"""Browser tests: Playwright driving Chromium against the real site, served on loopback.

Chromium is required, never skipped: `make test` installs Debian's package where it can
(see the Makefile). Set PRI_CHROMIUM to use another binary.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from helpers import ROOT
from pagelog import ConsoleLog
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from serving import CHROMIUM_ARGS, FULL_SEARCH_COOKIE, chromium_path, free_port, serve
from sitebuild import build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real site, built for the address it is served at: (address, folder)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path_factory.mktemp("browser-site") / "site"
    result = build(ROOT, site, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(site, port, search="on-request")
    yield url, site
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: tuple[str, Path]) -> str:
    return built_site[0]


@pytest.fixture(scope="session")
def site_dir(built_site: tuple[str, Path]) -> Path:
    return built_site[1]


# Pages then see a browser without service workers (docs/javascripts/offline.js does
# nothing), rather than Playwright's blocked registration, which warns on the console.
NO_WORKERS = "delete Navigator.prototype.serviceWorker;"


class BlockingWorkers:
    """The launched Chromium, whose new contexts and pages have no service workers unless
    a test asks for them (`service_workers="allow"`, as tests/browser/test_offline.py
    does). Without this, every test's first page would register the offline copy's
    worker, which downloads the whole site in the background, and the pages it serves are
    out of page.route's reach."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> BrowserContext:
        blocked = options.setdefault("service_workers", "block") == "block"
        context = self._browser.new_context(**options)
        if blocked:
            context.add_init_script(NO_WORKERS)
        return context

    def new_page(self, **options: Any) -> Page:
        blocked = options.setdefault("service_workers", "block") == "block"
        page = self._browser.new_page(**options)
        if blocked:
            page.context.add_init_script(NO_WORKERS)
        return page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    path = chromium_path()
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as error:  # any launch failure gets the same advice
            pytest.fail(
                f"Chromium could not be started ({path or 'no chromium on PATH'}): {error}\n"
                "Run `make test`, which installs it (Debian: apt-get install chromium), "
                "or set PRI_CHROMIUM to a Chromium binary.",
                pytrace=False,
            )
        yield cast(Browser, BlockingWorkers(launched))
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console = ConsoleLog()
    page.on("console", console)
    page.on("pageerror", lambda error: console.errors.append(f"pageerror: {error}"))
    page.console_log = console  # type: ignore[attr-defined]
    yield page
    context.close()
    assert console.errors == [], "the browser console reported problems"


@pytest.fixture
def full_search(page: Page, site_url: str) -> Page:
    """The page, given Material's whole search index: without this fixture, pages of the
    real site get the index with no documents (serving.SearchOnRequestHandler)."""
    page.context.add_cookies([{**FULL_SEARCH_COOKIE, "url": site_url}])
    return page


@pytest.fixture
def phones(browser: Browser) -> Iterator[tuple[Page, Page]]:
    """Two phones (the planning tools' team tests), each with its own storage; neither console may report a problem."""
    errors: list[str] = []
    contexts: list[BrowserContext] = []
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, has_touch=True)
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        contexts.append(context)
        pages.append(page)
    yield pages[0], pages[1]
    for context in contexts:
        context.close()
    assert errors == [], "a browser console reported problems"
