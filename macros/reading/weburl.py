"""Web addresses read the way browsers read them: by the WHATWG URL standard, with ada-url
(the C++ parser of Node.js). `http://127.1/`, `http://0x7f.0.0.1/` and `http://10.1/` are
127.0.0.1 and 10.0.0.1 to a browser, so they are judged as such; an address the standard
rejects (a port of 99999) or would rewrite (`<`, a space or a quote in it, `/./`) is
refused, with what the browser would make of it; and two addresses are compared in one
normal form (`address_key`), so that `:443`, a final dot or capitals make no new address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from ada_url import URL
from publicsuffixlist import PublicSuffixList

from .textrules import shorten as _short

# An address as written: scheme, optional user info, host (an IPv6 one in brackets), port, rest.
_PARTS = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:[^@/?#\\]*@)?(?P<host>\[[^\]/?#]*\]|[^:/?#\\]*)"
    r"(?::(?P<port>[^/?#\\]*))?(?P<rest>.*)",
    re.DOTALL,
)
# Ports every scheme of the site's addresses uses by default (the key ignores the scheme).
_DEFAULT_PORTS = {"", "80", "443"}
_PRINTABLE_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))


@dataclass(frozen=True)
class WebAddress:
    href: str  # as the browser serializes it
    host: str  # 127.0.0.1, [::1], www.example.org. (lower case, IDNA applied)
    port: str  # "" for the scheme's default
    rest: str  # path, query and fragment, as serialized


@lru_cache(maxsize=4096)  # the rules ask about one address more than once
def parse(address: str) -> WebAddress | None:
    """The address as a browser reads it, or None when the URL standard rejects it."""
    try:
        href = URL(address).href  # one call into the parser: the parts are read from its serialization
    except ValueError:
        return None
    after = href.split("//", 1)[1] if "//" in href else ""
    cut = min((i for i in (after.find(c) for c in "/?#") if i >= 0), default=len(after))
    authority = after[:cut].rsplit("@", 1)[-1]
    host, _, port = authority.rpartition(":") if not authority.endswith("]") else (authority, "", "")
    return WebAddress(href, host if host else authority, port if host else "", after[cut:])


def address_key(url: str) -> str:
    """What makes two addresses the same resource: `http://www.Example.org:80/a/#top` and
    `https://example.org./a` are one (scheme, www., the host's case and final dot, a
    default port, a fragment, a final /)."""
    parsed = parse(url.strip())
    if parsed is None:  # refused elsewhere; still compared as written
        address = re.sub(r"(?i)^https?://(www\.)?", "", url.strip()).split("#", 1)[0].rstrip("/")
        host, slash, rest = address.partition("/")
        return host.lower() + slash + rest
    host = parsed.host.rstrip(".").removeprefix("www.")
    port = "" if parsed.port in _DEFAULT_PORTS else f":{parsed.port}"
    return host + port + parsed.rest.split("#", 1)[0].rstrip("/")


def host_of(address: str) -> str | None:
    """The host a browser would reach (final dot and www. aside), or None."""
    parsed = parse(address)
    return parsed.host.rstrip(".").removeprefix("www.") if parsed else None


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList(accept_unknown=False)  # the list bundled with the pinned package


def has_known_suffix(host: str) -> bool:
    """True when the host ends in a suffix of the Public Suffix List (aft.org, k12.oh.us,
    an IDN's xn-- form): "Node.js" or "index.html" name no host on the web."""
    return _suffixes().publicsuffix(host.rstrip(".").lower()) is not None


def rewrite_problem(address: str) -> str | None:
    """Why a browser would reject `address` or read it otherwise than it is written, or None."""
    parsed = parse(address)
    if parsed is not None and parsed.href in (address, address + "/"):
        return None  # most addresses: the browser reads them as written
    parts = _PARTS.fullmatch(address)
    if parts is None:
        return None  # not scheme://host: the schema or the link rules say what is wrong
    port = parts["port"]
    if port and (not port.isdigit() or int(port) > 65535):
        return (
            f"the address '{_short(address)}' has the port '{_short(port, 20)}', which no address can have "
            "(a port is a number from 0 to 65535): remove ':" + _short(port, 20) + "' or give the right port."
        )
    if parsed is None:
        return (
            f"the address '{_short(address)}' is not one a browser can open (the URL standard rejects it): "
            "copy it again from the browser's address bar."
        )
    written_host = parts["host"].lower()
    if written_host.isascii() and written_host != parsed.host:
        return (
            f"browsers read the host of '{_short(address)}' as {parsed.host}, not as written: "
            f"write the address as {_short(parsed.href)}."
        )
    rest = quote(parts["rest"], safe=_PRINTABLE_ASCII)  # non-ASCII as %XX, as the parser writes it
    if rest[:1] in ("", "?", "#"):
        rest = "/" + rest
    if rest != parsed.rest:
        odd = next((a for a, b in zip(rest, parsed.rest, strict=False) if a != b), rest[len(parsed.rest) :][:1])
        what = f"'{odd}'" if odd.strip() else "a space"
        return (
            f"the address '{_short(address)}' holds {what}, which an address cannot hold as written: browsers "
            f"would open {_short(parsed.href)}. Give the address as the browser's address bar shows it "
            "(or write the character as its %-escape)."
        )
    return None
