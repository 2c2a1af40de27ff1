"""Load the data folder: YAML -> validated -> typed records.

`load_inventory` is the one entry point: `scripts/validate.py`, the MkDocs build and the
tests all call it. It collects every problem in every file before it returns, and it
returns an `Inventory` only when there is none, so nothing downstream can see invalid
data. The steps live in small modules: `reading` (a file to a schema-checked document),
`vocabularies` (the shared files), `rules` (cross-file rules), `records` (typed values).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from . import vocabularies
from .model import KINDS, KindModel, field_specs
from .problems import Problem
from .reading import (
    ID_MAX_LENGTH,
    MAX_FILE_BYTES,
    PLACEHOLDER,
    SCHEMA_LINE,
    Document,
    check_schema_line,
    file_problem,
    read_document,
    record_files,
    record_id,
)
from .records import Inventory, build_record
from .rules import COLLECTION_RULES, RECORD_RULES, Context
from .schema import CompiledSchema, SchemaError, read_schema

__all__ = ["ID_MAX_LENGTH", "MAX_FILE_BYTES", "PLACEHOLDER", "SCHEMA_LINE", "LoadResult", "load_inventory"]

SHARED_FILES = {
    "taxonomy": "taxonomy.yml",
    "organizations": "organizations.yml",
    "conferences": "conferences.yml",
    "self-assessment": "planning/self-assessment.yml",
}


@dataclass
class LoadResult:
    inventory: Inventory | None
    problems: list[Problem]
    files_checked: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Reader:
    """Reads files under one data folder, keeping the problems and the count."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.problems: list[Problem] = []
        self.files_checked = 0
        self._prefix = str(data_dir.parent).rstrip("/") + "/"
        self.schemas: dict[str, CompiledSchema] = {}
        self.models: dict[str, KindModel] = {}
        self.shared_documents: dict[str, Document] = {}
        names = [*SHARED_FILES, *(kind.schema for kind in KINDS)]
        for name in names:
            path = data_dir / "schema" / f"{name}.schema.json"
            try:
                schema = read_schema(path)
                self.schemas[name] = CompiledSchema(schema, name=path.name)
            except (OSError, ValueError, SchemaError) as error:
                self.problems.append(
                    file_problem(self.display(path), f"cannot read the schema: {error}.", "schema-file")
                )
                continue
            for kind in KINDS:
                if kind.schema == name:
                    self.models[kind.name] = KindModel(kind, field_specs(schema), schema)

    def display(self, path: Path) -> str:
        """Paths are shown relative to the data folder's parent (the repository root)."""
        text = str(path)
        return text[len(self._prefix) :] if text.startswith(self._prefix) else text

    def read(self, path: Path, schema: str) -> Document:
        self.files_checked += 1
        document = read_document(path, self.display(path), self.schemas.get(schema))
        assert document is not None
        self.problems.extend(document.problems)
        return document

    def shared(self, name: str, loader, *args):
        """A shared file's typed value, or None when it is missing or invalid."""
        path = self.data_dir / SHARED_FILES[name]
        if name == "self-assessment" and not path.exists():
            return None
        document = self.read(path, name)
        self.shared_documents[name] = document
        if not document.valid or name not in self.schemas:
            return None
        value, problems = loader(document, *args)
        self.problems.extend(problems)
        return value

    def records(self, model: KindModel) -> list[tuple[str, Document]]:
        kind = model.kind
        files, problems = record_files(
            self.data_dir / kind.name, 2 if kind.nesting else 1, kind.file_pattern, self.display
        )
        self.problems.extend(problems)
        loaded = []
        for path in files:
            shown = self.display(path)
            identifier, id_problems = record_id(path, shown)
            self.problems.extend(id_problems)
            document = self.read(path, kind.schema)
            if document.parsed.value is None:
                continue
            self.problems.extend(check_schema_line(document, f"schema/{kind.schema_file}"))
            if identifier is not None:
                loaded.append((identifier, document))
        return loaded


def _hand_written(data_dir: Path) -> dict[str, set[str]]:
    """The pages written by hand in the site beside the data (docs/<folder>/<stem>.md)."""
    docs = data_dir.parent / "docs"
    if not docs.is_dir():
        return {}
    return {folder.name: {page.stem for page in folder.glob("*.md")} for folder in docs.iterdir() if folder.is_dir()}


def load_inventory(data_dir: Path) -> LoadResult:
    """Load and validate everything under `data_dir`; see the module docstring."""
    # Every parsed document stays alive until the cross-references are checked, and
    # Python's cyclic collector would rescan that growing heap again and again (it made
    # validation superlinear: scripts/bench.py, 10,000 records). Nothing here forms
    # reference cycles, so the collector is paused for the load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_inventory(Path(data_dir))
    finally:
        if collecting:
            gc.enable()


def _load_inventory(data_dir: Path) -> LoadResult:
    reader = _Reader(data_dir)
    taxonomy = reader.shared("taxonomy", vocabularies.taxonomy, reader.models)
    organizations = reader.shared("organizations", vocabularies.organizations)
    conferences = reader.shared("conferences", vocabularies.conferences)
    topics = taxonomy.get("topics") if taxonomy else None
    assessment = reader.shared("self-assessment", vocabularies.self_assessment, topics)
    documents = {name: reader.records(model) for name, model in reader.models.items()}

    # Cross-references are checked only where the shared file itself loaded, so that one
    # broken vocabulary file is reported once rather than as a problem in every record.
    context = Context(
        taxonomy, organizations, conferences, documents, reader.shared_documents, reader.models, _hand_written(data_dir)
    )
    for name, loaded in documents.items():
        for identifier, document in loaded:
            for rule in RECORD_RULES.values():
                reader.problems.extend(rule(context, reader.models[name], identifier, document))
    for collection_rule in COLLECTION_RULES.values():
        reader.problems.extend(collection_rule(context))

    counts = {reader.models[name].kind.nouns: len(loaded) for name, loaded in documents.items()}
    problems = sorted(set(reader.problems))
    if problems or taxonomy is None or organizations is None or conferences is None:
        return LoadResult(None, problems, reader.files_checked, counts)
    records = {}
    for name, loaded in documents.items():
        model = reader.models[name]
        built = [build_record(model.kind, model.fields, rid, doc.path, doc.value) for rid, doc in loaded]
        records[name] = tuple(sorted(built, key=lambda r: (r.title.casefold(), r.id)))
    inventory = Inventory(organizations, taxonomy, conferences, records, reader.models, assessment)
    return LoadResult(inventory, [], reader.files_checked, counts)
