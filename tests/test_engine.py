"""The engine: ProperDocs builds the same site, `define_env` takes Zensical's plain-dict
conf, and the generated pages skip Markdown without changing a byte of the site."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT, copy_valid_data
from sitebuild import build, make_project

from macros import define_env
from macros.checking.loader import load_inventory
from macros.publishing.site import data_dir_of

AS_MARKDOWN = "PRI_GENERATED_PAGES_AS_MARKDOWN"  # macros/mkdocs_hooks.py: the old path
GENERATED_FOLDERS = ("resources", "case-studies", "organizations", "topics", "audiences")


def html_pages(site: Path) -> set[str]:
    return {page.relative_to(site).as_posix() for page in site.rglob("*.html")}


def is_generated(location: str) -> bool:
    """A search entry of a generated page: `resources/<id>/`, `topics/<slug>/#resources`…"""
    parts = location.split("#")[0].strip("/").split("/")
    return len(parts) == 2 and parts[0] in GENERATED_FOLDERS


# --- ProperDocs ---------------------------------------------------------------------------------


def test_properdocs_builds_the_same_pages(real_site: Path, tmp_path: Path) -> None:
    # Pinned in requirements.txt: a missing ProperDocs is a failure, never a skip.
    assert importlib.util.find_spec("properdocs") is not None, (
        "ProperDocs is not installed: pip install -r requirements.txt"
    )
    site = tmp_path / "site"
    env = {**os.environ, "SITE_URL": "http://127.0.0.1:8000/"}  # as tests/sitebuild.py builds real_site
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert html_pages(site) == html_pages(real_site)
    assert 'content="mkdocs-ProperDocs' in (site / "index.html").read_text(encoding="utf-8")


# --- Zensical's macros: a plain dict as conf -----------------------------------------------------


class FakeEnv:
    """What Zensical's macros extension gives `define_env`: `conf` is a plain dict."""

    def __init__(self, conf: dict, project_dir: str | None = None) -> None:
        self.conf = conf
        if project_dir is not None:
            self.project_dir = project_dir
        self.page = type("Page", (), {"url": "resources/"})()
        self.macros: dict[str, object] = {}

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


def test_define_env_takes_a_plain_dict_conf(tmp_path: Path) -> None:
    data = copy_valid_data(tmp_path / "project")
    expected = load_inventory(data).inventory
    assert expected is not None
    env = FakeEnv({"site_name": "x", "extra": {"data_dir": "data", "generator": False}}, str(tmp_path / "project"))
    assert data_dir_of(env.conf, getattr(env, "project_dir", None)) == data
    define_env(env)
    assert env.macros["count"]("resources") == len(expected.resources)
    assert 'href="../resources/fixture-toolkit/"' in str(env.macros["newest_additions"]())


def test_define_env_without_project_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    copy_valid_data(project)
    (project / "records").symlink_to(project / "data")
    # The folder of the config file when it is known, else the working directory.
    env = FakeEnv({"extra": {"data_dir": "records"}, "config_file_path": str(project / "mkdocs.yml")})
    assert data_dir_of(env.conf, getattr(env, "project_dir", None)) == project / "records"
    monkeypatch.chdir(project)
    env = FakeEnv({})
    assert data_dir_of(env.conf, getattr(env, "project_dir", None)) == project / "data"
    define_env(env)
    assert env.macros["count"]("case_studies") == 1


def test_define_env_still_takes_mkdocs_config(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    env = FakeEnv(config, str(ROOT))  # type: ignore[arg-type]
    assert data_dir_of(env.conf, getattr(env, "project_dir", None)) == ROOT / "data"
    env.conf = type("Conf", (), {"extra": config.extra})()  # attributes only, as in scripts/bench.py before
    assert data_dir_of(env.conf, getattr(env, "project_dir", None)) == ROOT / "data"


# --- the generated pages skip Markdown ----------------------------------------------------------


def test_generated_pages_build_the_same_site_without_markdown(
    real_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """real_site has the generated pages' HTML put in place by the hook; here they go
    through Markdown as whole sources, as before. Every page, its table of contents
    (empty: the headings are raw HTML) and the search index must be the same."""
    monkeypatch.setenv(AS_MARKDOWN, "1")
    site = tmp_path / "site"
    result = build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr

    old_index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    new_index = json.loads((real_site / "search/search_index.json").read_text(encoding="utf-8"))
    old_generated = [doc for doc in old_index["docs"] if is_generated(doc["location"])]
    new_generated = [doc for doc in new_index["docs"] if is_generated(doc["location"])]
    assert len(old_generated) > 100  # 50 resources, 18 case studies, organizations, terms, sections
    assert any("#" in doc["location"] for doc in old_generated)  # sections by h2 id
    assert new_generated == old_generated
    assert new_index == old_index

    pages = html_pages(site)
    assert pages == html_pages(real_site)
    different = [p for p in sorted(pages) if (site / p).read_bytes() != (real_site / p).read_bytes()]
    assert different == []
    for page in ("resources/share-my-lesson/index.html", "case-studies/toledo/index.html"):
        html = (real_site / page).read_text(encoding="utf-8")
        toc = html.split('aria-label="Table of contents">', 1)[1].split("</nav>", 1)[0]
        assert toc.strip() == "", page  # as Markdown made it: the toc extension never sees raw HTML
        assert "pri: generated page" not in html  # the placeholder's marker is gone


SERVE_LIKE = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site = Path(sys.argv[1]), Path(sys.argv[2])
    record = project / "data/resources/aft/fixture-toolkit.yml"
    page = site / "resources/fixture-toolkit/index.html"
    titles = []
    for title in ("First title of the toolkit", "Second title of the toolkit"):
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace(text.split("\\n")[1], f"title: {title}"), encoding="utf-8")
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))  # as `mkdocs serve` rebuilds
        build(config, serve_url="http://127.0.0.1:8000/")
        titles.append(title in page.read_text(encoding="utf-8"))
    print(titles)
    """
)


def test_a_rebuild_in_one_process_shows_a_data_edit(tmp_path: Path) -> None:
    """`mkdocs serve` rebuilds in one process: the HTML kept for the pages is the new one."""
    project = make_project(tmp_path / "project", copy_valid_data(tmp_path / "in"))
    record = project / "data/resources/aft/fixture-toolkit.yml"
    assert record.read_text(encoding="utf-8").split("\n")[1].startswith("title:")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"}
    env.pop(AS_MARKDOWN, None)
    result = subprocess.run(
        [sys.executable, "-c", SERVE_LIKE, str(project), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[True, True]"
