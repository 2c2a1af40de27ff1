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
    site's 404.html, with the status 404, at whatever depth it was asked for."""

    def log_message(self, format: str, *args: object) -> None:  # the base class names it `format`
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        missing = Path(self.directory) / "404.html"
        if code != 404 or not missing.is_file():
            super().send_error(code, message, explain)
            return
        body = missing.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SearchOnRequestHandler(QuietHandler):
    """Material builds its search index (lunr) from search/search_index.json in a worker
    on every page it loads: about a third of a page's processor time here. Pages that
    never search get that file with its configuration and no documents; a request that
    carries FULL_SEARCH_COOKIE (the `full_search` fixture) gets the file as built."""

    empty_index: bytes = b""

    def do_GET(self) -> None:
        cookie = f"{FULL_SEARCH_COOKIE['name']}={FULL_SEARCH_COOKIE['value']}"
        if urlsplit(self.path).path != "/" + SEARCH_INDEX or cookie in self.headers.get("Cookie", ""):
            super().do_GET()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.empty_index)))
        self.end_headers()
        self.wfile.write(self.empty_index)


def serve(
    folder: Path, port: int, search: Literal["always", "on-request"] = "always"
) -> http.server.ThreadingHTTPServer:
    """Serves `folder` at http://127.0.0.1:port/ from a thread; `search="on-request"`
    serves Material's search index empty unless asked (SearchOnRequestHandler)."""
    handler_class: type[QuietHandler] = QuietHandler
    if search == "on-request":
        index = json.loads((folder / SEARCH_INDEX).read_text(encoding="utf-8"))
        empty = json.dumps({**index, "docs": []}).encode("utf-8")
        handler_class = type("EmptySearchHandler", (SearchOnRequestHandler,), {"empty_index": empty})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
