"""Paths and helpers shared by the tests."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def copy_valid_data(destination: Path) -> Path:
    """A fresh copy of tests/fixtures/valid/data with the project's own schema folder."""
    data = destination / "data"
    shutil.copytree(FIXTURES / "valid" / "data", data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    return data


EVENT_ROW = """    RecordKind(
        name="events",
        schema="event",
        title_field="name",
        noun="event",
        nouns="events",
        heading="Events",
    ),
)
KIND_BY_NAME"""


def add_event_kind(project: Path) -> None:
    """README's "Adding a record kind" in a copy of the project: a row in KINDS and the
    kind's schema (tests/fixtures/third-kind); the records and pages are the caller's."""
    model = project / "macros/model.py"
    text = model.read_text()
    assert text.count(")\nKIND_BY_NAME") == 1, "the KINDS table ends right before KIND_BY_NAME"
    model.write_text(text.replace(")\nKIND_BY_NAME", EVENT_ROW, 1))
    shutil.copy(FIXTURES / "third-kind/event.schema.json", project / "data/schema/event.schema.json")
