"""What a page's console reported, for the browser tests. (Not in conftest.py, so that
test modules can import it: pytest's two conftest modules share one name.)"""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage

MISSING_PAGE = "Failed to load resource: the server responded with a status of 404"


class ConsoleLog:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.allow_missing_page = False  # a test that opens the 404 page on purpose sets it

    def __call__(self, message: ConsoleMessage) -> None:
        if message.type not in ("error", "warning"):
            return
        if self.allow_missing_page and message.text.startswith(MISSING_PAGE):
            return
        self.errors.append(f"{message.type}: {message.text}")
