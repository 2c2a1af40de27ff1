"""Layout checks shared by the browser tests: nothing wider than the screen."""

from __future__ import annotations

from playwright.sync_api import Page

# Captions of tables that scroll in their own box, cut at the screen's edge.
CUT_CAPTIONS = """() => [...document.querySelectorAll('caption')]
  .filter(c => c.getClientRects().length && c.getBoundingClientRect().right > innerWidth + 0.5)
  .map(c => c.textContent.trim())"""


def overflow(page: Page) -> dict[str, object]:
    """What is wider than the window: the page itself (its width) and cut captions."""
    found: dict[str, object] = {}
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > page.evaluate("() => window.innerWidth"):
        found["page"] = width
    cut = page.evaluate(CUT_CAPTIONS)
    if cut:
        found["captions"] = cut
    return found
