"""The validator's cross-file rules: small named functions, each with a rule id.

A record rule sees one record file at a time; a collection rule sees every record of
the inventory (unique ids and addresses, in `collection_rules.py`). Both register in the
tables of `registry.py`, which the loader runs; neither imports the other. Each yields
`Problem` values. The rules that need no code are declared in the schemas: `x-vocabulary`
and `x-references` fields are checked by `vocabulary_slugs` and `references` below,
whatever the field, and `x-markdown` fields by `links_lead_to_web_addresses`. The ids of
every rule, the schema's keywords and the reading checks included, are returned by
`loader.all_rule_ids`; the tests check that each has a fixture, and that no other is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model.kinds import FieldSpec, KindModel
from ..reading.addresses import address_problem, source_parts
from ..reading.markdown_text import WEB_LINK as _WEB_LINK
from ..reading.markdown_text import is_web_link, link_targets
from ..reading.problems import Problem
from ..reading.textrules import shorten, url_problem
from ..reading.weburl import rewrite_problem
from ..reading.yamlbuilder import PathKey
from .documents import PLACEHOLDER, Document
from .registry import Context, did_you_mean, record_rule

# Text in a `sources` entry that would be a link with a scheme other than http(s).
BAD_SCHEME = re.compile(r"^\s*(?!https?://)[a-zA-Z][a-zA-Z0-9+.-]*:(?!\s)")


def field_values(document: Document, spec: FieldSpec) -> list[tuple[PathKey, Any]]:
    """A field's values with their paths, skipping what the schema check already refused
    (one problem per cause)."""
    record = document.value
    value = record.get(spec.name)
    items = list(enumerate(value)) if isinstance(value, list) else [(None, value)] if spec.name in record else []
    return [
        ((spec.name,) if index is None else (spec.name, index), item)
        for index, item in items
        if isinstance(item, str | int)
        and not isinstance(item, bool)
        and PLACEHOLDER not in str(item)
        and ((spec.name,) if index is None else (spec.name, index)) not in document.rejected
    ]


@record_rule("vocabulary")
def vocabulary_slugs(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    if ctx.taxonomy is None:
        return
    for spec in model.vocabulary_fields:
        terms = ctx.taxonomy.get(spec.vocabulary or "", {})
        noun = str(spec.schema.get("x-url-key", spec.name)).replace("_", " ")
        for path, slug in field_values(document, spec):
            if slug not in terms:
                message = (
                    f"'{slug}' is not a known {noun}.{did_you_mean(slug, terms)} Use one of: {', '.join(terms)} "
                    "(defined in data/taxonomy.yml; listed on the site's /contribute/vocabulary/ page)."
                )
                yield document.problem(path, message, "vocabulary")


def _reference_message(ctx: Context, collection: str, value: Any) -> str | None:
    """Why `value` names nothing in `collection`, or None when it does."""
    if collection == "organizations" and ctx.organizations is not None and value not in ctx.organizations:
        return (
            f"'{value}' is not a known organization.{did_you_mean(value, ctx.organizations)} Use one of: "
            f"{', '.join(ctx.organizations)} (defined in data/organizations.yml)."
        )
    if collection == "conferences" and ctx.conferences is not None and value not in ctx.conferences:
        years = ", ".join(map(str, ctx.conferences))
        return f"there is no conference in {value}; use one of: {years} (see data/conferences.yml)."
    if collection in ctx.documents:
        ids = ctx.ids(collection)
        if value not in ids:
            guess = did_you_mean(value, ids).replace(" Did", " did")
            return (
                f"there is no record with the id '{value}' in data/{collection}/"
                + (f":{guess}" if guess else ".")
                + f" Use the file name of a record under data/{collection}/, without .yml."
            )
    return None


@record_rule("reference")
def references(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    for spec in model.fields:
        if spec.references:
            for path, value in field_values(document, spec):
                message = _reference_message(ctx, spec.references, value)
                if message:
                    yield document.problem(path, message, "reference")


@record_rule("folder-mismatch")
def nested_in_its_folder(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    """The record sits in the folder its field names (data/resources/<organization>/). A value
    that names nothing is the reference rule's one problem; a fix names only real folders."""
    nesting = model.kind.nesting
    if nesting is None:
        return
    spec = model.field(nesting)
    folder = Path(document.path).parent.name
    known = _known(ctx, spec.references)
    for path, value in field_values(document, spec):
        if value == folder or (known is not None and value not in known):
            continue
        fix = f"move the file to data/{model.kind.name}/{value}/"
        if known is None or folder in known:
            fix += f" or set '{nesting}: {folder}'"
        else:
            fix += f" ('{folder}' is not the folder of any {(spec.references or nesting).removesuffix('s')})"
        yield document.problem(path, f"'{value}' does not match the folder '{folder}': {fix}.", "folder-mismatch")


def _known(ctx: Context, collection: str | None) -> set | None:
    """The names a reference field may hold, or None when they are not known (not loaded)."""
    if collection == "organizations":
        return set(ctx.organizations) if ctx.organizations is not None else None
    if collection in ctx.documents:
        return ctx.ids(collection)
    return None


@record_rule("partner-is-lead")
def lead_not_partner(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    record = document.value
    partners = record.get("partners")
    if "organization" in record and isinstance(partners, list) and record["organization"] in partners:
        index = partners.index(record["organization"])
        yield document.problem(
            ("partners", index), "the lead organization is listed again as a partner: remove it.", "partner-is-lead"
        )


@record_rule("url-status-without-url")
def url_status_needs_url(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    if "url_status" in document.value and "url" not in document.value:
        yield document.problem(
            ("url_status",), "url_status needs a url: add the url or remove this line.", "url-status-without-url"
        )


@record_rule("source-scheme")
def sources_are_web_links(ctx: Context, model: KindModel, record_id: str, document: Document) -> Iterator[Problem]:
    """A value that starts with an address (`x-address: leading`: a source) starts with an
    http(s) one, or is a plain citation."""
    for spec in model.fields:
        if spec.web_address != "leading":
            continue
        for path, source in field_values(document, spec):
            if isinstance(source, str) and BAD_SCHEME.match(source):
                yield document.problem(
                    path,
                    f"{shorten(source.split(':', 1)[0], 40)!r} links are not allowed: give an http:// or "
                    "https:// address, or a plain citation.",
                    "source-scheme",
                )


@record_rule("markdown-link")
def links_lead_to_web_addresses(
    ctx: Context, model: KindModel, record_id: str, document: Document
) -> Iterator[Problem]:
    """Every link of a Markdown field leads to an http(s) address: the pages would drop any
    other (a page of this site, `//elsewhere`, `mailto:`), so the contributor is told."""
    for spec in model.fields:
        if not spec.markdown:
            continue
        for path, text in field_values(document, spec):
            for href in link_targets(text) if isinstance(text, str) else ():
                rewritten = rewrite_problem(href) if _WEB_LINK.match(href) and url_problem(href) is None else None
                if rewritten:
                    yield document.problem(path, rewritten, "markdown-link")
                elif not is_web_link(href):
                    message = (
                        f"the link to '{shorten(href, 80)}' does not lead to a web address: a link in this text "
                        "must be a full address starting with https:// or http://, e.g. "
                        "[the report](https://www.aft.org/…). Without brackets, the text is not a link."
                    )
                    yield document.problem(path, message, "markdown-link")


@record_rule("web-address")
def own_addresses_lead_to_the_web(
    ctx: Context, model: KindModel, record_id: str, document: Document
) -> Iterator[Problem]:
    """A record's own links (its `url`, the address a source starts with) are on the public
    web, with nothing in them that does not show."""
    for spec in model.fields:
        if spec.web_address:
            for path, value in field_values(document, spec):
                if not isinstance(value, str):
                    continue
                address = source_parts(value)[0] if spec.web_address == "leading" else value
                message = address_problem(address) if address else None
                if message:
                    yield document.problem(path, message, "web-address")
        for path, _, address in member_addresses(document, spec):
            message = address_problem(address)
            if message:
                yield document.problem(path, message, "web-address")


def member_addresses(document: Document, spec: FieldSpec) -> list[tuple[PathKey, dict, str]]:
    """The web addresses inside a list's items (`read[].address`), with their paths and items,
    skipping what the schema check refused."""
    value = document.value.get(spec.name)
    found = []
    for index, item in enumerate(value) if isinstance(value, list) and spec.address_members else ():
        for member in spec.address_members if isinstance(item, dict) else ():
            path = (spec.name, index, member)
            address = item.get(member)
            if isinstance(address, str) and PLACEHOLDER not in address and path not in document.rejected:
                found.append((path, item, address))
    return found
