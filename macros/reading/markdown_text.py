"""Markdown in records: the fields whose schema says `"x-markdown": true` (a case study's
story, a resource's details).

One conversion serves the pages (`macros.publishing.render.render_story`, which then sanitizes the
HTML with nh3) and the validator (the `markdown-link` rule reads the links it makes), so
the validator judges exactly the links that a page would hold. Raw HTML is off: it is
shown as text.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache

import markdown

from .textrules import url_problem
from .weburl import rewrite_problem

_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
# A link the pages keep: an absolute http(s) address that starts with its host.
WEB_LINK = re.compile(r"(?i)https?://[a-z0-9\[]")


@cache
def _converter() -> markdown.Markdown:
    """One converter, reset before each use: making one costs more than most conversions."""
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


@lru_cache(maxsize=512)  # the rules read one text's links, link texts and images in turn
def markdown_html(text: str) -> str:
    """The HTML of Markdown text, with raw HTML shown as text (not yet sanitized)."""
    return _converter().reset().convert(text)


def link_targets(text: str) -> list[str]:
    """The address of every link that the Markdown `text` makes, as written."""
    if "[" not in text and "<" not in text:  # no link syntax at all: the common case, at C speed
        return []
    return [html.unescape(href) for href in _HREF.findall(markdown_html(text))]


_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_IMAGE = re.compile(r'<img\s[^>]*?src="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")


def links(text: str) -> list[tuple[str, str]]:
    """(address, text shown) of every link that the Markdown `text` makes."""
    if "[" not in text and "<" not in text:
        return []
    found = _LINK.findall(markdown_html(text))
    return [(html.unescape(href), html.unescape(_TAG.sub("", label))) for href, label in found]


def image_sources(text: str) -> list[str]:
    """The address of every image that the Markdown `text` makes (`![x](https://…)`)."""
    if "![" not in text:
        return []
    return [html.unescape(src) for src in _IMAGE.findall(markdown_html(text))]


def is_web_link(href: str) -> bool:
    """True for an address a page may link to: http(s), two slashes, then a plain host
    (not `//evil.example`, `/\\evil.example`, `https:\\evil.example` or `mailto:`)."""
    return bool(WEB_LINK.match(href)) and url_problem(href) is None and rewrite_problem(href) is None
