#!/usr/bin/env python3
"""Benchmark loading over a slow network: first visit, repeat visit, offline.

Usage: .venv/bin/python scripts/bench_network.py [--sizes real 1000] [--profiles slow fast]
       [--strategies cache-first network-first] [--runs 3]

For each data size ("real": the inventory in data/; N: N synthetic resources, as
scripts/bench.py makes them) it builds the site once in a temporary folder and serves it
the way GitHub Pages does: text files gzip-compressed when the browser accepts it, with
ETag, Last-Modified and `Cache-Control: max-age=600` (and `Age: 600`: the repeat visit
comes after those ten minutes, see CACHING). Chromium's network is throttled
through the Chrome DevTools Protocol (Network.emulateNetworkConditions on the page's CDP
session) with two profiles, and the server holds the service worker's own requests to
the same round trip and rate (DevTools throttles each target on its own, and a worker's
target comes and goes as the worker stops and starts: attached to it, the throttle
missed some of its requests):

    slow  1.6 Mbps down, 750 kbps up, 150 ms round trip (a crowded venue, "slow 4G")
    fast  9 Mbps down, 1.5 Mbps up, 100 ms round trip
    congested  0.4 Mbps down, 1,500 ms round trip (only with --profiles congested)

For each page (/ and /resources/) and each page strategy of the service worker, in a
fresh browser profile: the first visit; then, once the offline copy is saved (the footer
line), a repeat visit in a new tab (the worker still running); then the same with the
network cut and the worker stopped first (it starts cold, as on a later day). Time to usable:
the load event on /, the browser's data-state="ready" on /resources/ (from the start of
the navigation, read in the page). Bytes: what the page downloaded (CDP, headers
included; answers from the worker cost nothing) and what the server sent in all (the
worker's background work too: saving the copy, revalidating pages, update checks).

Targets, for cache-first (the strategy the site uses): repeat and offline visits take at
most a third of the first visit's time, and the first visit to /resources/ at 1,000
records takes less than 2.5 s on the slow profile. network-first is measured beside it to
show the difference. Only ratios compare across machines; times are medians of --runs.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import http.server
import json
import mimetypes
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from bench import build_copy, synthetic_data  # noqa: E402
from chromium import ARGS, chromium_path  # noqa: E402
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, sync_playwright  # noqa: E402

from macros.publishing import offline  # noqa: E402

PROFILES = {
    "slow": {"label": "1.6 Mbps/150 ms", "down": 1.6e6, "up": 750e3, "rtt": 150},
    "fast": {"label": "9 Mbps/100 ms", "down": 9e6, "up": 1.5e6, "rtt": 100},
    "congested": {"label": "0.4 Mbps/1,500 ms", "down": 0.4e6, "up": 0.2e6, "rtt": 1500},  # on request only
}
DEFAULT_PROFILES = ["slow", "fast"]
PAGES = ("", "resources/")
# GitHub Pages lets browsers reuse a file for ten minutes. A repeat visit usually comes
# later than that: every response says it is already ten minutes old, so the browser's
# HTTP cache asks the server again (a 304 when nothing changed) instead of answering alone.
CACHING = {"Cache-Control": "max-age=600", "Age": "600"}
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".csv", ".txt", ".map"}
SAVED = '[data-pri-offline][data-state="saved"]'
FIRST_RESOURCES_TARGET = 2.5  # s, /resources/ at 1,000 records, slow profile
RATIO_TARGET = 1 / 3

# Records when the page became usable, in the page's own clock (ms from the start of the
# navigation): the load event, and for a browser its data-state="ready".
USABLE = """
(() => {
  const mark = (name) => {
    const marks = document.documentElement.dataset;
    if (!marks[name]) marks[name] = String(performance.now());
  };
  window.addEventListener('load', () => setTimeout(() => mark('benchLoad'), 0));
  new MutationObserver(() => {
    const root = document.querySelector('[data-browser]');
    if (root && root.dataset.state === 'ready') mark('benchReady');
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true});
})();
"""


# When the page's HTML had arrived (ms from the start of the navigation): what the page
# strategy decides. What follows is mostly the page's own work (parsing, Material's
# bundle, style and layout), which caching does not change.
HTML_IN = "() => performance.getEntriesByType('navigation')[0].responseEnd"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- a server like GitHub Pages -------------------------------------------------------------


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bytes = 0
        self.requests = 0
        self.paths: list[str] = []

    def add(self, sent: int, path: str = "") -> None:
        with self.lock:
            self.bytes += sent
            self.requests += 1
            self.paths.append(path)

    def quiet(self, seconds: float = 1.0, limit: float = 60.0) -> None:
        """Waits until the server has had no request for `seconds` (background work done)."""
        deadline = time.monotonic() + limit
        seen, since = self.requests, time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            if self.requests != seen:
                seen, since = self.requests, time.monotonic()
            elif time.monotonic() - since >= seconds:
                return

    def reset(self) -> tuple[int, int]:
        with self.lock:
            figures = (self.bytes, self.requests)
            self.bytes = self.requests = 0
            self.paths = []
            return figures


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """Static files as GitHub Pages serves them: directory addresses get index.html, a
    missing address gets 404.html, text is gzip-compressed when accepted, and responses
    carry validators and a ten-minute max-age."""

    protocol_version = "HTTP/1.1"
    root: Path
    counter: Counter
    compressed: dict[tuple[str, int], bytes]  # set per server

    def log_message(self, format: str, *args: object) -> None:  # the base class names it `format`
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        target = (self.root / path.lstrip("/")).resolve()
        if self.root not in target.parents and target != self.root:
            target = self.root / "missing"
        if target.is_dir():
            if not path.endswith("/"):
                self.send_bytes(301, b"", "text/html", extra={"Location": path + "/"}, head=head)
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, self.root / "404.html"
        stat = target.stat()
        etag = '"' + hashlib.sha1(f"{target}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:16] + '"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_bytes(304, b"", None, extra={"ETag": etag, **CACHING}, head=True)
            return
        body = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        extra = {
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
            **CACHING,
            "Vary": "Accept-Encoding",
        }
        if target.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            key = (str(target), stat.st_mtime_ns)
            if key not in self.compressed:
                self.compressed[key] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self.compressed[key]
            extra["Content-Encoding"] = "gzip"
        self.send_bytes(status, body, kind + ("; charset=utf-8" if kind.startswith("text/") else ""), extra, head)

    def from_worker(self) -> bool:
        """A request of the service worker's own (its fetches name it as the referrer), or a
        navigation preload made for it."""
        referrer = self.headers.get("Referer", "")
        return referrer.endswith("/" + offline.WORKER) or "Service-Worker-Navigation-Preload" in self.headers

    def send_bytes(self, status: int, body: bytes, kind: str | None, extra: dict[str, str], head: bool) -> None:
        server = self.server
        profile = server.worker_profile if server.throttle_all or self.from_worker() else None  # type: ignore[attr-defined]
        if profile:
            time.sleep(profile["rtt"] / 1000)
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        sent = 200  # about the size of the status line and headers
        if not head and status != 304:
            if profile:  # at the profile's rate
                step = 16 * 1024
                for start in range(0, len(body), step):
                    self.wfile.write(body[start : start + step])
                    time.sleep(len(body[start : start + step]) * 8 / profile["down"])
            else:
                self.wfile.write(body)
            sent += len(body)
        self.counter.add(sent, self.path)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    counter: Counter
    worker_profile: dict[str, Any] | None = None  # throttles the service worker's requests
    throttle_all = False  # every request: once the worker answers the tab, only it reaches the server


def serve(site: Path, port: int) -> Server:
    counter = Counter()
    handler = type("Handler", (PagesHandler,), {"root": site.resolve(), "counter": counter, "compressed": {}})
    server = Server(("127.0.0.1", port), handler)
    server.counter = counter
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- throttling through the DevTools protocol -------------------------------------------------


def conditions(profile: dict[str, Any], offline_now: bool = False) -> dict[str, Any]:
    return {
        "offline": offline_now,
        "latency": profile["rtt"],
        "downloadThroughput": profile["down"] / 8,
        "uploadThroughput": profile["up"] / 8,
    }


class PageBytes:
    """What a page downloaded from the network (not from its service worker)."""

    def __init__(self, cdp: CDPSession) -> None:
        self.total = 0
        self.from_worker: set[str] = set()
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _response(self, event: dict[str, Any]) -> None:
        if event["response"].get("fromServiceWorker"):
            self.from_worker.add(event["requestId"])

    def _finished(self, event: dict[str, Any]) -> None:
        if event["requestId"] not in self.from_worker:
            self.total += int(event.get("encodedDataLength", 0))


@dataclass
class Visit:
    seconds: float
    html_in: float  # s: when the HTML had arrived
    page_bytes: int
    server_bytes: int
    server_paths: list[str]


def visit(context: BrowserContext, url: str, profile: dict[str, Any] | None, counter: Counter) -> tuple[Visit, Page]:
    """Opens `url` in a new tab, throttled with `profile` (None: the tab itself is not
    throttled); returns the figures, and the tab (still open)."""
    page = context.new_page()
    downloaded = None
    if profile:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", conditions(profile))
        downloaded = PageBytes(cdp)
    counter.reset()
    page.goto(url, wait_until="load", timeout=180_000)
    name = "benchReady" if page.locator("[data-browser]").count() else "benchLoad"
    page.wait_for_function(f"() => document.documentElement.dataset.{name}", timeout=180_000, polling=50)
    seconds = float(page.evaluate(f"() => document.documentElement.dataset.{name}")) / 1000
    html_in = page.evaluate(HTML_IN) / 1000
    paths = list(counter.paths)
    sent, _requests = counter.reset()
    return Visit(seconds, html_in, downloaded.total if downloaded else 0, sent, paths), page


def stop_workers(context: BrowserContext) -> None:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    cdp.detach()
    page.close()


def measure(browser: Browser, base: str, path: str, profile: dict[str, Any], server: Server) -> dict[str, Any]:
    context = browser.new_context(service_workers="allow", viewport={"width": 1280, "height": 900})
    context.add_init_script(USABLE)
    counter = server.counter
    server.worker_profile = profile  # the worker's own requests go through the same network
    try:
        first, page = visit(context, base + path, profile, counter)
        page.wait_for_selector(SAVED, timeout=600_000)  # the offline copy, saved in the background
        counter.quiet()
        saving, _ = counter.reset()
        page.close()
        # From now on the worker answers the tab (a page it controls has no request of its
        # own on the network): DevTools would throttle its answers from the cache as if
        # they came from the network (uncompressed), so the server throttles what reaches
        # it instead (a navigation the worker passes on does not name it as the referrer).
        server.throttle_all = True
        repeat, page = visit(context, base + path, None, counter)
        counter.quiet()  # the worker's revalidation of the page
        repeat.server_bytes += counter.reset()[0]
        page.close()
        context.set_offline(True)
        stop_workers(context)  # a later visit: the worker starts cold
        cut, page = visit(context, base + path, None, counter)
        page.close()
        # Only the browser's own check for a new worker gets out: DevTools cannot cut it.
        assert set(cut.server_paths) <= {"/sw.js"}, f"the offline visit reached the server: {cut.server_paths}"
    finally:
        server.worker_profile = None
        server.throttle_all = False
        context.close()
    return {"first": first, "repeat": repeat, "offline": cut, "saving": saving}


# --- sites -----------------------------------------------------------------------------------


def build_site(workdir: Path, size: str, site_url: str) -> Path:
    if size == "real":
        data = workdir / "data-copy" / "data"
        shutil.copytree(ROOT / "data", data)
    else:
        data = synthetic_data(workdir / "gen", int(size))
    return build_copy(workdir, data, site_url)


def use_strategy(site: Path, strategy: str) -> None:
    """Rewrites the site's worker with another page strategy (same version, same manifest)."""
    manifest = json.loads((site / offline.MANIFEST).read_text(encoding="utf-8"))
    source = (ROOT / "docs" / offline.WORKER).read_text(encoding="utf-8")
    settings = {"manifest": offline.MANIFEST, "pages": strategy, "timeout": 2500, "version": manifest["version"]}
    # Navigation preload fetches network-first pages on the tab's behalf: the server throttles
    # it as the worker's (see PagesHandler.from_worker), but it would start before the
    # worker does, an advantage only a cold worker has. Off, so both strategies compare.
    settings["preload"] = False
    (site / offline.WORKER).write_text(offline.worker_script(source, settings), encoding="utf-8")


def kb(value: float) -> str:
    return f"{value / 1024:,.1f} KB" if value < 10 * 1024 else f"{value / 1024:,.0f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_network.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["real", "1000"], help="'real' and/or record counts")
    parser.add_argument("--profiles", nargs="+", default=DEFAULT_PROFILES, choices=list(PROFILES))
    parser.add_argument("--strategies", nargs="+", default=list(offline.STRATEGIES), choices=offline.STRATEGIES)
    parser.add_argument("--runs", type=int, default=3, help="fresh browser profiles per measurement (default 3)")
    args = parser.parse_args(argv)
    chromium = chromium_path()
    failures: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        for size in args.sizes:
            workdir = Path(tempfile.mkdtemp(prefix=f"bench-network-{size}-"))
            port = free_port()
            base = f"http://127.0.0.1:{port}/"
            try:
                site = build_site(workdir, size, base)
                manifest = json.loads((site / offline.MANIFEST).read_text(encoding="utf-8"))
                server = serve(site, port)
                label = "real data" if size == "real" else f"{int(size):,} records"
                print(
                    f"\n== {label}: {manifest['pages']} pages, {kb(manifest['size'])} gzip in all "
                    f"(budget {kb(manifest['budget'])}: mode {manifest['mode']}, core {kb(manifest['core_size'])}); "
                    f"/resources/ {kb(len(gzip.compress((site / 'resources/index.html').read_bytes(), 6)))} gzip"
                )
                for strategy in args.strategies:
                    use_strategy(site, strategy)
                    for profile_name in args.profiles:
                        profile = PROFILES[profile_name]
                        for path in PAGES:
                            runs = [measure(browser, base, path, profile, server) for _ in range(args.runs)]
                            failures += report(label, size, strategy, profile_name, profile, path, runs)
                server.shutdown()
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
        browser.close()
    print(
        "\nTimes to usable, medians; [in brackets] when the HTML had arrived (the rest is mostly the page's own"
        "\nwork: parsing, scripts, style). Ratios: to the first visit. Bytes: first, what the page downloaded;"
        "\nrepeat, what the server sent meanwhile (revalidations); copy, what saving the offline copy downloaded.\n"
    )
    if failures:
        print("Targets missed:\n  " + "\n  ".join(failures))
        return 1
    print(
        "Every target this run checks was met (cache-first: repeat and offline <= 1/3 of the first visit; "
        f"first visit to /resources/ at 1,000 records < {FIRST_RESOURCES_TARGET} s on the slow profile)."
    )
    return 0


def report(
    label: str, size: str, strategy: str, profile_name: str, profile: dict[str, Any], path: str, runs: list[dict]
) -> list[str]:
    def median(phase: str, field: str) -> float:
        return statistics.median(getattr(run[phase], field) for run in runs)

    first, repeat, cut = (median(phase, "seconds") for phase in ("first", "repeat", "offline"))
    saving = statistics.median(run["saving"] for run in runs)
    page = "/" + path
    first_in, repeat_in, cut_in = (median(phase, "html_in") for phase in ("first", "repeat", "offline"))
    print(
        f"{label:>13} {strategy:<13} {profile['label']:<16} {page:<12} "
        f"first {first:5.2f} s [{first_in:4.2f}], {kb(median('first', 'page_bytes')):>8} | "
        f"repeat {repeat:5.2f} s [{repeat_in:4.2f}] {repeat / first:.2f}x, {kb(median('repeat', 'server_bytes')):>7} | "
        f"offline {cut:5.2f} s [{cut_in:4.2f}] {cut / first:.2f}x | copy {kb(saving)}"
    )
    failures = []
    if strategy == "cache-first":
        where = f"{label}, {profile_name}, {page}"
        if repeat > first * RATIO_TARGET:
            failures.append(f"{where}: repeat visit {repeat:.2f} s > a third of {first:.2f} s")
        if cut > first * RATIO_TARGET:
            failures.append(f"{where}: offline visit {cut:.2f} s > a third of {first:.2f} s")
        if size == "1000" and profile_name == "slow" and path == "resources/" and first >= FIRST_RESOURCES_TARGET:
            failures.append(f"{where}: first visit {first:.2f} s >= {FIRST_RESOURCES_TARGET} s")
    return failures


if __name__ == "__main__":
    sys.exit(main())
