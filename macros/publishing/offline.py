"""The offline copy: what the service worker saves, decided at build time.

After the build, `write_offline_files` walks the built site and writes two files at its
root (the worker's scope is the folder it is served from, so the root covers the whole
site, under a project path such as /inventory/ too):

- `offline-manifest.json`: every file the site's pages use, with its gzip-compressed size
  (what a visitor downloads from a server that compresses, as GitHub Pages does), a hash
  of its content, and whether it belongs to the core: the shell (styles, scripts, images),
  every page that is not a record page, the search index and the open data the shortlist
  reads. `version` is a hash of the list and of every file's content, so a build that
  changes anything gets a new version and one that changes nothing keeps it. `mode` is
  "full" when the whole comes to no more than the budget (5 MB compressed): the worker
  then saves everything at once. Above it ("core"), the worker saves the core and each
  other page when it is first opened.
- `sw.js`: docs/sw.js with its build settings (the version and the page strategy)
  written in. Its bytes change with the version, which is how browsers learn of a deploy.

Left out: source maps (*.map), the gzip copy of the sitemap, the worker and the manifest
themselves, and Material's lunr language files when the search language is English
(they load only for other languages). Pure functions: no MkDocs here.

Under `mkdocs serve` the hook writes a worker with no version instead (see
`disabled_worker`): it registers nothing, and a worker left at the same address by an
earlier build removes itself and its copy when it sees it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MANIFEST = "offline-manifest.json"
WORKER = "sw.js"
BUDGET = 5_000_000  # bytes, gzip-compressed: the whole site is saved at once below this
STRATEGIES = ("cache-first", "network-first")
PLACEHOLDER = '"__PRI_BUILD__"'  # in docs/sw.js: replaced by the build settings (JSON)
CORE_SUFFIXES = {".html", ".css", ".js", ".json", ".svg", ".png", ".ico", ".woff2", ".webmanifest"}
CORE_FILES = {"sitemap.xml"}  # Material's instant navigation reads it to know the site's pages
LUNR = "assets/javascripts/lunr/"


def site_url_of(relative: str) -> str:
    """The address of a built file relative to the site's root, as pages link to it:
    "resources/x/index.html" -> "resources/x/", "index.html" -> ""."""
    if relative == "index.html":
        return ""
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def is_page(url: str) -> bool:
    """A page of the site (directory address), as opposed to 404.html or a file."""
    return url == "" or url.endswith("/")


def _walk(site_dir: Path) -> Iterator[str]:
    for folder, dirs, files in os.walk(site_dir):
        dirs.sort()
        for name in sorted(files):
            yield Path(folder, name).relative_to(site_dir).as_posix()


def _left_out(relative: str, english_only: bool) -> bool:
    return (
        relative.endswith((".map", ".gz"))
        or relative in (MANIFEST, WORKER)
        or (english_only and relative.startswith(LUNR))
    )


def _is_core(url: str, record_pages: set[str]) -> bool:
    if url in CORE_FILES:
        return True
    if is_page(url):
        return url not in record_pages
    suffix = Path(url).suffix
    return suffix in CORE_SUFFIXES and not url.endswith(".schema.json")


def _search_languages(site_dir: Path) -> list[str]:
    index = site_dir / "search" / "search_index.json"
    try:
        with index.open(encoding="utf-8") as handle:
            return list(json.load(handle)["config"]["lang"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def build_manifest(
    site_dir: Path,
    record_pages: Iterable[str],
    *,
    budget: int = BUDGET,
    salt: str = "",
) -> dict[str, Any]:
    """The manifest of a built site. `record_pages`: the addresses of the record pages
    ("resources/x/"), saved only as they are opened when the site is over the budget.
    `salt` goes into the version (the worker's own source and settings)."""
    records = set(record_pages)
    english_only = _search_languages(site_dir) in ([], ["en"])
    files = []
    digest = hashlib.sha256(salt.encode("utf-8"))
    for relative in _walk(site_dir):
        if _left_out(relative, english_only):
            continue
        content = (site_dir / relative).read_bytes()
        url = site_url_of(relative)
        entry = {
            "url": url,
            "size": len(gzip.compress(content, compresslevel=6, mtime=0)),
            "hash": hashlib.sha256(content).hexdigest()[:16],
            "core": _is_core(url, records),
        }
        files.append(entry)
        digest.update(f"{url}\0{entry['hash']}\n".encode())
    total = sum(entry["size"] for entry in files)
    return {
        "version": digest.hexdigest()[:16],
        "mode": "full" if total <= budget else "core",
        "budget": budget,
        "size": total,
        "core_size": sum(entry["size"] for entry in files if entry["core"]),
        "pages": sum(1 for entry in files if is_page(entry["url"])),
        "files": files,
    }


def worker_script(source: str, settings: dict[str, Any]) -> str:
    """docs/sw.js with its settings written in place of the placeholder."""
    if source.count(PLACEHOLDER) != 1:
        raise ValueError(f"the worker's source must hold {PLACEHOLDER} exactly once")
    return source.replace(PLACEHOLDER, json.dumps(settings, sort_keys=True), 1)


def disabled_worker(source: str) -> str:
    """The worker `mkdocs serve` writes: no version, so it removes itself (and the copy of
    an earlier build served at the same address) instead of saving anything."""
    return worker_script(source, {"version": None})


def write_offline_files(
    site_dir: Path,
    worker_source: str,
    record_pages: Iterable[str],
    *,
    budget: int = BUDGET,
    strategy: str = "cache-first",
    timeout_ms: int = 2500,
) -> dict[str, Any]:
    """Writes offline-manifest.json and sw.js at the root of a built site; returns the manifest."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown page strategy {strategy!r}: one of {', '.join(STRATEGIES)}")
    settings: dict[str, Any] = {"pages": strategy, "timeout": timeout_ms, "manifest": MANIFEST}
    salt = json.dumps(settings, sort_keys=True) + worker_source
    manifest = build_manifest(site_dir, record_pages, budget=budget, salt=salt)
    write_whole(site_dir / MANIFEST, json.dumps(manifest, separators=(",", ":")))
    settings["version"] = manifest["version"]
    write_whole(site_dir / WORKER, worker_script(worker_source, settings))
    return manifest


def write_whole(path: Path, text: str) -> None:
    """Writes the file under another name, then renames it: a browser's update check that
    lands meanwhile finds the old file or the new one, never half of one."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
