#!/usr/bin/env python3
"""Benchmark filtering on /resources/ in headless Chromium.

Usage: .venv/bin/python scripts/bench_browser.py [--sizes 1000 10000] [--interactions 20]

For each size N it builds the site on N synthetic resources (in a temporary folder),
serves it on 127.0.0.1 and prints:

- facet click (ticking and unticking) and keystroke: the median time from the event to
  the updated list laid out on screen (the script's work plus the style and layout it
  causes), and the median time until every matching card is in place (the script places
  the cards beyond the first screen on the next animation frames).
  Targets: <= 16 ms at 1,000 records, <= 50 ms at 10,000.
- baseline: in the same page, the median time to hide a share of the cards in place and
  lay out, with no filtering logic at all: what the naive approach costs. The ratio
  (interaction / baseline) shows what the script's approach saves.
- the size of /resources/ (HTML) raw and gzip-compressed. Target: <= 150 KB gzip at 1,000.

Only the ratio is comparable across machines; the absolute figures are printed for context.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import socket
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench import build_copy, synthetic_data  # noqa: E402
from chromium import ARGS, chromium_path  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

# Each measure returns [first screen, complete]: the time to the updated list laid out
# (the script's work plus the style and layout it causes), and the time until every card
# is in place (cards beyond the first screen are placed on the next frames).
DONE = """
  const first = performance.now() - start;
  const root = document.querySelector('[data-browser]');
  while (root.dataset.state !== 'ready') await new Promise(r => requestAnimationFrame(r));
  return [first, performance.now() - start];
"""

MEASURE_CLICK = (
    """async ([facet, value]) => {
  const input = document.querySelector(`[data-facet="${facet}"] input[value="${value}"]`);
  const start = performance.now();
  input.click();
  document.body.offsetHeight;  // force style and layout
"""
    + DONE
    + "}"
)

MEASURE_KEY = (
    """async (character) => {
  const box = document.querySelector('[data-browser-text]');
  const start = performance.now();
  box.value += character;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  document.body.offsetHeight;
"""
    + DONE
    + "}"
)

# The floor: hide a share of the visible cards in place and lay out, with no filtering
# logic at all (then show them again, untimed).
MEASURE_FLOOR = """async (keep) => {
  const items = Array.from(document.querySelectorAll('ul.pri-cards > li'));
  const start = performance.now();
  items.forEach((li, i) => { li.hidden = (i % keep) !== 0; });
  document.body.offsetHeight;
  const spent = performance.now() - start;
  items.forEach((li) => { li.hidden = false; });
  document.body.offsetHeight;
  return spent;
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the base class names it `format`
        pass


def build_site(workdir: Path, count: int, site_url: str) -> Path:
    return build_copy(workdir, synthetic_data(workdir / "gen", count), site_url)


def measure(site: Path, port: int, interactions: int) -> dict[str, float]:
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    chromium = chromium_path()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/resources/", timeout=120_000)
            page.wait_for_selector(".pri-browser--enhanced", timeout=120_000)
            facets = page.evaluate(
                """() => Array.from(document.querySelectorAll('[data-facet] input'))
                     .filter(i => ['organization', 'topic', 'audience', 'type'].includes(i.name))
                     .map(i => [i.name, i.value])"""
            )
            floor = [page.evaluate(MEASURE_FLOOR, 2 + index % 5) for index in range(interactions)]
            clicks = []
            for index in range(max(1, interactions // 2)):  # tick and untick: both directions count
                facet, value = facets[(index * 7) % len(facets)]
                clicks.append(page.evaluate(MEASURE_CLICK, [facet, value]))
                clicks.append(page.evaluate(MEASURE_CLICK, [facet, value]))
            text = "plan standards teachers union"
            keys = [page.evaluate(MEASURE_KEY, character) for character in text[:interactions]]
            browser.close()
    finally:
        server.shutdown()
    return {
        "click_ms": statistics.median(c[0] for c in clicks),
        "click_done_ms": statistics.median(c[1] for c in clicks),
        "key_ms": statistics.median(k[0] for k in keys),
        "key_done_ms": statistics.median(k[1] for k in keys),
        "floor_ms": statistics.median(floor),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_browser.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--interactions", type=int, default=20)
    args = parser.parse_args(argv)
    targets = {1000: 16.0, 10000: 50.0}
    failed = False
    for size in args.sizes:
        workdir = Path(tempfile.mkdtemp(prefix=f"bench-browser-{size}-"))
        try:
            port = free_port()
            site = build_site(workdir, size, f"http://127.0.0.1:{port}/")
            html = (site / "resources" / "index.html").read_bytes()
            compressed = len(gzip.compress(html, compresslevel=6))
            figures = measure(site, port, args.interactions)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        target = targets.get(size, 50.0)
        worst = max(figures["click_ms"], figures["key_ms"])
        ok = worst <= target and (size != 1000 or compressed <= 150 * 1024)
        failed |= not ok
        print(
            f"N={size:>6} facet click {figures['click_ms']:.1f} ms, keystroke {figures['key_ms']:.1f} ms "
            f"(medians of {args.interactions}, to the first screen laid out; target <= {target:.0f} ms); "
            f"every card in place after {figures['click_done_ms']:.0f} / {figures['key_done_ms']:.0f} ms; "
            f"baseline (hide cards in place, no logic) {figures['floor_ms']:.1f} ms "
            f"-> ratio {worst / max(figures['floor_ms'], 0.1):.2f}; "
            f"/resources/ {len(html) / 1024:.0f} KB, {compressed / 1024:.0f} KB gzip"
            + (" (target <= 150 KB)" if size == 1000 else "")
            + (" OK" if ok else " OVER")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
