"""Provenance of the ways to read a resource and of the case studies' NCES district ids,
read from the YAML files directly (no build, no loader), against the research notes:

- every `read[].address` (and `url`) of a resource is one of the addresses the notes record for it
  (research/seed-data/addresses.yml), or at least an address written somewhere in the
  notes, or one of the record's own `sources`: no invented address; and it keeps the kind
  the notes give it (publisher, library, mirror, description), except that an address on
  a third-party document site (the schema's `x-mirror-hosts`) is always a mirror, as the
  validator's rule "mirror-host" requires;
- no address that the notes' second check marked `recheck: not_seen` or `mismatch` is
  used by a resource (`url`, `read` or `sources`); elsewhere a `mismatch` address may be
  cited only where another note cites it for what it is (a conference's presentations);
- a publisher's address on an old path that the notes' header names as possibly gone
  carries `status: may-be-gone` (a `url` there, `url_status`);
- every case study's `nces_leaid` and `nces_leaid_basis` are those of
  research/seed-data/district_ids.yml, and every 7-digit id given there is used;
- at least 90% of the resources have a copy to read (a live url, a read entry that is not
  a description, or a gone address that the site turns into an Internet Archive look-up),
  and there are 26 case studies.

The check functions return what they find wrong, so the self-tests at the end can show
that each of them reports a made-up bad record.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT

NOTES = ROOT / "research" / "seed-data"
SEEDS = ROOT / "research" / "seeds"
RESOURCES = ROOT / "data" / "resources"
CASE_STUDIES = ROOT / "data" / "case-studies"
UNCONFIRMED = ("not_seen", "mismatch")  # the notes' second check: do not use
COPY_KINDS = ("publisher", "library", "archive", "mirror")
# The old publisher paths that the header of addresses.yml names as possibly gone. AASA's
# "headline" statements are included: the notes call them legacy .aspx addresses too.
OLD_PATHS = re.compile(
    r"aasa\.org/(headline)?content\.aspx|nea\.org/home/\d+\.htm|ccsso\.org/Resources/|aft\.org/\S*\.cfm"
    r"|centerforpubliceducation\.org|asbj\.com|gpsnetwork\.org",
    re.IGNORECASE,
)
URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>\]]+")
ADDRESS_FIELD = re.compile(r"\b(?:url|address|seen_at):\s*\"([^\"\s]+)\"")  # also written without a scheme
CASE_STUDY_COUNT = 26


def address_key(address: str) -> str:
    """An address compared without its scheme and a trailing slash (the notes sometimes
    write 'www.example.org/page' without one)."""
    return re.sub(r"^https?://", "", address.strip()).rstrip("/")


@cache
def load(path: Path) -> Any:
    """A YAML file, read once (the tests only read what it returns)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def resource_files() -> list[Path]:
    return sorted(RESOURCES.rglob("*.yml"))


def resource_id(path: Path) -> str:
    return path.relative_to(RESOURCES).with_suffix("").as_posix()


def case_study_files() -> list[Path]:
    return sorted(CASE_STUDIES.glob("*.yml"))


@cache
def address_notes() -> dict[str, list[dict[str, Any]]]:
    """addresses.yml: each resource id with the addresses found for it."""
    return {entry["id"]: entry.get("found") or [] for entry in load(NOTES / "addresses.yml")["records"]}


@cache
def addresses_in_notes() -> frozenset[str]:
    """Every address written anywhere in the notes (keys), the scheme-less ones of
    addresses.yml included."""
    texts = [path.read_text(encoding="utf-8") for path in [*NOTES.glob("*.yml"), *SEEDS.glob("*.txt")]]
    found = {address_key(url.rstrip(".,;:)")) for text in texts for url in URL_IN_TEXT.findall(text)}
    found |= {address_key(address) for text in texts for address in ADDRESS_FIELD.findall(text)}
    return frozenset(found)


@cache
def mirror_hosts() -> tuple[str, ...]:
    schema = json.loads((ROOT / "data/schema/resource.schema.json").read_text(encoding="utf-8"))
    return tuple(schema["properties"]["read"]["x-mirror-hosts"])


def on_mirror_host(address: str) -> bool:
    host = address_key(address).split("/", 1)[0].lower()
    return any(host == name or host.endswith("." + name) for name in mirror_hosts())


def source_keys(record: dict[str, Any]) -> set[str]:
    """The addresses that start the record's sources ('https://... (note)')."""
    return {address_key(source.split()[0]) for source in record.get("sources") or [] if source.strip()}


def notes_kind(rid: str, address: str, notes: dict[str, list[dict[str, Any]]]) -> str | None:
    """The kind the notes give an address: in the resource's own entry first, else in any."""
    key = address_key(address)
    own = [item["kind"] for item in notes.get(rid, []) if address_key(item["address"]) == key]
    other = [item["kind"] for items in notes.values() for item in items if address_key(item["address"]) == key]
    return (own or other or [None])[0]


def read_problems(rid: str, record: dict[str, Any], notes: dict[str, list[dict[str, Any]]]) -> list[str]:
    """A read entry whose address the notes and sources do not know, or whose kind is not
    the one the notes give it."""
    problems = []
    known = addresses_in_notes() | source_keys(record)
    for entry in record.get("read") or []:
        address, kind = entry["address"], entry["kind"]
        if address_key(address) not in known:
            problems.append(f"{address}: not in research/seed-data or in the record's sources")
        expected = notes_kind(rid, address, notes)
        if on_mirror_host(address):
            expected = "mirror"  # a document site's copy is a mirror (rule mirror-host)
        if expected and kind != expected:
            problems.append(f"{address}: kind {kind}, the notes say {expected}")
    return problems


@cache
def unconfirmed_addresses() -> dict[str, str]:
    """The addresses the notes' second check did not confirm, with its verdict."""
    return {
        address_key(item["address"]): item["recheck"]
        for items in address_notes().values()
        for item in items
        if item.get("recheck") in UNCONFIRMED
    }


def record_addresses(record: dict[str, Any]) -> list[str]:
    """Every address of a resource: url, read entries and sources."""
    read = [entry["address"] for entry in record.get("read") or []]
    return [*([record["url"]] if record.get("url") else []), *read, *sorted(source_keys(record))]


def unconfirmed_uses(record: dict[str, Any], unconfirmed: dict[str, str]) -> list[str]:
    return [
        f"{a}: recheck {unconfirmed[address_key(a)]}" for a in record_addresses(record) if address_key(a) in unconfirmed
    ]


def missing_gone_status(record: dict[str, Any]) -> list[str]:
    """A publisher's address (or the url) on an old path, not marked as possibly gone."""
    problems = []
    url = record.get("url")
    if url and OLD_PATHS.search(url) and not record.get("url_status"):
        problems.append(f"url {url}: an old path, give url_status")
    for entry in record.get("read") or []:
        if entry["kind"] == "publisher" and OLD_PATHS.search(entry["address"]) and entry.get("status") != "may-be-gone":
            problems.append(f"{entry['address']}: an old path, give status: may-be-gone")
    return problems


def has_copy(record: dict[str, Any]) -> bool:
    """A way to read a copy: a url (live, or gone and looked up in the Internet Archive), a
    read entry of a copy kind, or a gone entry (also looked up)."""
    entries = record.get("read") or []
    return bool(record.get("url")) or any(e["kind"] in COPY_KINDS or e.get("status") for e in entries)


@pytest.mark.parametrize("path", resource_files(), ids=resource_id)
def test_read_addresses_come_from_the_notes_with_their_kind(path: Path) -> None:
    assert read_problems(resource_id(path), load(path), address_notes()) == []


@pytest.mark.parametrize("path", resource_files(), ids=resource_id)
def test_no_unconfirmed_address_is_used(path: Path) -> None:
    assert unconfirmed_uses(load(path), unconfirmed_addresses()) == []


def test_a_mismatched_address_is_cited_elsewhere_only_as_the_notes_cite_it() -> None:
    """Outside the resources, an unconfirmed address appears only where a note other than
    addresses.yml cites it (data/conferences.yml: ED's page of the 2011 presentations)."""
    others = "".join(path.read_text(encoding="utf-8") for path in NOTES.glob("*.yml") if path.name != "addresses.yml")
    other_keys = {address_key(url.rstrip(".,;:)")) for url in URL_IN_TEXT.findall(others)}
    files = [*case_study_files(), ROOT / "data/conferences.yml", ROOT / "data/organizations.yml"]
    used = {address_key(url) for path in files for url in URL_IN_TEXT.findall(path.read_text(encoding="utf-8"))}
    bad = {key for key in used & unconfirmed_addresses().keys() if key not in other_keys}
    assert bad == set()
    assert "not_seen" not in {unconfirmed_addresses()[key] for key in used if key in unconfirmed_addresses()}


@pytest.mark.parametrize("path", resource_files(), ids=resource_id)
def test_old_publisher_paths_are_marked_as_possibly_gone(path: Path) -> None:
    assert missing_gone_status(load(path)) == []


def test_most_resources_have_a_copy_to_read() -> None:
    records = [load(path) for path in resource_files()]
    share = sum(has_copy(record) for record in records) / len(records)
    assert len(records) >= 80 and share >= 0.9, f"{share:.0%} of {len(records)} resources have a copy to read"


@pytest.mark.parametrize("path", resource_files(), ids=resource_id)
def test_the_url_comes_from_the_notes(path: Path) -> None:
    url = load(path).get("url")
    assert url is None or address_key(url) in addresses_in_notes() | source_keys(load(path))


def test_every_resource_of_the_notes_exists() -> None:
    assert set(address_notes()) <= {resource_id(path) for path in resource_files()}


@cache
def district_ids() -> dict[str, tuple[str, str] | None]:
    """district_ids.yml: each case study with its (LEAID, basis), or None where the notes
    give no 7-digit id. Exempt, so None: the ids the notes call unknown (Helena, Marlboro,
    Springfield, St. Louis, Washoe, Winston-Salem) and Meriden, whose only number (902400)
    is printed without its leading zero on a publicschoolreview address: the notes show it
    as printed and do not pad it, so neither does the record."""
    ids: dict[str, tuple[str, str] | None] = {}
    for district in load(NOTES / "district_ids.yml")["districts"]:
        leaid = district["nces_leaid"]
        value = str(leaid.get("value", ""))
        ids[district["case_study"]] = (value, leaid["basis"]) if re.fullmatch(r"\d{7}", value) else None
    return ids


def nces_problems(name: str, record: dict[str, Any], ids: dict[str, tuple[str, str] | None]) -> list[str]:
    """A case study's id and basis against the notes' (none for a district they have none for)."""
    expected = ids.get(name)
    given = (record["nces_leaid"], record.get("nces_leaid_basis")) if "nces_leaid" in record else None
    if "nces_leaid_basis" in record and given is None:
        return ["nces_leaid_basis without nces_leaid"]
    return [] if given == expected else [f"nces_leaid/basis {given}, district_ids.yml gives {expected}"]


@pytest.mark.parametrize("path", case_study_files(), ids=lambda path: path.stem)
def test_nces_ids_are_the_notes(path: Path) -> None:
    assert nces_problems(path.stem, load(path), district_ids()) == []


def test_the_case_studies_of_the_notes() -> None:
    names = {path.stem for path in case_study_files()}
    assert len(names) == CASE_STUDY_COUNT
    assert set(district_ids()) <= names
    assert sum(1 for value in district_ids().values() if value) == 17  # the notes' summary: 6 + 1 + 7 + 3
    assert district_ids()["meriden"] is None and "nces_leaid" not in load(CASE_STUDIES / "meriden.yml")


# Self-tests: each check reports a made-up bad record.
INVENTED = "https://example.org/not-in-the-notes.pdf"


def test_the_checks_report_invented_and_misfiled_addresses() -> None:
    notes = {"x/y": [{"kind": "publisher", "address": "www.aft.org/old.cfm"}]}
    record = {
        "read": [{"kind": "mirror", "address": INVENTED}, {"kind": "mirror", "address": "http://www.aft.org/old.cfm"}]
    }
    problems = read_problems("x/y", record, notes)
    assert problems[0].startswith(INVENTED) and "not in research/seed-data" in problems[0]
    assert any("kind mirror, the notes say publisher" in problem for problem in problems)
    assert read_problems("x/y", {**record, "sources": [f"{INVENTED} (a note)"]}, notes) == problems[1:]
    wrong_host = {
        "read": [
            {
                "kind": "publisher",
                "address": "https://issuu.com/achieveinc/docs/materialsalignmenttoolkit_version2-/153",
            }
        ]
    }
    assert read_problems("sap/instructional-materials-evaluation-tool", wrong_host, address_notes()) != []


def test_the_checks_report_unconfirmed_and_old_addresses() -> None:
    scribd = "https://ja.scribd.com/document/193719499/Common-Core-Workbook"
    assert unconfirmed_uses({"read": [{"kind": "mirror", "address": scribd}]}, unconfirmed_addresses()) != []
    assert unconfirmed_uses({"sources": [f"{scribd} (copy)"]}, unconfirmed_addresses()) != []
    old = {
        "url": "http://www.nea.org/home/46653.htm",
        "read": [{"kind": "publisher", "address": "http://www.asbj.com/x.aspx"}],
    }
    assert len(missing_gone_status(old)) == 2
    assert (
        missing_gone_status(
            {**old, "url_status": "probably-dead", "read": [{**old["read"][0], "status": "may-be-gone"}]}
        )
        == []
    )
    assert not has_copy({"read": [{"kind": "description", "address": INVENTED}]})
    assert has_copy({"read": [{"kind": "description", "address": INVENTED, "status": "may-be-gone"}]})


def test_the_checks_report_a_wrong_nces_id() -> None:
    ids = {"a": ("0601620", "page_text"), "b": None}
    assert nces_problems("a", {"nces_leaid": "0601621", "nces_leaid_basis": "page_text"}, ids) != []
    assert nces_problems("a", {"nces_leaid": "0601620", "nces_leaid_basis": "page_address"}, ids) != []
    assert nces_problems("a", {}, ids) != []
    assert nces_problems("b", {"nces_leaid": "0902400", "nces_leaid_basis": "seed_address"}, ids) != []
    assert nces_problems("b", {"nces_leaid_basis": "page_text"}, ids) != []
    assert nces_problems("a", {"nces_leaid": "0601620", "nces_leaid_basis": "page_text"}, ids) == []
