#!/usr/bin/env python3
"""Benchmark the data layer against baselines measured in the same run.

Usage: .venv/bin/python scripts/bench.py [--sizes 1000 10000] [--runs N] [--keep DIR]

For each size N it writes N synthetic resources (and N/10 case studies) to a temporary
folder, then prints:

- validation: `load_inventory` (strict parse, schema checks, cross-references, typed
  records) against a bare `yaml.load(..., CSafeLoader)` of the same files, both reading
  the files from disk. Target: ratio <= 2.0.
- build: a full `mkdocs build` of the site against the same site with every generated
  page written out as plain Markdown and no macros plugin and no hook. The two builds
  alternate, and the ratio is the median of the per-pair ratios of wall time. Target:
  <= 0.75 (the hook hands the generated pages' HTML to MkDocs without Markdown parsing
  it again, which the baseline's plain Markdown pages cannot avoid). The ratio of CPU
  time (user + system) is printed beside it: on a shared machine it is the steadier one.
- peak memory (max RSS) of each build.

The machines this runs on are noisy, so only ratios within one run are compared; the
absolute times are printed for context. Synthetic records exist only in the temporary
folder: nothing here touches data/.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jinja2
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checking.loader import load_inventory  # noqa: E402
from macros.publishing.pages import generated_pages  # noqa: E402

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BUILD_TARGET = 0.75
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


def bare_load(data: Path) -> int:
    count = 0
    for path in sorted(data.rglob("*.yml")):
        with path.open("rb") as handle:
            yaml.load(handle.read().decode("utf-8"), Loader=LOADER)
        count += 1
    return count


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def bench_validation(data: Path, runs: int) -> dict[str, float]:
    result = load_inventory(data)
    assert result.ok, result.problems[:3]
    pairs = []
    for run in range(runs):
        if run % 2:
            ours, bare = timed(load_inventory, data), timed(bare_load, data)
        else:
            bare, ours = timed(bare_load, data), timed(load_inventory, data)
        pairs.append((ours, bare))
    return {
        "validate_s": statistics.median(p[0] for p in pairs),
        "bare_s": statistics.median(p[1] for p in pairs),
        "ratio": statistics.median(p[0] / p[1] for p in pairs),
    }


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


def build_copy(workdir: Path, data: Path, site_url: str) -> Path:
    """Builds a copy of the site on `data` (moved in) for `site_url`; returns the built site."""
    project = copy_project(workdir / "project", data)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        check=True,
    )
    return project / "site"


def site_projects(workdir: Path, data: Path) -> tuple[Path, Path]:
    """The real project on `data`, and the baseline: the same pages as plain Markdown."""
    real = copy_project(workdir / "real", data)

    baseline = workdir / "baseline"
    shutil.copytree(real / "docs", baseline / "docs")
    shutil.copytree(real / "overrides", baseline / "overrides")
    inventory = load_inventory(real / "data").inventory
    assert inventory is not None
    generated = generated_pages(inventory)
    for src_uri, page in generated.items():
        target = baseline / "docs" / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    # The hand-written pages get their macros' output written in, so that the baseline
    # has the same content and only the macros plugin and the hook are missing.
    macros = prerendered_macros(real)
    # What the pages read of the configuration besides the macros (mkdocs-macros gives them `config`).
    written = (real / "mkdocs.yml").read_text(encoding="utf-8")
    site_name = re.search(r"^site_name:\s*(.+)$", written, re.MULTILINE)
    page_globals = {**macros.functions, "config": {"site_name": site_name.group(1).strip(" \"'") if site_name else ""}}
    for page in (baseline / "docs").glob("**/*.md"):
        if page.relative_to(baseline / "docs").as_posix() in generated:
            continue
        relative = page.relative_to(baseline / "docs").with_suffix("")
        url = (
            ""
            if relative.as_posix() == "index"
            else relative.as_posix().removesuffix("/index").removesuffix("index") + "/"
        )
        macros.page.url = url
        text = jinja2.Environment().from_string(page.read_text(encoding="utf-8")).render(**page_globals)
        page.write_text(text, encoding="utf-8")
    config = drop_top_level_keys((real / "mkdocs.yml").read_text(encoding="utf-8"), {"plugins", "hooks", "watch"})
    config = config.replace("strict: true", "strict: false") + "\nplugins:\n  - search\n"
    folders = ("resources", "case-studies", "organizations", "topics", "audiences")
    config += "\nnot_in_nav: |\n" + "".join(f"  /{folder}/*.md\n" for folder in folders)
    (baseline / "mkdocs.yml").write_text(config, encoding="utf-8")
    return real, baseline


class _MacrosEnvironment:
    """Just enough of mkdocs-macros' environment for `define_env` to register its macros."""

    def __init__(self, project: Path) -> None:
        self.project_dir = str(project)
        self.conf = {"extra": {"data_dir": "data"}}  # a plain dict, as Zensical gives it
        self.page = type("Page", (), {"url": ""})()
        self.functions: dict[str, object] = {}

    def macro(self, function):
        self.functions[function.__name__] = function
        return function


def prerendered_macros(project: Path) -> _MacrosEnvironment:
    from macros import define_env

    environment = _MacrosEnvironment(project)
    define_env(environment)
    return environment


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


def bench_build(real: Path, baseline: Path, runs: int) -> dict[str, float]:
    pairs = []
    peaks = {"real": 0, "baseline": 0}
    for run in range(runs):
        order = [("real", real), ("baseline", baseline)]
        if run % 2:
            order.reverse()
        times, cpu = {}, {}
        for name, project in order:
            times[name], cpu[name], peak = run_build(project)
            peaks[name] = max(peaks[name], peak)
        pairs.append((times["real"], times["baseline"], cpu["real"], cpu["baseline"]))
    site = real / "site"
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {
        "build_s": statistics.median(p[0] for p in pairs),
        "baseline_s": statistics.median(p[1] for p in pairs),
        "ratio": statistics.median(p[0] / p[1] for p in pairs),
        "cpu_ratio": statistics.median(p[2] / p[3] for p in pairs),
        "peak_mib": peaks["real"] / 1024,
        "baseline_peak_mib": peaks["baseline"] / 1024,
        "site_mib": size / 1024 / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench.py",
        description="Benchmark validation and the build against same-run baselines (see the module docstring).",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N", help="record counts")
    parser.add_argument("--runs", type=int, default=3, help="paired runs per measurement (default 3)")
    parser.add_argument("--validation-runs", type=int, default=7, help="paired validation runs (default 7)")
    parser.add_argument("--skip-build", action="store_true", help="measure validation only")
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    args = parser.parse_args(argv)

    print(f"libyaml C loader: {'yes' if LOADER is not yaml.SafeLoader else 'NO (pure Python)'}")
    failed = False
    for size in args.sizes:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix=f"bench-{size}-", dir=args.keep))
        data = synthetic_data(workdir / "gen", size)
        files = sum(1 for _ in data.rglob("*.yml"))
        validation = bench_validation(data, args.validation_runs)
        ok = validation["ratio"] <= 2.0
        failed |= not ok
        print(
            f"N={size:>6} validation: {validation['validate_s']:.3f} s vs bare CSafeLoader load "
            f"{validation['bare_s']:.3f} s of {files} files -> ratio {validation['ratio']:.2f} "
            f"(target <= 2.00) {'OK' if ok else 'OVER'}"
        )
        if not args.skip_build:
            real, baseline = site_projects(workdir, data)
            build = bench_build(real, baseline, args.runs)
            ok = build["ratio"] <= BUILD_TARGET
            failed |= not ok
            print(
                f"N={size:>6} build: {build['build_s']:.2f} s vs plain-Markdown baseline {build['baseline_s']:.2f} s "
                f"-> ratio {build['ratio']:.3f} (median of {args.runs} alternating pairs, "
                f"target <= {BUILD_TARGET:.2f}) {'OK' if ok else 'OVER'}; CPU time ratio {build['cpu_ratio']:.3f}; "
                f"peak memory {build['peak_mib']:.0f} MiB "
                f"(baseline {build['baseline_peak_mib']:.0f} MiB); site {build['site_mib']:.1f} MiB"
            )
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
