"""The projects `scripts/bench.py` builds: copies of the site, and the plain Material site.

- `copied_data`: the real data plus N copies of one real record, each with its own id
  (its file name) and title: "the site with 1,000 extra copies of a real record".
- `material_site`: the baseline a site made with MkDocs and Material costs anyway. The
  Material theme, the `search` plugin only, no macros plugin, no hooks, no extra CSS or
  JavaScript, no custom_dir; as many pages as the real build wrote, each a heading and two
  paragraphs. With `in_nav` (bench.py gives as many as the real site's navigation
  lists), only that many are in its navigation, the others outside it as the real site's
  generated pages are; without it, MkDocs' default: every page in the navigation, which
  Material writes out in full into every page (quadratic: the baseline becomes slow).
- `copy_project` and `run_build`: a copy of the site's code on some data, and one timed
  `mkdocs build` in a child process.
- `synthetic_data`: N made-up resources (and N/10 case studies) on the real vocabularies.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.checking.loader import load_inventory  # noqa: E402

# A real record with most fields filled in (details, read links, partners) and no `url`,
# which the validator wants unique.
COPIED_RECORD = Path("data/resources/aasa/on-the-same-page.yml")
_TITLE = re.compile(r'^title: "(.*)"$', re.MULTILINE)
_PARAGRAPH = (
    "District and union leaders plan together how teachers learn the new standards, which materials "
    "they use and how the work is checked along the way. Each team keeps notes of what it tried."
)


def copied_data(destination: Path, count: int, record: Path = COPIED_RECORD) -> Path:
    """A copy of data/ with `count` more copies of `record` beside it, titled "Copy N: ..."."""
    data = destination / "data"
    shutil.copytree(ROOT / "data", data)
    text = (ROOT / record).read_text(encoding="utf-8")
    title = _TITLE.search(text)
    if title is None:
        raise SystemExit(f"{record}: no one-line quoted title to number the copies by")
    folder = data / record.relative_to("data").parent
    for number in range(1, count + 1):
        copy = text[: title.start(1)] + f"Copy {number}: " + text[title.start(1) :]
        (folder / f"{record.stem}-copy-{number:05d}.yml").write_text(copy, encoding="utf-8")
    return data


def page_count(site: Path) -> int:
    """The pages a build wrote: the sitemap lists each (in the navigation or not)."""
    return (site / "sitemap.xml").read_text(encoding="utf-8").count("<loc>")


def nav_count(project: Path) -> int:
    """The pages in the navigation of a project's mkdocs.yml (its `.md` entries)."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config.split("\nnav:", 1)[1] if "\nnav:" in config else ""
    return len(re.findall(r"\S+\.md\s*$", nav, re.MULTILINE))


def material_site(destination: Path, pages: int, in_nav: int | None = None) -> Path:
    """A plain Material site of `pages` simple Markdown pages, all in its navigation or
    only the first `in_nav`."""
    docs = destination / "docs"
    (docs / "pages").mkdir(parents=True)
    names = ["index.md"] + [f"pages/page-{index:05d}.md" for index in range(1, pages)]
    for number, name in enumerate(names, start=1):
        text = f"# Page {number}\n\n{_PARAGRAPH}\n\nThis is page {number} of {pages}. {_PARAGRAPH}\n"
        (docs / name).write_text(text, encoding="utf-8")
    nav = "".join(f"  - {name}\n" for name in names[: max(1, in_nav)]) if in_nav is not None else ""
    (destination / "mkdocs.yml").write_text(
        "site_name: Plain Material site\n"
        "site_url: http://127.0.0.1:8000/\n"
        "theme:\n  name: material\n"
        "plugins:\n  - search\n" + (f"nav:\n{nav}not_in_nav: |\n  /pages/*.md\n" if nav else ""),
        encoding="utf-8",
    )
    return destination


def copy_project(destination: Path, data: Path) -> Path:
    """A copy of the site's code and pages in `destination`, with `data` moved in as its data."""
    destination.mkdir(parents=True)
    for part in ("mkdocs.yml", "docs", "overrides", "macros"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, destination / part)
    shutil.move(str(data), destination / "data")
    return destination


def drop_top_level_keys(config: str, keys: set[str]) -> str:
    """mkdocs.yml without the given top-level keys (text-level: the file uses !ENV tags)."""
    kept, skipping = [], False
    for line in config.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            skipping = line.split(":", 1)[0] in keys
        if not skipping:
            kept.append(line)
    return "\n".join(kept) + "\n"


def run_build(project: Path) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system, s) and peak RSS (KiB) of one `mkdocs build`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "--clean", "-f", str(project / "mkdocs.yml")]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    output = process.stdout.read().decode() if process.stdout else ""
    if status != 0:
        raise SystemExit(f"build of {project} failed:\n{output}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


WORDS = [
    *("plan", "standards", "teachers", "union", "district", "board", "collaboration", "implementation"),
    *("curriculum", "assessment", "family", "literacy", "mathematics", "evaluation", "leaders", "survey"),
    *("toolkit", "rubric", "guide", "materials"),
]


def synthetic_data(destination: Path, count: int, seed: int = 2014) -> Path:
    """A data folder with the real vocabularies and `count` synthetic resources."""
    rng = random.Random(seed)
    data = destination / "data"
    data.mkdir(parents=True)
    for name in ("taxonomy.yml", "organizations.yml", "conferences.yml"):
        shutil.copy(ROOT / "data" / name, data / name)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    inventory = load_inventory(ROOT / "data").inventory
    assert inventory is not None, "the real data must validate before benchmarking"
    organizations = list(inventory.organizations)
    vocab = {name: list(terms) for name, terms in inventory.taxonomy.items()}
    resource_ids: list[str] = []
    for index in range(count):
        org = organizations[index % len(organizations)]
        record_id = f"synthetic-resource-{index:05d}"
        resource_ids.append(record_id)
        folder = data / "resources" / org
        folder.mkdir(parents=True, exist_ok=True)
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        summary = " ".join(rng.choice(WORDS) for _ in range(45)).capitalize() + "."
        topics = ", ".join(rng.sample(vocab["topics"], 3))
        audiences = ", ".join(rng.sample(vocab["audiences"], 2))
        (folder / f"{record_id}.yml").write_text(
            "# yaml-language-server: $schema=../../schema/resource.schema.json\n"
            f'title: "Synthetic {index}: {title}"\n'
            f"organization: {org}\n"
            f"year: {rng.randint(2009, 2015)}\n"
            f"type: {rng.choice(vocab['types'])}\n"
            f"topics: [{topics}]\n"
            f"audiences: [{audiences}]\n"
            f"grade_bands: [{rng.choice(vocab['grade_bands'])}]\n"
            f'url: "https://example.org/synthetic/{index}"\n'
            f'summary: "{summary}"\n'
            "sources:\n"
            f'  - "https://example.org/source/{index} (synthetic)"\n'
            f"added: 2014-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n",
            encoding="utf-8",
        )
    cases = data / "case-studies"
    cases.mkdir()
    for index in range(max(1, count // 10)):
        story = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(3))
        linked = ", ".join(rng.sample(resource_ids, 2))
        story_yaml = "\n".join(f"  {line}" if line else "" for line in story.split("\n"))
        (cases / f"synthetic-district-{index:05d}.yml").write_text(
            "# yaml-language-server: $schema=../schema/case-study.schema.json\n"
            f'district: "Synthetic District {index}"\n'
            "state: OH\n"
            'unions: ["Synthetic Teachers Union"]\n'
            'years: "2010 to the present"\n'
            f"practices: [{rng.choice(vocab['practices'])}]\n"
            f"resources: [{linked}]\n"
            'summary: "A synthetic case study."\n'
            f"story: |\n{story_yaml}\n"
            'sources: ["https://example.org/district"]\n'
            "added: 2014-02-27\n",
            encoding="utf-8",
        )
    return data
