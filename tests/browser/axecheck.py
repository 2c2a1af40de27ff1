"""axe-core as every browser test runs it: the copy pinned in the axe-playwright-python
wheel (loaded from disk, nothing fetched), with the WCAG 2.1 A and AA rules.

The palettes differ in colours only (Material's palette sets CSS custom properties; the
site's own dark rules set colours too), so a page is checked with every rule in the light
palette and with the rules that read colours in the dark one: its structure, names and
roles are the same in both, and those rules are most of axe's time on a long page."""

from __future__ import annotations

import importlib.resources

from playwright.sync_api import Page

AXE_SOURCE = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page: Page, scheme: str = "light") -> list[str]:
    """The violations axe finds on the page as it is now, one line each."""
    if not page.evaluate("() => typeof axe === 'object'"):  # the dark palette's run reuses it
        page.evaluate(AXE_SOURCE)
    assert page.evaluate("() => axe.version").startswith("4.")
    scheme_in_page = page.evaluate("() => document.body.dataset.mdColorScheme")
    if scheme_in_page is not None:  # a page of the site (an embedded list has no palette)
        assert scheme_in_page == ("slate" if scheme == "dark" else "default")
    # Colours are read as they are: Material fades a link's colour over 125 ms after a
    # focus or a palette change, so the check waits until no CSS transition runs.
    page.wait_for_function(
        "() => document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState === 'finished')"
    )
    only = {"type": "rule", "values": COLOUR_RULES} if scheme == "dark" else {"type": "tag", "values": WCAG_TAGS}
    # resultTypes: axe still runs every rule on every node, but builds selectors for the
    # violations only (one node of each other kind): most of its time on a long page.
    result = page.evaluate("only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def violations_in_both_palettes(page: Page) -> dict[str, list[str]]:
    """axe on the page as loaded in the light palette, then after the palette toggle (as a
    visitor switches it) in the dark one: {"light": […], "dark": […]}, empty when clean."""
    found = {"light": axe_violations(page, "light")}
    # The toggle's own input, changed as its label does (a modal dialog may cover the label).
    page.evaluate(
        """() => {
          const input = document.querySelector('[data-md-component=palette] input[data-md-color-scheme=slate]');
          input.checked = true;
          input.dispatchEvent(new Event('change', {bubbles: true}));
        }"""
    )
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    found["dark"] = axe_violations(page, "dark")
    return found
