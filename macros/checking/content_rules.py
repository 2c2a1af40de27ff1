"""Record rules on what a value says, beyond its form: a date after the day of the build,
a Markdown link whose text is one address and whose target is another, a Markdown image.

They register themselves in `macros.checking.registry.RECORD_RULES` (macros/checking/loader.py imports this module).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model.kinds import KindModel, resolved_schema
from ..reading.markdown_text import image_sources, links
from ..reading.problems import Problem
from ..reading.textrules import shorten
from ..reading.weburl import has_known_suffix, host_of, parse
from .documents import Document
from .registry import Context, record_rule
from .rules import field_values

# Link text that reads as an address, and nothing else: a scheme and what follows, or a
# host name whose last label is two letters or more (www.aft.org, aft.org/x; not "e.g."),
# or an IPv4 address, each with an optional port and path.
_ADDRESS_LIKE = re.compile(
    r"(?i)(?:[a-z][a-z0-9+.-]*://\S+"
    r"|(?:(?P<host>(?:[a-z0-9-]+\.)+[a-z]{2,})|\d{1,3}(?:\.\d{1,3}){3})\.?(?::\d+)?(?:[/?#]\S*)?)"
)


@record_rule("future-date")
def dates_not_after_today(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    """A date (`format: date`, such as `added`) is not later than the day of the build: a
    future one would put the record first in the feed and the newest additions."""
    today = ctx.facts.today
    for spec in model.fields:
        if resolved_schema(spec.schema, model.schema.get("$defs", {})).get("format") != "date":
            continue
        for path, value in field_values(document, spec):
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and value > today:
                message = (
                    f"{value} is after today ({today}): '{spec.name}' is the day the record was written. "
                    f"Write today's date, {today}, or an earlier one."
                )
                yield document.problem(path, message, "future-date")


def shown_address(text: str) -> str | None:
    """The address a link's text reads as (`https://www.aft.org/`, `aft.org/x`), or None."""
    words = text.strip().strip("<>")
    found = _ADDRESS_LIKE.fullmatch(words)
    if found is None:
        return None
    if "://" in words:
        return words
    # Without a scheme, a name with a dot ("Node.js", "index.html") is an address only if
    # its host ends in a real suffix; an IPv4 address (no `host` group) always is.
    host = found.group("host")
    if host is not None and not has_known_suffix(host):
        return None
    return f"https://{words}"


@record_rule("link-text")
def link_text_shows_its_target(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    """A Markdown link whose text reads as an address leads to that address's host: text
    that shows one site and leads to another is how phishing links look."""
    for spec in model.fields:
        if not spec.markdown:
            continue
        for path, text in field_values(document, spec):
            for href, label in links(text) if isinstance(text, str) else ():
                shown = shown_address(label)
                if shown is None or parse(href) is None:
                    continue
                if host_of(shown) != host_of(href):
                    message = (
                        f"the link's text '{shorten(label, 60)}' is an address, but the link leads to "
                        f"'{shorten(href, 80)}': a reader would trust the address they see. Make the text the "
                        "address the link leads to, or words that describe it ([the report](https://…))."
                    )
                    yield document.problem(path, message, "link-text")


@record_rule("markdown-image")
def no_images(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    """Pages show no images from a record's text (they would be loaded from another site,
    and the sanitizer drops them): a Markdown image is refused rather than lost."""
    for spec in model.fields:
        if not spec.markdown:
            continue
        for path, text in field_values(document, spec):
            for source in image_sources(text) if isinstance(text, str) else ():
                message = (
                    f"'![…]({shorten(source, 80)})' is an image, and pages show no images from the text: "
                    f"write a link instead, without the '!': [a description]({shorten(source, 80)})."
                )
                yield document.problem(path, message, "markdown-image")
