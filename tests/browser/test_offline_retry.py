"""The offline copy when the server keeps failing one file (docs/sw.js), in Chromium.

- A failed install keeps what it saved and waits before the next try, longer each time
  (counted in the version's cache, across page loads): page loads meanwhile do not
  download the site again, and the next try fetches only what is missing.
- Two builds are never mixed: while a new build cannot be installed, the old version's
  copy is not updated page by page (its pages would load the old scripts), online or
  offline.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT
from playwright.sync_api import Browser, Page, expect
from serving import CHROMIUM_ARGS, QuietHandler, chromium_path, free_port
from sitebuild import build, make_project
from test_offline import SAVED, document_loads, manifest, open_context, wait_saved

FAILING = "coverage/"  # a page of the core: every install needs it
STATE = "pri-offline-install-state"  # where docs/sw.js counts the failed tries (STATE_URL)


class Server:
    """Serves a folder, counts the paths asked for, and answers 500 for `failing`."""

    def __init__(self, folder: Path, port: int) -> None:
        self.requests: list[str] = []
        self.failing: str | None = None
        owner = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0].lstrip("/")
                owner.requests.append(path)
                if path == owner.failing:
                    self.send_error(500, "Failing on purpose")
                    return
                super().do_GET()

        handler = functools.partial(Handler, directory=str(folder))
        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def counted(self) -> Counter[str]:
        counts = Counter(self.requests)
        self.requests.clear()
        return counts


def install_state(page: Page, url: str, version: str) -> dict | None:
    """The worker's record of failed installs of `version`, if any."""
    return page.evaluate(
        """async ([name, key]) => {
             if (!(await caches.has(name))) return null;
             const saved = await (await caches.open(name)).match(key);
             return saved ? saved.json() : null;
           }""",
        [f"pri-offline {url} {version}", url + STATE],
    )


def wait_for_attempts(page: Page, url: str, version: str, attempts: int) -> dict:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        state = install_state(page, url, version)
        if state and state["attempts"] == attempts:
            return state
        page.wait_for_timeout(250)
    raise AssertionError(f"no failed install number {attempts}: {install_state(page, url, version)}")


def time_passes(page: Page, url: str, version: str) -> None:
    """As if the wait before the next try were over (the record's `next` in the past)."""
    page.evaluate(
        """async ([name, key]) => {
             const cache = await caches.open(name);
             const state = await (await cache.match(key)).json();
             state.next = 0;
             await cache.put(key, new Response(JSON.stringify(state)));
           }""",
        [f"pri-offline {url} {version}", url + STATE],
    )


def try_again(page: Page) -> None:
    """What the next page load does (docs/javascripts/offline.js), without the page's own
    downloads: registering the worker, which installs it."""
    page.evaluate("() => navigator.serviceWorker.register('sw.js', {scope: '/', updateViaCache: 'none'}).then(() => 0)")


def test_a_failing_file_costs_one_try_then_a_wait_and_only_what_failed_is_fetched_again(
    browser: Browser, site_dir: Path
) -> None:
    files = manifest(site_dir)
    version = files["version"]
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = Server(site_dir, port)
    server.failing = FAILING
    try:
        context, page, console = open_context(browser)
        page.goto(url)
        first = wait_for_attempts(page, url, version, 1)
        assert "500" in first["error"]
        wait = first["next"] - page.evaluate("() => Date.now()")
        assert 50_000 < wait <= 60_000, wait  # one minute before the next try
        downloads = server.counted()
        assert downloads["offline-manifest.json"] == 1
        assert downloads[FAILING] == 2  # tried twice within the install, then given up
        assert len(downloads) > len(files["files"]) / 2  # the rest was downloaded ...

        # ... and kept: page loads meanwhile download the site no more (each would fetch
        # hundreds of files without the wait), and the record stays at one failure.
        for address in ("topics/", "conference/", ""):
            page.goto(url + address)
            page.wait_for_load_state("load")
            page.wait_for_timeout(1500)
            downloads = server.counted()
            assert "offline-manifest.json" not in downloads and FAILING not in downloads, downloads
            assert sum(downloads.values()) < 40, downloads  # the page's own files
        assert install_state(page, url, version)["attempts"] == 1
        assert page.locator(SAVED).count() == 0

        # The wait is over: the next try asks for the manifest and the missing file only,
        # fails again, and waits twice as long.
        time_passes(page, url, version)
        try_again(page)
        second = wait_for_attempts(page, url, version, 2)
        assert 110_000 < second["next"] - page.evaluate("() => Date.now()") <= 120_000
        page.wait_for_timeout(500)
        assert server.counted() == Counter({"sw.js": 1, "offline-manifest.json": 1, FAILING: 2})

        # The server is mended: the next try completes the copy with that file alone.
        server.failing = None
        time_passes(page, url, version)
        try_again(page)
        page.goto(url + "topics/")
        assert wait_saved(page, version) == f"Available offline: {files['pages']} pages"
        downloads = server.counted()
        assert downloads[FAILING] == 1 and downloads["offline-manifest.json"] == 1, downloads
        assert sum(downloads.values()) < 40, downloads
        assert install_state(page, url, version) is None  # no failure left on record
        context.close()
        assert [error for error in console.errors if "500" not in error] == []
    finally:
        server.http.shutdown()


MARK = 'document.documentElement.dataset.scriptsOf = "{build}";\n'  # which build's script runs


def build_marked(project: Path, site: Path, url: str, name: str, title: str) -> dict:
    """Builds the project with `name` in its scripts and `title` as a record's title."""
    common = project / "docs/javascripts/common.js"
    source = (ROOT / "docs/javascripts/common.js").read_text(encoding="utf-8")
    common.write_text(source + MARK.format(build=name), encoding="utf-8")
    record = project / "data/resources/aft/share-my-lesson.yml"
    text = (ROOT / "data/resources/aft/share-my-lesson.yml").read_text(encoding="utf-8")
    record.write_text(text.replace('title: "Share My Lesson', f'title: "{title}', 1), encoding="utf-8")
    # Built aside, then put in place whole, as a deploy publishes a site: the test is of
    # two whole builds, not of a half-written one (tests/test_offline_manifest.py checks
    # that an in-place build never shows a worker without its version).
    built = site.parent / f"build-{name}"
    result = build(project, built, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    if site.exists():
        site.rename(site.parent / f"replaced-{name}")
    built.rename(site)
    return manifest(site)


def shown(page: Page, url: str) -> tuple[str, str]:
    """(the build of the page's HTML, by its title; the build whose scripts run on it)."""
    page.goto(url + "resources/share-my-lesson/")
    page.wait_for_load_state("load")
    html = "new" if "revised" in page.locator("h1").inner_text() else "old"
    return html, page.evaluate("() => document.documentElement.dataset.scriptsOf")


@pytest.fixture
def own_browser(browser: Browser) -> Iterator[Browser]:
    """A Chromium of its own: after the test above, in the same browser, the old build's
    worker was seen to let a navigation through to the network here (the two share
    nothing a page can see, but the browser's process)."""
    launched = browser.browser_type.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.mark.parametrize("strategy", ["cache-first", "network-first"])
def test_a_new_build_that_cannot_be_installed_is_never_mixed_with_the_old_one(
    own_browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, strategy: str
) -> None:
    browser = own_browser
    monkeypatch.setenv("PRI_OFFLINE_PAGES", strategy)  # network-first: the server's page is of the new build
    project = make_project(tmp_path / "project", ROOT / "data")
    site = tmp_path / "site"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    old = build_marked(project, site, url, "old", "Share My Lesson")
    server = Server(site, port)
    try:
        context, page, console = open_context(browser)
        page.goto(url + "resources/share-my-lesson/")
        wait_saved(page, old["version"])
        assert shown(page, url) == ("old", "old")

        # The changed file fails from before the new build is written: an update check of
        # the old worker that lands while the build runs cannot install the new one either.
        server.failing = "javascripts/common.js"
        new = build_marked(project, site, url, "new", "Share My Lesson, revised")
        assert new["version"] != old["version"]
        server.counted()
        # Online: each load finds the new worker (the browser looks after a navigation),
        # which fails. The page stays the old build's, whole.
        for _ in range(3):
            assert shown(page, url) == ("old", "old")
            page.wait_for_timeout(1000)
        assert wait_for_attempts(page, url, new["version"], 1)["attempts"] == 1
        # Instant navigation fetches the page: the worker answers with the saved copy and
        # revalidates it, finding the new build, which it does not save.
        page.goto(url + "resources/")
        page.wait_for_load_state("load")
        page.locator('.md-content a[href$="share-my-lesson/"]').first.click()
        page.wait_for_url(url + "resources/share-my-lesson/")
        expect(page.locator("h1")).not_to_contain_text("revised")
        assert document_loads(page) == 1
        page.wait_for_timeout(1500)
        downloads = server.counted()
        assert downloads["resources/share-my-lesson/"] >= 1, downloads  # revalidated
        assert downloads["sw.js"] >= 1, downloads
        assert page.locator(f'{SAVED}[data-version="{old["version"]}"]').count() == 1
        # Offline, the same.
        context.set_offline(True)
        assert shown(page, url) == ("old", "old")
        context.set_offline(False)

        # Once the new build installs, pages are the new build's, whole.
        server.failing = None
        time_passes(page, url, new["version"])
        page.goto(url + "topics/")
        wait_saved(page, new["version"])
        assert shown(page, url) == ("new", "new")
        context.set_offline(True)
        assert shown(page, url) == ("new", "new")
        context.close()
        assert [error for error in console.errors if "500" not in error] == []
    finally:
        server.http.shutdown()


def test_over_the_budget_a_page_of_the_new_build_not_saved_gets_its_own_files(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRI_OFFLINE_BUDGET", "100000")  # the core now, record pages as they are opened
    project = make_project(tmp_path / "project", ROOT / "data")
    site = tmp_path / "site"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    old = build_marked(project, site, url, "old", "Share My Lesson")
    assert old["mode"] == "core"
    server = Server(site, port)
    try:
        context, page, console = open_context(browser)
        page.goto(url + "topics/")
        wait_saved(page, old["version"])
        new = build_marked(project, site, url, "new", "Share My Lesson, revised")
        server.failing = "search/search_index.json"  # changed: the new build cannot be installed
        # A record page never opened: the server's, of the new build, with the new build's
        # script (from the network, not the old copy), and not saved into the old copy.
        assert shown(page, url) == ("new", "new")
        page.wait_for_timeout(1000)
        key = url + "resources/share-my-lesson/"
        assert not page.evaluate(
            "([name, key]) => caches.open(name).then((cache) => cache.match(key)).then(Boolean)",
            [f"pri-offline {url} {old['version']}", key],
        )
        assert page.locator(f'{SAVED}[data-version="{old["version"]}"]').count() == 1
        assert wait_for_attempts(page, url, new["version"], 1)["attempts"] == 1
        context.close()
        # The search's own request for the failing index, and Material's error about it.
        assert [error for error in console.errors if "500" not in error and "on purpose" not in error] == []
    finally:
        server.http.shutdown()
