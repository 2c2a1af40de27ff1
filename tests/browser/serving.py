"""A local web server for the browser tests: the built site on loopback, with 404.html
served at any depth, like GitHub Pages. (Not in conftest.py, so that test modules can
import it: pytest's two conftest modules share one name.)"""

from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from helpers import ROOT  # noqa: F401  (puts the repository on sys.path, for scripts.chromium)

from scripts.chromium import ARGS as CHROMIUM_ARGS
from scripts.chromium import chromium_path

__all__ = ["CHROMIUM_ARGS", "FULL_SEARCH_COOKIE", "QuietHandler", "chromium_path", "free_port", "serve"]

SEARCH_INDEX = "search/search_index.json"
FULL_SEARCH_COOKIE = {"name": "pri-test-search", "value": "full"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site. Like GitHub Pages, an address that does not exist gets the
    site's 404.html, with the status 404, at whatever depth it was asked for.

    Material builds its search index (lunr) from search/search_index.json in a worker on
    every page it loads: about a third of a page's processor time here. On a server made
    by `serve(..., search="on-request")`, pages get that file with its configuration and
    no documents, unless the request carries FULL_SEARCH_COOKIE (the `full_search`
    fixture, the offline tests' contexts)."""

    def log_message(self, format: str, *args: object) -> None:  # the base class names it `format`
        pass

    def not_found_page(self) -> Path:
        return Path(self.directory) / "404.html"

    def send_body(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        missing = self.not_found_page()
        if code != 404 or not missing.is_file():
            super().send_error(code, message, explain)
            return
        self.send_body(404, missing.read_bytes(), "text/html; charset=utf-8")

    def do_GET(self) -> None:
        empty = getattr(self.server, "empty_search_index", None)
        cookie = f"{FULL_SEARCH_COOKIE['name']}={FULL_SEARCH_COOKIE['value']}"
        if empty is None or urlsplit(self.path).path != "/" + SEARCH_INDEX or cookie in self.headers.get("Cookie", ""):
            super().do_GET()
            return
        self.send_body(200, empty, "application/json")


class SiteServer(http.server.ThreadingHTTPServer):
    empty_search_index: bytes | None = None  # set by serve(..., search="on-request")


def serve(folder: Path, port: int, search: Literal["always", "on-request"] = "always") -> SiteServer:
    """Serves `folder` at http://127.0.0.1:port/ from a thread; `search="on-request"`
    serves Material's search index without documents unless asked (QuietHandler)."""
    server = SiteServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder)))
    if search == "on-request":
        index = json.loads((folder / SEARCH_INDEX).read_text(encoding="utf-8"))
        server.empty_search_index = json.dumps({**index, "docs": []}).encode("utf-8")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
