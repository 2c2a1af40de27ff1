"""What a record page says to other machines: its schema.org description (JSON-LD) and
its links into the repository. Pure functions: records and the `Site` in, data out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from ..model.records import Inventory, Organization, Record
from .facets import paged_vocabularies

# A repository's address: http(s), a host, path segments of URL-safe characters; no user,
# query or fragment (the links append /edit/main/… and /issues/new?… to it).
_REPOSITORY = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]+)*/?")


def repository_address(url: str) -> str:
    """REPO_URL as the links use it (no trailing slash), or ValueError saying what is wrong
    with it. Empty stays empty: no repository, no links."""
    text = url.strip()
    if text and not _REPOSITORY.fullmatch(text):
        raise ValueError(
            f"REPO_URL {url!r} is not a repository's address: write it as https://github.com/<owner>/<name> "
            "(http or https, a host and a path; no spaces, quotes, user name, query or fragment)."
        )
    return text.rstrip("/")


@dataclass(frozen=True)
class Site:
    """Where the site is published and where its repository is. The MkDocs adapters read
    them once from the configuration (`site_url`, `site_name`, `repo_url`, which comes
    from the environment variable REPO_URL) and hand them to the render functions."""

    url: str = "http://127.0.0.1:8000/"
    name: str = ""
    repo_url: str = ""  # empty: no link to the repository anywhere

    @property
    def root(self) -> str:
        return self.url.rstrip("/") + "/"

    @property
    def repository(self) -> str:
        return self.repo_url.rstrip("/")

    def page(self, url: str) -> str:
        """The absolute address of a page, from its URL relative to the site's root."""
        return self.root + url.lstrip("/")


def record_links(record: Record, site: Site) -> dict[str, str]:
    """The links of a record page into the repository: "Suggest a change to this record"
    (GitHub's editor on the record's file) and "Report a problem" (a new issue that names
    the record), and "Tell us" where to read it (a new issue asking for the address); none
    without a repository."""
    if not site.repository:
        return {}
    title = f"Problem with the {record.kind.noun} {record.title}"
    body = (
        f"Record: {record.path}\nPage: {site.page(record.page_url)}\n\n"
        "What is wrong or missing, and which source says so?\n"
    )
    where = f"Where to read the {record.kind.noun} {record.title}"
    where_body = (
        f"Record: {record.path}\nPage: {site.page(record.page_url)}\n\n"
        "Where can it be read (the address), and is it the publisher's copy, a library's, an archived one "
        "or a copy on another site?\n"
    )
    return {
        "edit": f"{site.repository}/edit/main/{quote(record.path)}",
        "report": f"{site.repository}/issues/new?title={quote(title, safe='')}&body={quote(body, safe='')}",
        "tell": f"{site.repository}/issues/new?title={quote(where, safe='')}&body={quote(where_body, safe='')}",
    }


def _organization_ld(organization: Organization) -> dict[str, object]:
    return {"@type": "Organization", "name": organization.name, "url": organization.homepage}


def _term_ld(inventory: Inventory, vocabulary: str, slug: str) -> str:
    return inventory.taxonomy[vocabulary][slug].label


def _resource_ld(inventory: Inventory, record: Record, site: Site) -> dict[str, object]:
    """A resource as a schema.org LearningResource: only what the record states."""
    fields = record.fields
    data: dict[str, object] = {"@type": "LearningResource", "name": record.title, "description": fields["summary"]}
    if fields.get("url"):
        data["sameAs"] = fields["url"]
    lead = inventory.organizations[fields["organization"]]
    data["publisher"] = _organization_ld(lead)
    data["author"] = [_organization_ld(inventory.organizations[slug]) for slug in record.organizations]
    if fields.get("year"):
        data["datePublished"] = str(fields["year"])
    data["learningResourceType"] = _term_ld(inventory, "types", fields["type"])
    topic_pages = "topics" in paged_vocabularies(inventory)
    data["about"] = [
        {"@type": "DefinedTerm", "name": _term_ld(inventory, "topics", slug)}
        | ({"url": site.page(f"topics/{slug}/")} if topic_pages else {})
        for slug in fields["topics"]
    ]
    data["audience"] = [
        {"@type": "Audience", "audienceType": _term_ld(inventory, "audiences", slug)} for slug in fields["audiences"]
    ]
    if fields.get("grade_bands"):
        data["educationalLevel"] = [_term_ld(inventory, "grade_bands", slug) for slug in fields["grade_bands"]]
    if fields.get("languages"):
        # The language slugs are BCP 47 codes (en, es); another slug is given by its name.
        data["inLanguage"] = [
            slug if re.fullmatch(r"[a-z]{2,3}", slug) else {"@type": "Language", "name": label}
            for slug, label in ((s, _term_ld(inventory, "languages", s)) for s in fields["languages"])
        ]
    return data


def district_id(inventory: Inventory, record: Record) -> dict[str, object] | None:
    """A case study's NCES district id (`nces_leaid`): the id, whether it is firm (its
    basis is in the schema's `x-firm`), the basis's label and, for a firm one, the
    district's NCES page (the schema's `x-link`); None without an id."""
    value = record.fields.get("nces_leaid")
    if not value:
        return None
    model = inventory.models[record.kind.name]
    id_spec, basis_spec = model.field("nces_leaid"), model.field("nces_leaid_basis")
    basis = record.fields.get("nces_leaid_basis")
    firm = basis in basis_spec.schema.get("x-firm", ())
    link = str(id_spec.schema.get("x-link", "")).format(value) if firm else None
    return {"id": value, "firm": firm, "basis": basis_spec.schema.get("x-labels", {}).get(basis, basis), "link": link}


def _case_study_ld(inventory: Inventory, record: Record, site: Site) -> dict[str, object]:
    """A case study as a schema.org Article about the district (an Organization)."""
    fields = record.fields
    district: dict[str, object] = {
        "@type": "Organization",
        "name": fields["district"],
        "address": {"@type": "PostalAddress", "addressRegion": fields["state"]},
    }
    nces = district_id(inventory, record)
    if nces and nces["firm"]:  # a probable id is not stated as the district's
        district["identifier"] = {"@type": "PropertyValue", "propertyID": "NCES LEAID", "value": nces["id"]}
        district["sameAs"] = nces["link"]
    return {
        "@type": "Article",
        "headline": fields["district"],
        "description": fields["summary"],
        "about": district,
        "mentions": [{"@type": "Organization", "name": union} for union in fields["unions"]],
    }


def _record_ld(inventory: Inventory, record: Record, site: Site) -> dict[str, object]:
    """Any other kind of record: a CreativeWork with its name and summary."""
    data: dict[str, object] = {"@type": "CreativeWork", "name": record.title}
    if record.fields.get("summary"):
        data["description"] = record.fields["summary"]
    return data


JSON_LD = {"resources": _resource_ld, "case-studies": _case_study_ld}


def json_ld(inventory: Inventory, record: Record, site: Site) -> dict[str, object]:
    """The schema.org description of a record's page (JSON-LD), from the record's facts."""
    data = {"@context": "https://schema.org", **JSON_LD.get(record.kind.name, _record_ld)(inventory, record, site)}
    data["url"] = site.page(record.page_url)
    website = {"@type": "WebSite", "name": site.name, "url": site.root}
    data["isPartOf"] = {key: value for key, value in website.items() if value}
    return data


LOCAL_SITE = Site()  # the development server's address, no repository
