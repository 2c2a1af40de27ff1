"""The validator's rules on the places to read a resource (a `read` list: `{kind,
address, …}` items, data/schema/resource.schema.json) and on fields given together
(`x-requires`). Each is a small named function with its rule id; importing this module
(macros/checking/loader.py does) registers them in `macros.checking.registry.RECORD_RULES`."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.kinds import KindModel
from ..model.records import LEGACY_ADDRESS
from ..reading.addresses import on_host
from ..reading.problems import Problem
from ..reading.textrules import shorten
from ..reading.weburl import address_key
from .documents import Document
from .registry import Context, record_rule
from .rules import field_values, member_addresses


@record_rule("read-repeats-url")
def other_addresses_are_other(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    """A `read` entry is another place than the record's own address (`url`), in any spelling."""
    own = {
        address_key(value): spec.name
        for spec in model.fields
        if spec.web_address == "whole"
        for _, value in field_values(document, spec)
        if isinstance(value, str)
    }
    for spec in model.fields:
        for path, _, address in member_addresses(document, spec):
            if address_key(address) in own:
                name = own[address_key(address)]
                message = (
                    f"'{shorten(address, 100)}' is the record's own {name} again: the page already offers it. "
                    f"Remove this entry, or give another address where the resource can be read."
                )
                yield document.problem(path, message, "read-repeats-url")


@record_rule("mirror-host")
def document_sites_are_mirrors(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    """An address on a third-party document site (`x-mirror-hosts` in the schema) is a
    mirror, never the publisher's or a library's copy."""
    for spec in model.fields:
        hosts = spec.schema.get("x-mirror-hosts", ())
        for path, item, address in member_addresses(document, spec) if hosts else ():
            host = on_host(address, hosts)
            if host and item.get("kind") not in ("mirror", None) and (*path[:2], "kind") not in document.rejected:
                message = (
                    f"{host} is a third-party document site, so a copy there is not the publisher's: "
                    f"write 'kind: mirror' for this entry (the page then says it is a copy on another site)."
                )
                yield document.problem((*path[:2], "kind"), message, "mirror-host")


@record_rule("legacy-read-address")
def legacy_addresses_are_marked(
    ctx: Context, model: KindModel, record_id: str, document: Document
) -> Iterator[Problem]:
    """An entry at an address the research notes call legacy (macros/model/records.py,
    LEGACY_ADDRESS) says it may be gone, so the page offers a look-up instead of it."""
    for spec in model.fields:
        status = spec.items.get("properties", {}).get("status", {}).get("enum", ())
        for path, item, address in member_addresses(document, spec) if status else ():
            if LEGACY_ADDRESS.match(address) and not item.get("status"):
                message = (
                    f"'{shorten(address, 100)}' is on a legacy path that may no longer be live: add "
                    f"'status: {status[0]}' to this entry (the page then offers a look-up in the Internet "
                    "Archive), or give the address where it is now."
                )
                yield document.problem(path, message, "legacy-read-address")


@record_rule("field-requires")
def fields_given_together(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    """A field with `x-requires: <other>` is only given with that other field."""
    for spec in model.fields:
        other = spec.schema.get("x-requires")
        if other and spec.name in document.value and other not in document.value:
            message = f"{spec.name} needs {other}: add {other}, or remove this line."
            yield document.problem((spec.name,), message, "field-requires")
