"""A stand-in for the GitHub CLI, for running the suggestion workflow's shell steps in the
tests (tests/test_suggestion_workflow.py): GitHub itself is out of reach there.

It keeps the pull requests and comments of one repository in a JSON file (FAKE_GH_STATE)
and does what GitHub does for the few calls the workflow makes: `gh api` on the pull
requests (GET with `state` and `head=<owner>:<branch>`, PATCH of one), `gh pr create`
(refused when the branch is not on the remote, FAKE_GH_REMOTE, or already has an open pull
request), `gh issue comment`, `gh auth setup-git`. Anything else, or a `--jq` filter it
does not know, exits 3, so that a change in the workflow fails the tests instead of
passing unseen.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

STATE = Path(os.environ["FAKE_GH_STATE"])
REPOSITORY = os.environ["GITHUB_REPOSITORY"]
OWNER = REPOSITORY.split("/")[0]


def fail(message: str, status: int = 3) -> None:
    print(f"fake gh: {message}", file=sys.stderr)
    sys.exit(status)


def load() -> dict[str, Any]:
    return json.loads(STATE.read_text(encoding="utf-8"))


def save(state: dict[str, Any]) -> None:
    STATE.write_text(json.dumps(state, indent=1), encoding="utf-8")


def options(args: list[str], flags: set[str], repeatable: set[str] = frozenset()) -> tuple[dict, list[str]]:
    """`--flag value` pairs (repeatable ones as lists) and the positional arguments."""
    found: dict[str, Any] = {name: [] for name in repeatable}
    positional = []
    items = iter(args)
    for arg in items:
        if arg in flags | repeatable:
            value = next(items, None)
            if value is None:
                fail(f"{arg} needs a value")
            if arg in repeatable:
                found[arg].append(value)
            else:
                found[arg] = value
        elif arg.startswith("-"):
            fail(f"unknown flag {arg}")
        else:
            positional.append(arg)
    if found.get("--repo", REPOSITORY) != REPOSITORY:
        fail(f"--repo {found['--repo']} is not {REPOSITORY}")
    return found, positional


def jq(value: Any, expression: str | None) -> str:
    """The two filters the workflow uses: `.[0].<key> // empty` and `.<key>`."""
    if expression is None:
        return json.dumps(value)
    first = re.fullmatch(r"\.\[0\]\.(\w+) // empty", expression)
    key = re.fullmatch(r"\.(\w+)", expression)
    if first:
        found = value[0].get(first.group(1)) if value else None
        return "" if found is None else str(found)
    if key:
        return str(value[key.group(1)])
    fail(f"unsupported --jq {expression!r}")
    return ""


def field_values(raw: list[str], typed: list[str]) -> dict[str, Any]:
    values = {}
    for item in raw:
        name, _, value = item.partition("=")
        values[name] = value
    for item in typed:
        name, _, value = item.partition("=")
        values[name] = Path(value[1:]).read_text(encoding="utf-8") if value.startswith("@") else value
    return values


def api(args: list[str]) -> str:
    found, positional = options(args, {"--method", "--jq"}, {"-f", "-F"})
    (path,) = positional
    parts = urlsplit(path)
    method = found.get("--method", "GET")
    state = load()
    pulls = f"repos/{REPOSITORY}/pulls"
    if method == "GET" and parts.path == pulls:
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        owner, _, branch = query.get("head", ":").partition(":")
        listed = [
            pull
            for pull in state["pulls"]
            if pull["state"] == query.get("state", "open")
            and (not query.get("head") or (pull["head_owner"], pull["head_ref"]) == (owner, branch))
        ]
        return jq(listed, found.get("--jq"))
    match = re.fullmatch(re.escape(pulls) + r"/(\d+)", parts.path)
    if method == "PATCH" and match:
        pull = next((p for p in state["pulls"] if p["number"] == int(match.group(1))), None)
        if pull is None:
            fail("404 Not Found", 1)
        pull.update(field_values(found["-f"], found["-F"]))
        save(state)
        return jq(pull, found.get("--jq"))
    fail(f"unsupported api call {method} {path}")
    return ""


def on_remote(branch: str) -> bool:
    listed = subprocess.run(
        ["git", "ls-remote", os.environ["FAKE_GH_REMOTE"], f"refs/heads/{branch}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return bool(listed.stdout.strip())


def pr_create(args: list[str]) -> str:
    found, _ = options(args, {"--repo", "--base", "--head", "--title", "--body-file"})
    state = load()
    if state.get("refuse_pull_requests"):
        fail("pull request create failed: GitHub Actions is not permitted to create pull requests", 1)
    if not on_remote(found["--head"]):
        fail(f"pull request create failed: head branch {found['--head']!r} not found", 1)
    if any(
        p["head_owner"] == OWNER and p["head_ref"] == found["--head"] and p["state"] == "open" for p in state["pulls"]
    ):
        fail("a pull request for this branch already exists", 1)
    number = max((p["number"] for p in state["pulls"]), default=100) + 1
    pull = {
        "number": number,
        "html_url": f"https://github.example/{REPOSITORY}/pull/{number}",
        "head_owner": OWNER,
        "head_ref": found["--head"],
        "base": found["--base"],
        "title": found["--title"],
        "body": Path(found["--body-file"]).read_text(encoding="utf-8"),
        "state": "open",
    }
    state["pulls"].append(pull)
    save(state)
    return pull["html_url"]


def issue_comment(args: list[str]) -> str:
    found, positional = options(args, {"--repo", "--body-file"})
    (number,) = positional
    state = load()
    state["comments"].append({"issue": int(number), "body": Path(found["--body-file"]).read_text(encoding="utf-8")})
    save(state)
    return ""


def main(args: list[str]) -> None:
    if not os.environ.get("GH_TOKEN"):
        fail("no GH_TOKEN", 4)
    if args[:2] == ["auth", "setup-git"]:
        options(args[2:], {"--hostname"})
        return
    commands = {("api",): api, ("pr", "create"): pr_create, ("issue", "comment"): issue_comment}
    for prefix, command in commands.items():
        if tuple(args[: len(prefix)]) == prefix:
            output = command(args[len(prefix) :])
            if output:
                print(output)
            return
    fail(f"unsupported command {args}")


if __name__ == "__main__":
    main(sys.argv[1:])
