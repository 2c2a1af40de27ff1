"""What a record's own web addresses (a field with `format: uri`, such as a resource's
`url`, and the address a source starts with, `x-address: leading`) must be beyond their
form, which the schema checks: on the public web, with nothing in them that does not
show. The page links them as they are.

Addresses inside prose are checked by macros/reading/textrules.py (the host shown is the host
reached); prose may name a local address, as an example, where a record's link may not."""

from __future__ import annotations

import ipaddress
import re
import unicodedata

from .textrules import codepoint, shorten
from .weburl import host_of, parse, rewrite_problem

# The Internet Archive's copies of an address (macros/model/reach.py: the look-up of a gone one).
ARCHIVE = "https://web.archive.org/web/"


def archive_lookup(address: str, year: int | None = None) -> str:
    """The Internet Archive's copies of an address: the one nearest to `year`, or the
    list of them all (`*`) without a year."""
    return f"{ARCHIVE}{year or '*'}/{address}"


_LEADING_ADDRESS = re.compile(r"^(https?://\S+)(.*)$", re.DOTALL)
# The host of an address (after any user name, before a port), an IPv6 one in brackets.
_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(\[[^\]/?#]*\]|[^:/?#]*)")
# Characters that do not show: textrules' set less the combining marks, which show on the
# letter before them (an address may hold a decomposed "é").
_UNSEEN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
# Names that lead to the visitor's own computer or a private network (RFC 6761, 6762, 8375).
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".invalid")


def on_host(address: str, hosts: list[str] | tuple[str, ...]) -> str | None:
    """The one of `hosts` the address is on (itself or a subdomain: ar.scribd.com), or None."""
    host = host_of(address) or ""
    return next((h for h in hosts if host == h or host.endswith("." + h)), None)


def source_parts(source: str) -> tuple[str | None, str]:
    """'https://x (note)' -> ('https://x', ' (note)'); a citation -> (None, text)."""
    match = _LEADING_ADDRESS.match(source.strip())
    if match:
        return match.group(1), match.group(2)
    return None, source


def address_problem(address: str) -> str | None:
    """Why a record's own web address would not lead where it seems, or None."""
    # Printable ASCII without a space (nearly every address) holds nothing unseen.
    unseen = not (address.isascii() and address.isprintable() and " " not in address)
    # Two addresses that differ by such a character look the same on the page.
    char = next((c for c in address if unicodedata.category(c) in _UNSEEN), None) if unseen else None
    if char is not None:
        return (
            f"the address '{shorten(address, 100)}' holds {codepoint(char)}, which does not show on "
            "the page, so the address would not be the one it seems: remove it."
        )
    found = _HOST.match(address)  # the schema says what is wrong with another form
    if not found:
        return None
    # The host as a browser reads it: http://127.1/ and http://0x7f.0.0.1/ are 127.0.0.1.
    parsed = parse(address)
    host = parsed.host.strip("[]") if parsed else found.group(1).strip("[]").lower()
    if host and _is_local(host):
        return (
            f"the address '{shorten(address, 100)}' leads to {host}, which is the visitor's own computer "
            "or a private network, not the public web: give the address where anyone can open the resource."
        )
    return rewrite_problem(address)


def _is_local(host: str) -> bool:
    name = host.rstrip(".")
    if name[:1].isdigit() or ":" in name:  # an IP address, or a name that starts with a digit
        try:
            return not ipaddress.ip_address(name).is_global
        except ValueError:
            pass
    return "." not in name or name == "localhost" or name.endswith(_LOCAL_SUFFIXES)
