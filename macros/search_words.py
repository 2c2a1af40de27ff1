"""MkDocs hook: words stay separated in the search index.

Material's search plugin indexes a page's text by joining the text of its elements, and
only a few tags (p, li, code, ...) are kept as separators: `<dt>State</dt><dd>Ohio</dd>`
becomes "StateOhio", `<td>1</td><td>AFT</td>` becomes "1AFT". A line break between the
end of a block-level element and the next tag changes nothing on the page (white space
between blocks, table cells or grid items is not drawn) and keeps the words apart in the
index. Inline elements are left alone: there, white space would show.
"""

from __future__ import annotations

import re

_BLOCK_END = re.compile(
    r"(</(?:address|article|aside|blockquote|caption|dd|details|div|dl|dt|fieldset|figcaption|figure|footer"
    r"|h[1-6]|header|legend|li|nav|ol|optgroup|option|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
    r"|text|title|desc)>)(?=<)",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"(<br\s*/?>)(?=\S)", re.IGNORECASE)  # white space after <br> is not drawn
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.IGNORECASE | re.DOTALL)


def _separate(part: str) -> str:
    return _LINE_BREAK.sub("\\1\n", _BLOCK_END.sub("\\1\n", part))


def separate_blocks(html: str) -> str:
    """A line break after every block-level end tag that another tag follows directly,
    and after every <br>, outside <pre> (where a line break would show)."""
    parts = _PRE.split(html)
    return "".join(part if index % 2 else _separate(part) for index, part in enumerate(parts))


def on_page_content(html: str, **_: object) -> str:
    return separate_blocks(html)
