"""The validator's collection rules: each sees every record of the inventory at once.

They register themselves in `registry.COLLECTION_RULES`; the loader imports this module
(and `rules`), so that it and `loader.all_rule_ids` see them with the record rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..reading.problems import Problem
from ..reading.weburl import address_key
from .documents import PLACEHOLDER, Document
from .registry import Context, collection_rule


@collection_rule("duplicate-id")
def unique_ids(ctx: Context) -> Iterator[Problem]:
    owners: dict[str, list[Document]] = defaultdict(list)
    for documents in ctx.documents.values():
        for record_id, document in documents:
            owners[record_id].append(document)
    for record_id, documents in owners.items():
        for document in documents if len(documents) > 1 else ():
            others = ", ".join(d.path for d in documents if d is not document)
            message = (
                f"the id '{record_id}' is also used by {others}: ids are unique across the whole "
                "inventory, so rename one of the files (e.g. add the organization or year)."
            )
            yield Problem(document.path, 1, 1, "", message, "duplicate-id")


@collection_rule("duplicate-url")
def unique_urls(ctx: Context) -> Iterator[Problem]:
    owners: dict[str, list[Document]] = defaultdict(list)
    for documents in ctx.documents.values():
        for _, document in documents:
            url = document.value.get("url")
            if isinstance(url, str) and PLACEHOLDER not in url and ("url",) not in document.rejected:
                owners[address_key(url)].append(document)
    for documents in owners.values():
        if len(documents) > 1:
            yield from _duplicate_urls(ctx, documents)


def _duplicate_urls(ctx: Context, documents: list[Document]) -> Iterator[Problem]:
    """Which records sharing one address are told. `added` is written by the contributor, so
    it cannot say who came first: in a pull request (the changed files are known), the files
    it adds or changes are told; otherwise every record, each naming the others."""
    changed = ctx.facts.changed
    new = [d for d in documents if changed is not None and d.path in changed]
    if new and len(new) < len(documents):
        kept = [d for d in documents if d not in new]
        for document in new:
            message = (
                f"this address is already the url of {' and '.join(d.path for d in kept)}: one resource "
                "per address (update that record instead, or give this one its own address)."
            )
            yield document.problem(("url",), message, "duplicate-url")
        return
    for document in documents:
        named = " and ".join(d.path for d in documents if d is not document)
        message = (
            f"this address is also the url of {named}: one resource per address (keep the record that "
            "was there first, or give each its own address; addresses are compared without http(s)://, "
            "www., a default port, the host's case or final dot)."
        )
        yield document.problem(("url",), message, "duplicate-url")


def _reserved(ctx: Context, folder: str, slug: str) -> str | None:
    if slug.casefold() == "index" or slug.casefold() in ctx.hand_written.get(folder, set()):
        return (
            f"'{slug}' cannot be used: the page /{folder}/{slug}/ is a page of the site written by hand "
            f"(docs/{folder}/{slug}.md or the folder's index), and this one would replace it. Choose another name."
        )
    return None


def _index_term(vocabulary: str, slug: str) -> str | None:
    """Every term names a page (its own, or a facet page /<kind>/by-<facet>/<slug>/), and a page
    named index is its folder's page: a term 'index' would replace a list of the site."""
    if slug.casefold() != "index":
        return None
    return (
        f"'{slug}' cannot be used as a slug: each term of {vocabulary} names a page of the site "
        f"(/…/{slug}/), and a page named index takes the place of its folder's own page. Choose another name."
    )


@collection_rule("reserved-id")
def ids_that_would_replace_a_page(ctx: Context) -> Iterator[Problem]:
    for kind, documents in ctx.documents.items():
        for record_id, document in documents:
            message = _reserved(ctx, kind, record_id)
            if message:
                yield Problem(document.path, 1, 1, "", f"the file name {message}", "reserved-id")
    organizations = ctx.shared.get("organizations")
    if organizations is not None and organizations.parsed.value is not None:
        for slug in organizations.value.get("organizations", {}) or {}:
            message = _reserved(ctx, "organizations", str(slug))
            if message:
                yield organizations.problem(("organizations", slug), message, "reserved-id")
    taxonomy = ctx.shared.get("taxonomy")
    paged = {spec.vocabulary for m in ctx.models.values() for spec in m.fields if spec.pages}
    if taxonomy is not None and taxonomy.parsed.value is not None:
        for vocabulary, terms in taxonomy.value.items():
            for index, term in enumerate(terms if isinstance(terms, list) else []):
                slug = term.get("slug") if isinstance(term, dict) else None
                if not isinstance(slug, str):
                    continue
                message = _reserved(ctx, vocabulary, slug) if vocabulary in paged else _index_term(vocabulary, slug)
                if message:
                    yield taxonomy.problem((vocabulary, index, "slug"), message, "reserved-id")
