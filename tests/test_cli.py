"""scripts/validate.py: exit codes, output format, GitHub annotations, --help."""

from __future__ import annotations

import json
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
            f"unknown field 'audiance'. Did you mean 'audiences'? Allowed fields: {', '.join(resource_fields())}.",
        ]
    )


def resource_fields() -> list[str]:
    return list(json.loads((ROOT / "data/schema/resource.schema.json").read_text())["properties"])


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


# --- contributor text cannot forge workflow commands -------------------------------------------

# GitHub's runner reads a line as a command when it starts (after whitespace) with "::", and
# wherever "##[" appears in it. `::stop-commands::TOKEN` would switch every later annotation off.
FORGED = "::error file=README.md,line=1::forged"
HOSTILE_KEYS = [
    "x\n" + FORGED,
    "x\r" + FORGED,
    "x\r\n::stop-commands::pri",
    "::stop-commands::pri",
    "  ::warning::forged",
    "\u3000::notice::forged",
    "x ##[error]forged",
    "x ##[stop-commands]pri",
    "x\u2028::error::forged",
    "x\x85::error::forged",
    "%0A::error::forged",
]


def command_lines(stdout: str) -> list[str]:
    """The lines GitHub's runner would read as workflow commands (ActionCommand.TryParseV2/TryParse)."""
    # .NET's ReadLine splits on CR, LF and CRLF only; TrimStart removes Unicode whitespace.
    return [line for line in re.split(r"\r\n|\r|\n", stdout) if line.lstrip().startswith("::") or "##[" in line]


def hostile_data(valid_data: Path) -> Path:
    record = (FIXTURES / "valid/data/resources/aft/fixture-toolkit.yml").read_text(encoding="utf-8")
    record = record.replace("https://example.org/toolkit", "https://example.org/other")
    for index, key in enumerate(HOSTILE_KEYS):
        quoted = json.dumps(key)  # JSON string syntax is YAML double-quoted syntax
        text = record + f"{quoted}: {quoted}\nyear_note: {json.dumps('note ' + key)}\n"
        text = text.replace('"Fixture Toolkit"', json.dumps(f"Title {key}"))
        (valid_data / f"resources/aft/hostile-{index}.yml").write_text(text, encoding="utf-8")
    # Values and file names: a file whose name holds a line break and a command.
    bad_name = valid_data / "resources/aft" / ("x\n" + FORGED.replace("/", "-") + ".yml")
    bad_name.write_text(record.replace("https://example.org/other", "https://example.org/third"), encoding="utf-8")
    (valid_data / "resources/aft/%0A::error::x.yml").write_text("title: [", encoding="utf-8")
    (valid_data / "resources/aft/##[error]x.yml").write_text("title: [", encoding="utf-8")
    return valid_data


def test_contributor_text_cannot_forge_workflow_commands(valid_data: Path) -> None:
    data = hostile_data(valid_data)
    for github in (False, True):
        result = run("--data", str(data), github=github)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr, result.stderr
        lines = re.split(r"\r\n|\r|\n", result.stdout.rstrip("\n"))
        summary = lines[-1]
        problems = int(summary.split()[0])
        assert problems > len(HOSTILE_KEYS)
        # One line per problem in each form (nothing split a line), and the only commands
        # are the validator's own annotations, one per problem.
        assert len(lines) == problems * (2 if github else 1) + 1
        commands = command_lines(result.stdout)
        if github:
            assert len(commands) == problems
            assert all(line.startswith("::error file=data/resources/aft/") for line in commands), commands
            assert all(",title=Invalid record::" in line for line in commands)
            # the forged text is inside the message, escaped by GitHub's rules
            assert not any("\n" in line or "\r" in line for line in commands)
        else:
            assert commands == []
        for key in HOSTILE_KEYS:
            if re.search(r"[\r\n\x85\u2028]", key):
                assert key not in result.stdout


def test_escaping_of_each_output_form() -> None:
    from macros.reading.problems import Problem

    problem = Problem("data/resources/aft/a%b\n::c.yml", 3, 1, "k\r\n::stop-commands::t", "x ##[error]y % \x01")
    assert (
        problem.as_text() == "data/resources/aft/a%b\\n::c.yml:3:1: k\\r\\n::stop-commands::t: x ##\\[error]y % \\x01"
    )
    assert problem.as_github_annotation() == (
        "::error file=data/resources/aft/a%25b%0A%3A%3Ac.yml,line=3,col=1,title=Invalid record::"
        "k%0D%0A::stop-commands::t: x ##\\[error]y %25 \\x01"  # "##[" is broken up in both forms
    )
    leading = Problem("::stop-commands::t", 1, 1, "", "m")
    assert leading.as_text() == "\\::stop-commands::t:1:1: m"


def test_paths_given_on_the_command_line_are_escaped(tmp_path: Path) -> None:
    result = run(str(tmp_path / "x\n::error::forged.yml"))
    assert result.returncode == 2
    assert command_lines(result.stderr) == []
    assert "x\\n::error::forged.yml does not exist" in result.stderr
