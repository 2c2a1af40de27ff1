"""Rules for every piece of text a contributor writes: keys and values alike.

`macros/yamlsafe.py` applies them to each scalar as it reads it, so they hold for every
field of every file (records, vocabularies, organizations) without a schema saying so:

- no control characters, noncharacters or lone surrogates (a tab and a line break are
  allowed in values, never in field names);
- no bidirectional embeddings, overrides or isolates, which make text display in
  another order than it is stored (the left-to-right and right-to-left marks may stay);
- no text that holds characters but shows none (zero-width spaces and the like);
- no web address with user info (`https://www.aft.org@evil.example/`) or a backslash
  before its path: it would show one host and lead to another.

Each rule returns None when the text passes, or a `Refusal`: the index of the offending
character in the text and a message that says what is wrong and how to fix it. The
checks are written so that ordinary text costs one regular-expression scan.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Nesting deeper than this is refused while reading (records need three or four levels).
MAX_DEPTH = 32
# A plain scalar that YAML would read as a number is refused above this length: years and
# counts are short, and Python refuses to convert integers of more than 4,300 digits.
MAX_NUMBER_LENGTH = 30

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Characters refused in any text: C0 controls but tab and line feed, DEL, C1 controls,
# the line and paragraph separators, bidi embeddings/overrides/isolates, surrogates and
# noncharacters.
_BAD_IN_VALUE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}\ud800-\udfff{_NONCHARACTERS}]")
# In a field name, also the tab, the line feed and every other format character
# (zero-width spaces, joiners, the byte-order mark, soft hyphen...).
_BAD_IN_KEY = re.compile(
    f"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    f"\ud800-\udfff{_NONCHARACTERS}]"
)
# Categories of characters that show nothing on their own.
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters and symbols that are drawn blank.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")

# A web address's scheme and authority: the authority runs to the first '/', '?', '#'
# or space. Browsers read '\' as '/' in http(s) addresses, so it is kept in the match
# and looked at separately.
_URL = re.compile(r"(?i)(?<![a-z0-9+.-])(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<authority>[^\s/?#]*)")


@dataclass(frozen=True)
class Refusal:
    index: int  # of the offending character in the text (0 for the text as a whole)
    message: str


def codepoint(char: str) -> str:
    """`U+200B (ZERO WIDTH SPACE)`: how messages name a character."""
    name = unicodedata.name(char, "")
    if not name:
        name = _CONTROL_NAMES.get(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


_CONTROL_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


def _what(char: str) -> str:
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        return "half of a surrogate pair, not a character"
    if 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE:
        return "a Unicode noncharacter"
    if char in "\u2028\u2029":
        return "a line or paragraph separator that many programs do not show as a line break"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "a bidirectional control: it can make the text display in another order than it is written"
    if unicodedata.category(char) == "Cf" or char == "\u180e":
        return "an invisible formatting character"
    return "a control character"


def character_problem(text: str, *, key: bool = False) -> Refusal | None:
    """The first character that has no place in a value (or a field name)."""
    match = (_BAD_IN_KEY if key else _BAD_IN_VALUE).search(text)
    if match is None:
        return None
    char = match.group()
    index = match.start()
    where = f" (character {index + 1} of the {'name' if key else 'text'})"
    if key:
        return Refusal(
            index,
            f"field names are plain words: this one holds {codepoint(char)}, {_what(char)}{where}. "
            "Retype the name as the template writes it, e.g. 'title'.",
        )
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        fix = "Delete it: right-to-left text displays correctly without it."
    elif char in "\u2028\u2029\r\x85":
        fix = "Delete it, or press Enter for a plain line break."
    else:
        fix = "Delete it (it is often pasted in by accident; an editor may show it as a box or not at all)."
    return Refusal(index, f"holds {codepoint(char)}, {_what(char)}{where}. {fix}")


def _visible(char: str) -> bool:
    return unicodedata.category(char) not in _UNSEEN_CATEGORIES and char not in _BLANK_GLYPHS


def invisible_problem(text: str) -> Refusal | None:
    """Text that holds characters, yet none that shows (zero-width spaces only).

    Text of spaces only, or empty text, is left to the schema, which says "must not be
    empty"; this catches what its `\\S` pattern lets through.
    """
    if text.isascii() or not text.strip():
        return None
    for char in text:
        if _visible(char):
            return None
    unseen = []
    for char in text:
        if not char.isspace() and char not in unseen:
            unseen.append(char)
    named = ", ".join(codepoint(c) for c in unseen[:3]) + (" …" if len(unseen) > 3 else "")
    return Refusal(
        0,
        f"has no visible character: it holds only {named}, which show nothing, so the page would "
        "show an empty (or invisible) text. Write the text, or remove the field if it is optional.",
    )


def url_problem(text: str) -> Refusal | None:
    """A web address that would show one host and lead to another."""
    if "://" not in text or ("@" not in text and "\\" not in text and "%" not in text):
        return None
    for match in _URL.finditer(text):
        authority = match["authority"]
        if "@" not in authority and "\\" not in authority and "%" not in authority:
            continue
        address = shorten(text[match.start() :].split(None, 1)[0], 120)
        if "\\" in authority:
            # https://evil.example\@www.aft.org/ leads to evil.example: '\' ends the host.
            real = authority.split("\\", 1)[0]
            host = shorten(real.rsplit("@", 1)[-1], 60) or "nowhere"
            return Refusal(
                match.start(),
                f"the address '{address}' has a backslash ('\\') in its host: browsers read it as '/', so it "
                f"would show a link that leads to {host}. Write the address with '/' only.",
            )
        if "@" in authority:
            userinfo, host = authority.rsplit("@", 1)
            userinfo, host = shorten(userinfo, 60), shorten(host, 60)
            return Refusal(
                match.start(),
                f"the address '{address}' has '{userinfo}@' in front of its host: browsers treat that part "
                f"as a user name, so it would show a link that leads to {host or 'nowhere'}. "
                f"Give the address without '{userinfo}@' (addresses in records never hold a user name or password).",
            )
        return Refusal(
            match.start(),
            f"the address '{address}' has a percent-escape ('%') in its host name: a host name is plain "
            "letters, digits, dots and hyphens. Give the address as the browser's address bar shows it.",
        )
    return None


def text_problem(text: str, *, key: bool = False) -> Refusal | None:
    """The first rule that `text` breaks, or None; `key` for a field name.

    Every character the character rule refuses is one that `str.isprintable` is False
    for (controls, format characters, separators, surrogates, unassigned code points), so
    most text passes that rule with one call at C speed; ASCII text is never invisible.
    """
    printable = text.isprintable()
    if printable and text.isascii() and "://" not in text:
        return None  # most text: one pass of three C-speed checks
    refusal = None if printable else character_problem(text, key=key)
    if refusal is None and not text.isascii():
        refusal = invisible_problem(text)
    if refusal is None and "://" in text:
        refusal = url_problem(text)
    return refusal


def shorten(text: str, limit: int = 40) -> str:
    """Long text as its start and end, for messages and field names."""
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-8:]}"


def number_problem(text: str) -> str | None:
    """A plain scalar that YAML reads as a number (int or float) but is too long to be one."""
    if len(text) <= MAX_NUMBER_LENGTH:
        return None
    return (
        f"'{shorten(text)}' reads as a number of {len(text):,} characters; numbers in records are short "
        f"(a year, a count: at most {MAX_NUMBER_LENGTH} characters). If it is text, put it in quotes."
    )


def depth_problem() -> str:
    return (
        f"the value is nested more than {MAX_DEPTH} levels deep (lists in lists, or mappings in mappings): "
        "records need only a few levels. Remove the extra brackets, dashes or indentation."
    )
