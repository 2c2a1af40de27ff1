#!/usr/bin/env python3
"""Benchmark the data layer against baselines measured in the same run.

Usage: .venv/bin/python scripts/bench.py [--sizes 1000 10000] [--runs N] [--keep DIR]
       [--only validation markdown material]

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
- against Material: a full build of the site with its real data plus N copies of a real
  record (scripts/bench_sites.py) against a plain Material site (the theme and the
  `search` plugin only: no macros, hooks, extra CSS or JavaScript, custom_dir) of as many
  simple Markdown pages (a heading, two paragraphs) as that build wrote, its first build
  having counted them (both sites are built once before the pairs). Its navigation lists
  as many pages as the real site's, the others are outside it as the real site's
  generated pages are; `--material-full-nav` puts every page in it (MkDocs' default
  without a `nav`, which makes the baseline, not the site, slow: 0.81x before this
  change, against 4.63x). Alternating pairs,
  median of the per-pair ratios, wall and CPU time. Target: <= 2.4 (issue 18).
- peak memory (max RSS) of each build.

`--only` picks some of the three (validation, markdown, material); all by default.

The machines this runs on are noisy, so only ratios within one run are compared; the
absolute times are printed for context. Synthetic records exist only in the temporary
folder: nothing here touches data/.
"""

from __future__ import annotations

import argparse
import os
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
sys.path.insert(0, str(ROOT / "scripts"))  # bench_sites beside it, when imported as scripts.bench too

from bench_sites import (  # noqa: E402
    copied_data,
    copy_project,
    drop_top_level_keys,
    material_site,
    nav_count,
    page_count,
    run_build,
    synthetic_data,
)

from macros.checking.loader import load_inventory  # noqa: E402
from macros.publishing.pages import generated_pages  # noqa: E402

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BUILD_TARGET = 0.75
MATERIAL_TARGET = 2.4
MEASURES = ("validation", "markdown", "material")


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


def bench_material(workdir: Path, size: int, runs: int, full_nav: bool) -> dict[str, float]:
    """The real site plus `size` copies of a real record, against a plain Material site."""
    real = copy_project(workdir / "copies", copied_data(workdir / "copies-data", size))
    run_build(real)  # checks that it builds, and counts the pages it writes
    pages = page_count(real / "site")
    plain = material_site(workdir / "material", pages, None if full_nav else nav_count(real))
    run_build(plain)
    return {**bench_build(real, plain, runs), "pages": pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench.py",
        description="Benchmark validation and the build against same-run baselines (see the module docstring).",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N", help="record counts")
    parser.add_argument("--runs", type=int, default=3, help="paired runs per measurement (default 3)")
    parser.add_argument("--validation-runs", type=int, default=7, help="paired validation runs (default 7)")
    parser.add_argument("--skip-build", action="store_true", help="measure validation only")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=MEASURES,
        default=list(MEASURES),
        help="validation (against a bare YAML load), markdown (the build against the site as plain "
        "Markdown, synthetic records), material (the real site plus N copies of a real record "
        "against a plain Material site of as many pages, target <= 2.4); default: all",
    )
    parser.add_argument(
        "--material-full-nav",
        action="store_true",
        help="every page of the plain Material site in its navigation (MkDocs' default without a nav; "
        "Material then writes the whole list into every page); by default, only as many as the real "
        "site's navigation lists",
    )
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    args = parser.parse_args(argv)

    measures = {"validation"} if args.skip_build else set(args.only)
    print(f"libyaml C loader: {'yes' if LOADER is not yaml.SafeLoader else 'NO (pure Python)'}")
    failed = False
    for size in args.sizes:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix=f"bench-{size}-", dir=args.keep))
        failed |= not bench_size(workdir, size, measures, args)
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


def bench_size(workdir: Path, size: int, measures: set[str], args: argparse.Namespace) -> bool:
    """Prints the measures at one size; False if one is over its target."""
    ok = True
    if measures & {"validation", "markdown"}:
        data = synthetic_data(workdir / "gen", size)
    if "validation" in measures:
        files = sum(1 for _ in data.rglob("*.yml"))
        validation = bench_validation(data, args.validation_runs)
        ok &= validation["ratio"] <= 2.0
        print(
            f"N={size:>6} validation: {validation['validate_s']:.3f} s vs bare CSafeLoader load "
            f"{validation['bare_s']:.3f} s of {files} files -> ratio {validation['ratio']:.2f} "
            f"(target <= 2.00) {'OK' if validation['ratio'] <= 2.0 else 'OVER'}"
        )
    if "markdown" in measures:
        build = bench_build(*site_projects(workdir, data), args.runs)
        ok &= build["ratio"] <= BUILD_TARGET
        print(f"N={size:>6} build: " + build_line(build, "plain-Markdown baseline", BUILD_TARGET, args.runs))
    if "material" in measures:
        build = bench_material(workdir, size, args.runs, args.material_full_nav)
        ok &= build["ratio"] <= MATERIAL_TARGET
        print(
            f"N={size:>6} copies of a real record, {build['pages']} pages: "
            + build_line(build, "plain Material site", MATERIAL_TARGET, args.runs)
        )
    return ok


def build_line(build: dict[str, float], baseline: str, target: float, runs: int) -> str:
    verdict = "OK" if build["ratio"] <= target else "OVER"
    return (
        f"{build['build_s']:.2f} s vs {baseline} {build['baseline_s']:.2f} s "
        f"-> ratio {build['ratio']:.3f} (median of {runs} alternating pairs, "
        f"target <= {target:.2f}) {verdict}; CPU time ratio {build['cpu_ratio']:.3f}; "
        f"peak memory {build['peak_mib']:.0f} MiB "
        f"(baseline {build['baseline_peak_mib']:.0f} MiB); site {build['site_mib']:.1f} MiB"
    )


if __name__ == "__main__":
    sys.exit(main())
