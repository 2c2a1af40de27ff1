"""What a record's own web addresses (a field with `format: uri`, such as a resource's
`url`, and the address a source starts with, `x-address: leading`) must be beyond their
form, which the schema checks: on the public web, with nothing in them that does not
show. The page links them as they are.

Addresses inside prose are checked by macros/textrules.py (the host shown is the host
reached); prose may name a local address, as an example, where a record's link may not."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from .textrules import codepoint, shorten

_LEADING_ADDRESS = re.compile(r"^(https?://\S+)(.*)$", re.DOTALL)
_UNSEEN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
# Names that lead to the visitor's own computer or a private network (RFC 6761, 6762, 8375).
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".invalid")


def source_parts(source: str) -> tuple[str | None, str]:
    """'https://x (note)' -> ('https://x', ' (note)'); a citation -> (None, text)."""
    match = _LEADING_ADDRESS.match(source.strip())
    if match:
        return match.group(1), match.group(2)
    return None, source


def address_problem(address: str) -> str | None:
    """Why a record's own web address would not lead where it seems, or None."""
    shown = shorten(address, 100)
    for char in address:
        # Two addresses that differ by it look the same on the page.
        if unicodedata.category(char) in _UNSEEN:
            return (
                f"the address '{shown}' holds {codepoint(char)}, which does not show on the page, so the "
                "address would not be the one it seems: remove it."
            )
    try:
        host = urlsplit(address).hostname
    except ValueError:
        return None  # the schema says what is wrong with its form
    if host and _is_local(host):
        return (
            f"the address '{shown}' leads to {host}, which is the visitor's own computer or a private "
            "network, not the public web: give the address where anyone can open the resource."
        )
    return None


def _is_local(host: str) -> bool:
    name = host.rstrip(".").lower()
    try:
        return not ipaddress.ip_address(name).is_global
    except ValueError:
        pass
    return "." not in name or name == "localhost" or name.endswith(_LOCAL_SUFFIXES)
