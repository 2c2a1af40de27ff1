"""scripts/validate.py: exit codes, output format, GitHub annotations, --help."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import FIXTURES, ROOT

SCRIPT = ROOT / "scripts" / "validate.py"
LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+):( (?P<field>[\w.\[\]]+):)? (?P<message>.+)$")


def run(*args: str, github: bool = False, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60
    )


def test_help() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "usage: validate.py" in result.stdout
    assert "--github" in result.stdout


def test_real_data_is_valid() -> None:
    result = run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(r"OK: \d+ files valid \(\d+ resources, \d+ case studies\)\.\n", result.stdout)


def broken_copy(valid_data: Path) -> Path:
    for name in ("unknown-field", "invalid-date"):
        shutil.copy(FIXTURES / "invalid/resources" / f"{name}.yml", valid_data / "resources/aft")
    return valid_data


def test_problems_exit_1_with_one_line_each(valid_data: Path) -> None:
    result = run("--data", str(broken_copy(valid_data)))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("2 problems in 2 files.")
    parsed = [LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    assert {(m["path"], m["line"], m["field"]) for m in parsed} == {
        ("data/resources/aft/unknown-field.yml", "7", "audiance"),
        ("data/resources/aft/invalid-date.yml", "10", "added"),
    }
    assert "Traceback" not in result.stderr


def test_github_annotations(valid_data: Path) -> None:
    result = run("--data", str(broken_copy(valid_data)), github=True)
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert sorted(annotations) == sorted(
        [
            "::error file=data/resources/aft/invalid-date.yml,line=10,col=1,title=Invalid record::added: "
            "'2014-02-30' is not a real date: write it as YYYY-MM-DD, e.g. 2014-02-27.",
            "::error file=data/resources/aft/unknown-field.yml,line=7,col=1,title=Invalid record::audiance: "
            "unknown field 'audiance'. Did you mean 'audiences'? Allowed fields: title, organization, partners, "
            "coauthors, year, year_note, type, topics, audiences, grade_bands, languages, url, url_status, summary, "
            "details, sources, added.",
        ]
    )


def test_no_annotations_outside_github(valid_data: Path) -> None:
    assert "::error" not in run("--data", str(broken_copy(valid_data))).stdout


def test_paths_limit_what_is_reported(valid_data: Path) -> None:
    data = broken_copy(valid_data)
    result = run("--data", str(data), str(data / "resources/aft/invalid-date.yml"))
    assert result.returncode == 1
    assert "invalid-date.yml" in result.stdout and "unknown-field.yml" not in result.stdout
    clean = run("--data", str(data), str(data / "resources/nea"))
    assert clean.returncode == 0
    assert "other files have problems" in clean.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("--data", str(tmp_path / "missing")).returncode == 2
    assert run(str(tmp_path)).returncode == 2  # outside the data folder
    assert run("--no-such-option").returncode == 2
    missing = run(str(ROOT / "data" / "nope.yml"))
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
