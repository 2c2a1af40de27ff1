"""The offline copy's files, written at build time (macros/publishing/offline.py, macros/mkdocs_hooks.py):
what the manifest lists, its sizes, hashes and version, the budget, and nothing under
`mkdocs serve`. The worker itself is tested in Chromium (tests/browser/test_offline.py)."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from helpers import ROOT, copy_valid_data
from sitebuild import build, make_project

from macros.publishing import offline

SITE = {
    "index.html": "<html>home</html>",
    "404.html": "<html>missing</html>",
    "resources/index.html": "<html>" + "card " * 500 + "</html>",
    "resources/a-guide/index.html": "<html>a guide</html>",
    "topics/x/index.html": "<html>topic</html>",
    "assets/app.js": "console.log(1);" * 50,
    "assets/app.js.map": "{}",
    "assets/javascripts/lunr/min/lunr.de.min.js": "de",
    "assets/favicon.svg": "<svg/>",
    "search/search_index.json": json.dumps({"config": {"lang": ["en"]}, "docs": []}),
    "sitemap.xml": "<urlset/>",
    "sitemap.xml.gz": "x",
    "data/resources.json": "[]",
    "data/resources.schema.json": "{}",
    "data/resources.csv": "id\n",
    "feed.xml": "<feed/>",
}


def make_site(folder: Path, files: dict[str, str] = SITE) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def by_url(manifest: dict) -> dict[str, dict]:
    return {entry["url"]: entry for entry in manifest["files"]}


def test_the_manifest_lists_what_pages_use(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    manifest = offline.build_manifest(site, {"resources/a-guide/"})
    files = by_url(manifest)
    # Directory addresses, as pages link to them; no source maps, gzip copies or lunr's
    # other languages (the search is in English).
    assert sorted(files) == sorted(
        [
            "",
            "404.html",
            "resources/",
            "resources/a-guide/",
            "topics/x/",
            "assets/app.js",
            "assets/favicon.svg",
            "search/search_index.json",
            "sitemap.xml",
            "data/resources.json",
            "data/resources.schema.json",
            "data/resources.csv",
            "feed.xml",
        ]
    )
    # The core: the shell, the pages that are not record pages, the search index, the data
    # the shortlist reads; not the record pages nor the downloads.
    assert {url for url, entry in files.items() if not entry["core"]} == {
        "resources/a-guide/",
        "data/resources.schema.json",
        "data/resources.csv",
        "feed.xml",
    }
    assert manifest["pages"] == 4  # 404.html is no page of the site
    text = SITE["resources/index.html"].encode()
    assert files["resources/"]["size"] == len(gzip.compress(text, compresslevel=6, mtime=0))
    assert files["resources/"]["size"] < len(text)
    assert manifest["size"] == sum(entry["size"] for entry in files.values())
    assert re.fullmatch(r"[0-9a-f]{16}", manifest["version"])
    assert all(re.fullmatch(r"[0-9a-f]{16}", entry["hash"]) for entry in files.values())


def test_lunr_languages_are_kept_for_a_search_in_other_languages(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {**SITE, "search/search_index.json": '{"config": {"lang": ["en", "de"]}}'})
    assert "assets/javascripts/lunr/min/lunr.de.min.js" in by_url(offline.build_manifest(site, set()))


def test_the_version_follows_the_content(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    first = offline.build_manifest(site, set())
    assert offline.build_manifest(site, set())["version"] == first["version"]  # nothing changed
    (site / "resources/a-guide/index.html").write_text("<html>a revised guide</html>", encoding="utf-8")
    second = offline.build_manifest(site, set())
    assert second["version"] != first["version"]
    changed = [url for url, entry in by_url(second).items() if entry != by_url(first)[url]]
    assert changed == ["resources/a-guide/"]
    assert offline.build_manifest(site, set(), salt="another worker")["version"] != second["version"]


def test_the_budget_decides_between_everything_and_the_core(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    whole = offline.build_manifest(site, set())["size"]
    assert offline.build_manifest(site, set(), budget=whole)["mode"] == "full"
    assert offline.build_manifest(site, set(), budget=whole - 1)["mode"] == "core"


def test_the_worker_gets_its_settings(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    source = (ROOT / "docs" / "sw.js").read_text(encoding="utf-8")
    manifest = offline.write_offline_files(site, source, {"resources/a-guide/"}, strategy="network-first")
    written = json.loads((site / "offline-manifest.json").read_text(encoding="utf-8"))
    assert written == manifest
    worker = (site / "sw.js").read_text(encoding="utf-8")
    settings = json.loads(re.search(r"const BUILD = (\{.*?\});", worker).group(1))  # type: ignore[union-attr]
    assert settings == {
        "manifest": "offline-manifest.json",
        "pages": "network-first",
        "timeout": 2500,
        "version": manifest["version"],
    }
    # The worker and the manifest are not in the list; the strategy is in the version.
    assert {"sw.js", "offline-manifest.json"}.isdisjoint(by_url(manifest))
    other = offline.write_offline_files(site, source, {"resources/a-guide/"})
    assert other["version"] != manifest["version"]
    with pytest.raises(ValueError, match="strategy"):
        offline.write_offline_files(site, source, set(), strategy="stale")
    with pytest.raises(ValueError, match="exactly once"):
        offline.worker_script("no placeholder here", {})
    assert '{"version": null}' in offline.disabled_worker(source)


def test_the_real_site_is_saved_whole(real_site: Path) -> None:
    manifest = json.loads((real_site / "offline-manifest.json").read_text(encoding="utf-8"))
    assert manifest["mode"] == "full" and manifest["size"] <= offline.BUDGET
    pages = {
        path.parent.relative_to(real_site).as_posix() + "/"
        for path in real_site.rglob("index.html")
        if path.parent != real_site
    } | {""}
    files = by_url(manifest)
    assert {url for url in files if offline.is_page(url)} == pages
    assert manifest["pages"] == len(pages)
    assert not [url for url in files if url.endswith(".map")]
    assert not files["resources/share-my-lesson/"]["core"] and files["resources/"]["core"]
    assert files["search/search_index.json"]["core"]
    assert any(url.startswith("assets/javascripts/workers/search.") for url in files)  # Material's search worker
    worker = (real_site / "sw.js").read_text(encoding="utf-8")
    assert f'"version": "{manifest["version"]}"' in worker
    # Every page names the worker, relative to itself.
    assert 'data-offline="sw.js"' in (real_site / "index.html").read_text(encoding="utf-8")
    assert 'data-offline="../../sw.js"' in (real_site / "resources/share-my-lesson/index.html").read_text(
        encoding="utf-8"
    )


@pytest.fixture
def hook() -> Iterator[ModuleType]:
    """macros/mkdocs_hooks.py, loaded as MkDocs loads it. It drops the `macros` modules on
    import (for `mkdocs serve`); the session's own are put back afterwards."""
    ours = {name: module for name, module in sys.modules.items() if name == "macros" or name.startswith("macros.")}
    spec = importlib.util.spec_from_file_location("pri_hook_under_test", ROOT / "macros" / "mkdocs_hooks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
            del sys.modules[name]
        sys.modules.update(ours)


def test_mkdocs_serve_gets_no_offline_copy(hook: ModuleType, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    config = SimpleNamespace(
        site_dir=str(site),
        docs_dir=str(ROOT / "docs"),
        config_file_path=str(ROOT / "mkdocs.yml"),
        extra={"data_dir": "data"},
        repo_url=None,
    )
    hook.on_startup(command="serve", dirty=False)
    assert hook.on_config(config).extra["pri_offline"] is False  # the template writes no worker's address
    hook.on_post_build(config)
    assert not (site / "offline-manifest.json").exists()
    assert '{"version": null}' in (site / "sw.js").read_text(encoding="utf-8")  # removes an earlier worker
    hook.on_startup(command="build", dirty=False)
    assert hook.on_config(config).extra["pri_offline"] is True
    hook.on_post_build(config)
    assert json.loads((site / "offline-manifest.json").read_text(encoding="utf-8"))["mode"] == "full"


@pytest.mark.build
def test_an_in_place_rebuild_never_shows_a_worker_without_its_version(tmp_path: Path) -> None:
    """A browser checking for a new worker while a site is rebuilt where it is served finds
    no sw.js (the old worker stays) or a whole one with a version, never docs/sw.js as it
    is (no version: it would remove the offline copy)."""
    project = make_project(tmp_path / "project", copy_valid_data(tmp_path / "valid"))
    site = tmp_path / "site"
    assert build(project, site).returncode == 0
    results: list[subprocess.CompletedProcess[str]] = []
    rebuild = threading.Thread(target=lambda: results.append(build(project, site)))
    rebuild.start()
    seen: set[str] = set()
    while rebuild.is_alive():
        try:
            text = (site / offline.WORKER).read_text(encoding="utf-8")
        except FileNotFoundError:
            seen.add("missing")
        else:
            seen.add("versioned" if re.search(r'const BUILD = \{.*"version": "\w+"', text) else "other")
        time.sleep(0.005)
    assert results[0].returncode == 0, results[0].stderr
    assert "other" not in seen and "versioned" in seen, seen
    assert not list(site.glob(".*.partial"))
