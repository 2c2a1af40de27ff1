"""Rules for every piece of text a contributor writes: keys and values alike.

`macros/reading/yamlbuilder.py` applies them to each scalar as it reads it, so they hold for every
field of every file (records, vocabularies, organizations) without a schema saying so:

- no control characters, noncharacters or lone surrogates (a tab and a line break are
  allowed in values, never in field names);
- no bidirectional embeddings, overrides or isolates, which make text display in
  another order than it is stored (the left-to-right and right-to-left marks may stay);
- no tag characters (they spell text that nothing shows) but in a flag emoji, and no
  interlinear annotation controls;
- no text that holds characters but shows none (zero-width spaces and the like);
- no web address with user info (`https://www.aft.org@evil.example/`), a backslash, a
  percent-escape or a character other than a-z, digits, dots and hyphens in its host, and
  none whose `https:` is not followed by `//`: it would show one host and lead to another.

Each rule returns None when the text passes, or a `Refusal`: the index of the offending
character in the text and a message that says what is wrong and how to fix it. The
checks are written so that ordinary text costs one regular-expression scan.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Characters refused in any text: C0 controls but tab and line feed, DEL, C1 controls,
# the line and paragraph separators, bidi embeddings/overrides/isolates, the interlinear
# annotation controls (which hide the text they annotate), surrogates and noncharacters.
_BAD_IN_VALUE = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}\ufff9-\ufffb\ud800-\udfff{_NONCHARACTERS}]"
)
# Tag characters spell ASCII that nothing shows ("ASCII smuggling"); their one use is in
# the flag emoji of a region (a black flag, tags, a cancel tag), which is kept.
TAGS = re.compile("[\U000e0000-\U000e007f]")
_TAG_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
# In a field name, also the tab, the line feed and every other format character
# (zero-width spaces, joiners, the byte-order mark, soft hyphen...).
BAD_IN_KEY = re.compile(
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
# Text that may hold a web address: what `url_problem` looks at more closely.
_MAYBE_ADDRESS = re.compile(r"(?i)://|https?:")
# http: or https: followed by something other than '//' that browsers still read as the
# start of a host: a backslash, one slash, a letter or digit ("https:evil.example").
_NO_SLASHES = re.compile(r"(?i)(?<![a-z0-9+.-])(?P<scheme>https?:)(?!//)(?=[\\/a-z0-9])")
# A host as browsers show it: letters, digits, dots and hyphens (or an IPv6 address in
# brackets), with a port.
_PLAIN_HOST = re.compile(r"([A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\])(:[0-9]*)?")
# Punctuation that ends a sentence or a Markdown construct right after an address.
_TRAILING_PUNCTUATION = ".,;:!?)]}>'\"*_\u2019\u201d\u00bb\u3002"


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


def character_kind(char: str) -> str:
    """What kind of unwanted character `char` is: 'a control character', 'a Unicode noncharacter'..."""
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        return "half of a surrogate pair, not a character"
    if 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE:
        return "a Unicode noncharacter"
    if char in "\u2028\u2029":
        return "a line or paragraph separator that many programs do not show as a line break"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "a bidirectional control: it can make the text display in another order than it is written"
    if "\U000e0000" <= char <= "\U000e007f":
        return "a tag character: it spells text that no one sees"
    if "\ufff9" <= char <= "\ufffb":
        return "an interlinear annotation control: it can hide the text around it"
    if unicodedata.category(char) == "Cf" or char == "\u180e":
        return "an invisible formatting character"
    return "a control character"


def character_problem(text: str, *, key: bool = False) -> Refusal | None:
    """The first character that has no place in a value (or a field name)."""
    match = (BAD_IN_KEY if key else _BAD_IN_VALUE).search(text)
    if match is None and TAGS.search(text):
        # In a value, a flag's tags are replaced by as many ordinary characters (the indexes
        # stay); a field name holds no flag.
        match = TAGS.search(text if key else _TAG_FLAG.sub(lambda flag: "x" * len(flag.group()), text))
    if match is None:
        return None
    char = match.group()
    index = match.start()
    where = f" (character {index + 1} of the {'name' if key else 'text'})"
    if key:
        return Refusal(
            index,
            f"field names are plain words: this one holds {codepoint(char)}, {character_kind(char)}{where}. "
            "Retype the name as the template writes it, e.g. 'title'.",
        )
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        fix = "Delete it: right-to-left text displays correctly without it."
    elif char in "\u2028\u2029\r\x85":
        fix = "Delete it, or press Enter for a plain line break."
    else:
        fix = "Delete it (it is often pasted in by accident; an editor may show it as a box or not at all)."
    return Refusal(index, f"holds {codepoint(char)}, {character_kind(char)}{where}. {fix}")


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
    """A web address that would show one host and lead to another, or that browsers read
    otherwise than it is written (`https:\\evil.example` is `https://evil.example/`)."""
    if not _MAYBE_ADDRESS.search(text):
        return None
    for match in _NO_SLASHES.finditer(text):
        address = _address_at(text, match.start())
        return Refusal(
            match.start(),
            f"the address '{address}' does not start with '{match['scheme']}//' (two forward slashes): "
            "browsers read what follows as a host name, so it would lead elsewhere than it seems. "
            f"Write it as {match['scheme'].lower()}//host/path.",
        )
    for match in _URL.finditer(text):
        refusal = authority_problem(text, match)
        if refusal is not None:
            return refusal
    return None


def _address_at(text: str, start: int) -> str:
    """The address that starts at `start`, as a message quotes it (without a sentence's end)."""
    return shorten(text[start:].split(None, 1)[0].rstrip(_TRAILING_PUNCTUATION), 120)


def authority_problem(text: str, match: re.Match[str]) -> Refusal | None:
    """What is wrong with the host part of one address (`match` of `_URL`), or None."""
    authority = match["authority"]
    if _PLAIN_HOST.fullmatch(authority):
        return None
    authority = authority.rstrip(_TRAILING_PUNCTUATION)  # the end of a sentence: "see https://x.org)."
    if _PLAIN_HOST.fullmatch(authority):
        return None
    address = _address_at(text, match.start())
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
    if "%" in authority:
        return Refusal(
            match.start(),
            f"the address '{address}' has a percent-escape ('%') in its host name: a host name is plain "
            "letters, digits, dots and hyphens. Give the address as the browser's address bar shows it.",
        )
    host, colon, port = authority.rpartition(":") if not authority.endswith("]") else ("", "", "")
    if colon and _PLAIN_HOST.fullmatch(host) and not port.isdigit():
        return Refusal(
            match.start(),
            f"the address '{address}' has the port '{shorten(port, 20)}' after its host: a port is a number "
            "from 0 to 65535. Remove ':" + shorten(port, 20) + "' or give the right port.",
        )
    odd = next((char for char in authority if not _PLAIN_HOST.fullmatch(char)), authority[:1])
    return Refusal(
        match.start(),
        f"the address '{address}' has {codepoint(odd)} in its host name: a host name is written in plain "
        "letters (a-z), digits, dots and hyphens, and other characters can imitate them (a Cyrillic 'а' "
        "looks like a Latin 'a', '∕' like '/'), so the link could lead elsewhere than it seems. Give the "
        "address as the browser's address bar shows it (a name in another alphabet starts with xn--).",
    )


def text_problem(text: str, *, key: bool = False) -> Refusal | None:
    """The first rule that `text` breaks, or None; `key` for a field name.

    Every character the character rule refuses is one that `str.isprintable` is False
    for (controls, format characters, separators, surrogates, unassigned code points), so
    most text passes that rule with one call at C speed; ASCII text is never invisible.
    """
    if plain_text(text):
        return None  # most text: one pass of three C-speed checks
    printable = text.isprintable()
    refusal = None if printable else character_problem(text, key=key)
    if refusal is None and not text.isascii():
        refusal = invisible_problem(text)
    if refusal is None and ":" in text:
        refusal = url_problem(text)
    if refusal is None:
        refusal = hidden_text_problem(text)
    return refusal


def plain_text(text: str) -> bool:
    """True for text that certainly passes every rule (printable ASCII without a colon,
    so without a web address, and without an HTML comment): four C-speed checks."""
    return text.isprintable() and text.isascii() and ":" not in text and "<!--" not in text


def hidden_text_problem(text: str) -> Refusal | None:
    """Text that some readers never see: an HTML comment (GitHub hides `<!-- … -->` in an
    issue or a file's preview), or U+FFFD, which stands for bytes that were not UTF-8 text
    (a character lost on the way, e.g. by the suggestion bot's reading of an issue)."""
    index = text.find("\ufffd")
    if index >= 0:
        return Refusal(
            index,
            f"holds U+FFFD (REPLACEMENT CHARACTER) (character {index + 1} of the text): it stands for bytes that "
            "were not UTF-8 text, so a character was lost. Retype the text around it (or save the file as UTF-8).",
        )
    index = text.find("<!--")
    if index >= 0:
        return Refusal(
            index,
            f"holds '<!--' (character {index + 1} of the text), the start of an HTML comment: GitHub hides it and "
            "what follows, so reviewers would not see all the text. Remove the comment, or write the text "
            "without '<!--'.",
        )
    return None


def shorten(text: str, limit: int = 40) -> str:
    """Long text as its start and end, for messages and field names."""
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-8:]}"
