"""What the site gives those who reuse or correct it: schema.org JSON-LD on record pages,
link previews on every page, links into the repository (only with REPO_URL) and the
embeddable lists. Checked on built sites, with standard parsers."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from helpers import ROOT, copy_valid_data
from sitebuild import build, make_project, parse

from macros.checking.loader import load_inventory
from macros.model.kinds import KINDS
from macros.model.records import Inventory, Record
from macros.publishing.linkeddata import repository_address
from macros.publishing.pages import render_record_page
from macros.publishing.render import Site, paged_vocabularies

SITE_URL = "http://127.0.0.1:8000/"
REPO_URL = "https://github.com/example-org/planning-inventory"
LD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


# The tests of this file share what a module fixture builds: with `--dist loadgroup`
# (make test), one worker runs them all.
pytestmark = pytest.mark.xdist_group("test_reuse")


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    loaded = load_inventory(ROOT / "data").inventory
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built with REPO_URL set."""
    site = tmp_path_factory.mktemp("repo") / "site"
    result = build(ROOT, site, repo_url=REPO_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def records(inventory: Inventory) -> list[Record]:
    return [record for kind in KINDS for record in inventory.records.get(kind.name, ())]


def page_of(site: Path, record: Record) -> Path:
    return site / record.page_url / "index.html"


def json_ld(path: Path) -> dict:
    found = parse(path).json_ld()
    assert len(found) == 1, path
    return json.loads(found[0])


# --- JSON-LD -----------------------------------------------------------------------------------


def test_every_record_page_describes_its_record_in_json_ld(real_site: Path, inventory: Inventory) -> None:
    for record in records(inventory):
        data = json_ld(page_of(real_site, record))
        assert data["@context"] == "https://schema.org"
        assert data["url"] == SITE_URL + record.page_url
        assert data["description"] == record.summary
        assert data["isPartOf"] == {"@type": "WebSite", "name": "Planning Resource Inventory", "url": SITE_URL}
        if record.kind.name == "resources":
            assert data["@type"] == "LearningResource"
            assert data["name"] == record.title
            assert data.get("sameAs") == record.url
            assert data["publisher"]["name"] == inventory.organizations[record.organization].name
            assert [a["name"] for a in data["author"]] == [
                inventory.organizations[s].name for s in record.organizations
            ]
            assert data.get("datePublished") == (str(record.year) if record.year else None)
            assert [t["name"] for t in data["about"]] == [inventory.taxonomy["topics"][s].label for s in record.topics]
            audiences = [inventory.taxonomy["audiences"][s].label for s in record.audiences]
            assert [a["audienceType"] for a in data["audience"]] == audiences
            assert data.get("inLanguage") == (list(record.languages) or None)
        else:
            assert data["@type"] == "Article"
            assert data["headline"] == record.district
            about = {
                "@type": "Organization",
                "name": record.district,
                "address": {"@type": "PostalAddress", "addressRegion": record.state},
            }
            leaid, basis = record.fields.get("nces_leaid"), record.fields.get("nces_leaid_basis")
            if leaid and basis in ("page_text", "nces_page_address"):  # a firm id: see the schema's x-firm
                about["identifier"] = {"@type": "PropertyValue", "propertyID": "NCES LEAID", "value": leaid}
                about["sameAs"] = f"https://nces.ed.gov/ccd/districtsearch/district_detail.asp?ID2={leaid}"
            assert data["about"] == about
            assert [m["name"] for m in data["mentions"]] == list(record.unions)


# With an emoji family (beyond U+FFFF, joined by zero-width joiners), which the front
# matter once lost.
HOSTILE = "</script><script>alert(1)</script> \"double\" 'single' & --> <b> \U0001f469\u200d\U0001f467"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with a resource and a district whose text tries to close the script."""
    tmp_path = tmp_path_factory.mktemp("hostile-ld")
    data = copy_valid_data(tmp_path / "in")
    quoted = json.dumps(HOSTILE, ensure_ascii=False)
    path = data / "resources/aft/fixture-toolkit.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f"title: {quoted}", text)
    text = re.sub(r"(?m)^summary: .*$", f"summary: {json.dumps(HOSTILE + ' summary', ensure_ascii=False)}", text)
    path.write_text(text, encoding="utf-8")
    path = data / "case-studies/fixture-district.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^district: .*$", f"district: {quoted}", text)
    text = re.sub(r"(?m)^unions: .*$", f"unions: [{quoted}]", text)
    path.write_text(text, encoding="utf-8")
    project = make_project(tmp_path / "project", data)
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.parametrize("page", ["resources/fixture-toolkit", "case-studies/fixture-district"])
def test_hostile_text_round_trips_through_json_ld(hostile_site: Path, page: str) -> None:
    path = hostile_site / page / "index.html"
    html = path.read_text(encoding="utf-8")
    scripts = LD_SCRIPT.findall(html)
    assert len(scripts) == 1
    raw = scripts[0]
    assert not re.search(r"[<>&]", raw), "the JSON-LD must not hold <, > or & as such"
    data = json.loads(raw)
    if page.startswith("resources"):
        assert data["name"] == HOSTILE and data["description"] == HOSTILE + " summary"
    else:
        assert data["headline"] == HOSTILE and data["about"]["name"] == HOSTILE
        assert data["mentions"] == [{"@type": "Organization", "name": HOSTILE}]
    parsed = parse(path)
    assert not any("alert(" in script for script in parsed.scripts), "nothing broke out into a script"
    assert parsed.json_ld() == [raw]
    # In the head: in the content, Material's instant navigation would run it as a script.
    head, content = html.split("</head>", 1)
    assert raw in head and "ld+json" not in content
    # The title survived the page's front matter (the browser tab, link previews).
    (tab,) = re.findall(r"<title>(.*?)</title>", head, re.DOTALL)
    assert unescape(tab).startswith(HOSTILE) and parsed.meta()["og:title"].startswith(HOSTILE)


def test_json_ld_escapes_line_separators(valid_data: Path) -> None:
    """U+2028 and U+2029 (refused by the validator, so forged here) end a line in JavaScript:
    the JSON-LD escapes them too, and gives the text back exactly."""
    inventory = load_inventory(valid_data).inventory
    assert inventory is not None
    tricky = "a\u2028b\u2029c </script><script>alert(1)</script> \"q\" 'q' &amp; <!--"
    for record in records(inventory):
        forged = record.with_fields(**{record.kind.title_field: tricky, "summary": tricky})
        page = render_record_page(inventory, forged, Site(SITE_URL, "Inventory", REPO_URL))
        raw = yaml.safe_load(page.front_matter)["json_ld"]
        assert not re.search("[<>&\u2028\u2029]", raw)
        data = json.loads(raw)
        assert data["description"] == tricky
        assert data.get("name", data.get("headline")) == tricky


# --- link previews -----------------------------------------------------------------------------


def previews(path: Path) -> dict[str, str]:
    meta = parse(path).meta()
    return {key: value for key, value in meta.items() if key.startswith(("og:", "twitter:"))}


def test_a_record_page_has_its_link_preview(real_site: Path, inventory: Inventory) -> None:
    record = inventory.resource_by_id["share-my-lesson"]
    assert previews(page_of(real_site, record)) == {
        "og:type": "website",
        "og:site_name": "Planning Resource Inventory",
        "og:title": record.title,
        "og:description": record.summary,
        "og:url": SITE_URL + "resources/share-my-lesson/",
        "twitter:card": "summary",
        "twitter:title": record.title,
        "twitter:description": record.summary,
    }


def test_a_hand_written_page_has_its_link_preview(real_site: Path) -> None:
    path = real_site / "open-data/index.html"
    site_description = parse(real_site / "index.html").meta()["description"]
    assert site_description.startswith("Planning resources, exemplar districts")
    found = previews(path)
    assert (found["og:title"], found["twitter:title"]) == ("Open data", "Open data")
    # The page's own description, from its front matter (the home page has the site's).
    own = yaml.safe_load((ROOT / "docs/open-data.md").read_text(encoding="utf-8").split("---")[1])["description"]
    assert found["og:description"] == found["twitter:description"] == own != site_description
    assert previews(real_site / "index.html")["og:description"] == site_description
    assert found["og:url"] == SITE_URL + "open-data/"
    assert previews(real_site / "index.html")["og:title"] == "Planning Resource Inventory"


def test_every_page_has_a_link_preview(real_site: Path) -> None:
    wanted = {"og:type", "og:site_name", "og:title", "og:description", "og:url", "twitter:card", "twitter:title"}
    pages = [p for p in real_site.rglob("*.html") if "embed" not in p.relative_to(real_site).parts]
    assert len(pages) > 150
    for path in pages:
        found = previews(path)
        assert wanted <= set(found) and all(found[key] for key in wanted), path
        assert found["og:url"].startswith(SITE_URL), path


def test_previews_of_hostile_text_are_exact(hostile_site: Path) -> None:
    found = previews(hostile_site / "resources/fixture-toolkit/index.html")
    assert found["og:title"] == found["twitter:title"] == HOSTILE
    assert found["og:description"] == HOSTILE + " summary"


# --- REPO_URL: links into the repository -------------------------------------------------------


def links(path: Path) -> dict[str, str]:
    """Every link's address by its text (the last one of each text)."""
    html = path.read_text(encoding="utf-8")
    return {
        re.sub(r"<[^>]+>", "", text).strip(): href.replace("&amp;", "&")
        for href, text in re.findall(r'<a [^>]*?href="([^"]*)"[^>]*>(.*?)</a>', html, re.DOTALL)
    }


def test_with_repo_url_every_record_page_links_to_its_file_and_an_issue(repo_site: Path, inventory: Inventory) -> None:
    for record in records(inventory):
        found = links(page_of(repo_site, record))
        assert found["Suggest a change to this record"] == f"{REPO_URL}/edit/main/{record.path}", record.path
        assert (ROOT / record.path).is_file()
        report = urlsplit(found["Report a problem"])
        assert f"{report.scheme}://{report.netloc}{report.path}" == f"{REPO_URL}/issues/new"
        query = parse_qs(report.query, strict_parsing=True)
        assert record.title in query["title"][0]
        assert record.path in query["body"][0] and SITE_URL + record.page_url in query["body"][0]


def test_with_repo_url_the_header_and_the_contribute_page_link_the_repository(repo_site: Path) -> None:
    for page in ("index.html", "resources/share-my-lesson/index.html"):
        sources = [
            attrs for tag, attrs in parse(repo_site / page).tags if tag == "a" and attrs.get("class") == "md-source"
        ]
        assert sources and all(attrs.get("href") == REPO_URL for attrs in sources), page
        # A plain link: Material's component would ask GitHub's API from the reader's browser.
        assert 'data-md-component="source"' not in (repo_site / page).read_text(encoding="utf-8")
    found = links(repo_site / "contribute/index.html")
    assert found["Suggest a resource"] == f"{REPO_URL}/issues/new?template=suggest-resource.yml"
    assert found["Share your district's work"] == f"{REPO_URL}/issues/new?template=share-district.yml"
    assert (ROOT / ".github/ISSUE_TEMPLATE/share-district.yml").is_file()
    assert found["CONTRIBUTING.md"] == f"{REPO_URL}/blob/main/CONTRIBUTING.md"
    assert (ROOT / ".github/ISSUE_TEMPLATE/suggest-resource.yml").is_file() and (ROOT / "CONTRIBUTING.md").is_file()
    package = json.loads((repo_site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert package["sources"][0]["path"] == f"{REPO_URL}/tree/main/data"


def test_without_repo_url_no_page_links_the_repository(real_site: Path) -> None:
    for path in real_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for marker in ("md-source", "/edit/main/", "/issues/new", "pri-record-actions", "pri-repository-links"):
            assert marker not in html, (path, marker)
    package = json.loads((real_site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert "path" not in package["sources"][0]


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("https://github.com/o/r", "https://github.com/o/r"),
        ("https://github.com/o/r/", "https://github.com/o/r"),
        (" https://git.example:8443/group/sub/r.git/ ", "https://git.example:8443/group/sub/r.git"),
        ("", ""),
    ],
)
def test_repo_url_is_used_without_its_trailing_slash(given: str, used: str) -> None:
    assert repository_address(given) == used


@pytest.mark.parametrize(
    "given",
    [
        'https://github.com/x/y"><script>alert(1)</script>',
        "https://github.com/o/r'onmouseover='alert(1)",
        "https://github.com/o r",
        "https://github.com/o/r?tab=issues",
        "https://github.com/o/r#readme",
        "https://user:secret@github.com/o/r",
        "ftp://github.com/o/r",
        "javascript:alert(1)//github.com/o/r",
        "https://github.com/o/r\nInjected: yes",
    ],
)
def test_a_repo_url_that_is_not_a_repository_address_is_refused(given: str) -> None:
    with pytest.raises(ValueError, match=re.escape("is not a repository's address: write it as https://github.com/")):
        repository_address(given)


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("repo-url")
    return make_project(tmp_path / "project", copy_valid_data(tmp_path / "in"))


@pytest.mark.build
def test_a_build_with_a_bad_repo_url_fails_closed(fixture_project: Path, tmp_path: Path) -> None:
    """The header's link is printed by Material's templates, which escape nothing: the
    build refuses an address that is not a repository's rather than publish it."""
    hostile = 'https://github.com/x/y"><script>alert(1)</script>'
    result = build(fixture_project, tmp_path / "site", repo_url=hostile)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "is not a repository's address" in output and "Traceback" not in output
    assert not (tmp_path / "site/index.html").exists()


@pytest.mark.build
def test_a_repo_url_with_a_trailing_slash(fixture_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build(fixture_project, site, repo_url="https://github.com/example-org/inventory/")
    assert result.returncode == 0, result.stdout + result.stderr
    repository = "https://github.com/example-org/inventory"
    sources = [attrs.get("href") for tag, attrs in parse(site / "index.html").tags if attrs.get("class") == "md-source"]
    assert sources and set(sources) == {repository}
    found = links(site / "resources/fixture-toolkit/index.html")
    assert found["Suggest a change to this record"] == f"{repository}/edit/main/data/resources/aft/fixture-toolkit.yml"
    assert found["Report a problem"].startswith(f"{repository}/issues/new?")


# --- embeddable lists -------------------------------------------------------------------------


def embed_pages(inventory: Inventory) -> list[tuple[str, str, set[str]]]:
    """(collection, slug, the pages its list links to) for every embeddable list."""
    pages = [
        ("organizations", slug, {SITE_URL + r.page_url for r in inventory.resources_by_organization.get(slug, [])})
        for slug in inventory.organizations
    ]
    for vocabulary in paged_vocabularies(inventory):
        for slug in inventory.taxonomy[vocabulary]:
            found = {
                SITE_URL + r.page_url
                for m in inventory.models.values()
                for spec in m.fields
                if spec.vocabulary == vocabulary
                for r in inventory.index(m.kind.name, spec.name).get(slug, [])
            }
            pages.append((vocabulary, slug, found))
    return pages


def test_every_embeddable_list_is_a_standalone_page_linking_back(real_site: Path, inventory: Inventory) -> None:
    pages = embed_pages(inventory)
    assert {collection for collection, _, _ in pages} == {"organizations", "topics", "audiences"}
    for collection, slug, expected in pages:
        path = real_site / "embed" / collection / slug / "index.html"
        parsed = parse(path)
        html = path.read_text(encoding="utf-8")
        assert not parsed.scripts and not parsed.data_scripts and "<script" not in html, path
        assert "<style" not in html and not any("style" in attrs for _, attrs in parsed.tags), path
        assert 'class="md-' not in html, "none of the site's header, navigation or search"
        sheets = [attrs["href"] for tag, attrs in parsed.tags if tag == "link" and attrs.get("rel") == "stylesheet"]
        assert sheets == ["../../embed.css"]
        anchors = [attrs for tag, attrs in parsed.tags if tag == "a"]
        assert all((a.get("href") or "").startswith(SITE_URL) and a.get("target") == "_top" for a in anchors), path
        listed = {a["href"] for a in anchors} - {SITE_URL, f"{SITE_URL}{collection}/{slug}/"}
        assert listed == expected, path
        for _tag, attrs in parsed.tags:
            for name in ("src", "href"):
                value = attrs.get(name) or ""
                assert not value.startswith(("//", "http")) or value.startswith(SITE_URL), (path, value)
    assert (real_site / "embed/embed.css").is_file()


def test_organization_pages_give_the_embed_snippet(real_site: Path, inventory: Inventory) -> None:
    for organization in inventory.organizations.values():
        html = (real_site / "organizations" / organization.slug / "index.html").read_text(encoding="utf-8")
        match = re.search(r'<h2 id="embed">.*?<pre[^>]*><code>(.*?)</code></pre>', html, re.DOTALL)
        assert match, organization.slug
        snippet = match.group(1)
        assert "<" not in snippet, "the snippet is shown as text"
        text = snippet.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&amp;", "&")
        address = f"{SITE_URL}embed/organizations/{organization.slug}/"
        assert text.startswith(f'<iframe src="{address}" title="{organization.short_name} resources (')
        assert text.endswith("></iframe>")
        assert (real_site / "embed/organizations" / organization.slug / "index.html").is_file()


@pytest.mark.parametrize("workflow", ["ci.yml", "deploy.yml"])
def test_the_published_builds_set_repo_url(workflow: str) -> None:
    import yaml

    document = yaml.safe_load((ROOT / ".github/workflows" / workflow).read_text(encoding="utf-8"))
    builds = [
        step
        for job in document["jobs"].values()
        for step in job.get("steps", [])
        if step.get("run", "").strip() == "make build"
    ]
    assert builds and all(
        step.get("env", {}).get("REPO_URL") == "${{ github.server_url }}/${{ github.repository }}" for step in builds
    )


def test_every_hand_written_page_has_a_description_of_its_own() -> None:
    """Link previews and search engines show it; the home page has the site's."""
    missing = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---")[1])
        if page != ROOT / "docs/index.md" and not str(meta.get("description", "")).strip():
            missing.append(str(page.relative_to(ROOT)))
    assert missing == []
