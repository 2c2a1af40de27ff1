"""Retake the README's two screenshots of the built site: /resources/ on a phone (390 px
wide) and on a desktop (1280 px). Build first (`make build`), then run
`.venv/bin/python architecture/screenshots/take.py [SITE_DIR]`. The site is served from
site/ (or SITE_DIR) on a free local port; service workers are blocked, so that no offline
copy starts downloading while the page is photographed."""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))
from scripts.chromium import ARGS, chromium_path  # noqa: E402

SHOTS = {"phone": (390, 844, True), "desktop": (1280, 800, False)}  # width, height, touch


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # one line per file is noise here
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="take.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=HERE.parent.parent / "site", help="the built site")
    site = parser.parse_args(argv).site
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/resources/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
        for name, (width, height, touch) in SHOTS.items():
            page = browser.new_page(
                viewport={"width": width, "height": height},
                device_scale_factor=1,
                is_mobile=touch,
                has_touch=touch,
                service_workers="block",
            )
            page.goto(address)
            page.wait_for_selector("[data-state=ready]")
            page.screenshot(path=HERE / f"resources-{name}.png")
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
