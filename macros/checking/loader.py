"""Load the data folder: YAML -> validated -> typed records.

`load_inventory` is the one entry point: `scripts/validate.py`, the MkDocs build and the
tests all call it. It collects every problem in every file before it returns, and it
returns an `Inventory` only when there is none, so nothing downstream can see invalid
data. The steps live in small modules: `documents` (a file to a schema-checked document),
`file_walk` (which files are records), `vocabularies` (the shared files), `rules` and
`collection_rules` (cross-file rules, registered in `registry`'s tables), `model.records`
(typed values). The loader is the one module that imports both rule modules: importing
it fills the rule tables.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..model.kinds import KINDS, KindModel, field_specs
from ..model.records import Inventory, build_record
from ..reading.problems import Problem
from ..reading.yamlbuilder import ParsedYaml
from . import collection_rules, content_rules, reach_rules, rules, vocabularies
from .documents import (
    ID_MAX_LENGTH,
    MAX_FILE_BYTES,
    PLACEHOLDER,
    SCHEMA_LINE,
    Document,
    check_schema_line,
    file_problem,
    read_document,
    record_id,
    symlink_problem,
)
from .file_walk import link_on_the_way, record_files, stray_files
from .registry import (
    COLLECTION_RULES,
    READING_RULES,
    RECORD_RULES,
    VOCABULARY_FILE_RULES,
    Context,
    RunFacts,
    run_facts,
)
from .schema import RULE_IDS as SCHEMA_RULE_IDS
from .schema import CompiledSchema, SchemaError, read_schema

__all__ = [
    "ID_MAX_LENGTH",
    "MAX_FILE_BYTES",
    "PLACEHOLDER",
    "SCHEMA_LINE",
    "LoadResult",
    "all_rule_ids",
    "hand_written_pages",
    "load_inventory",
]

# Registered on import: the tables below are full once this module is loaded.
RULE_MODULES = (rules, collection_rules, content_rules, reach_rules)


def all_rule_ids() -> list[str]:
    """Every rule id the validator can report."""
    schema = [f"schema/{rule}" for rule in SCHEMA_RULE_IDS]
    return [*READING_RULES, *schema, *RECORD_RULES, *COLLECTION_RULES, *VOCABULARY_FILE_RULES]


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
        self.unread: dict[str, set[str]] = {}  # kind -> ids of record files that could not be read
        self.schema_names = [kind.schema for kind in KINDS]
        for name in [*SHARED_FILES, *self.schema_names]:
            path = data_dir / "schema" / f"{name}.schema.json"
            link = link_on_the_way(path, data_dir)
            if link is not None:
                self.problems.append(symlink_problem(self.display(link)))
                continue
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

    def read(self, path: Path, schema: str, *, walked: bool = False) -> Document:
        """Read one file; `walked` when it was found by a walk that refuses links on the
        way (`record_files`), else every folder down to it is checked for one."""
        self.files_checked += 1
        link = None if walked else link_on_the_way(path, self.data_dir)
        if link is not None and link != path:  # a link to the file itself is reported as the file's
            document = Document(self.display(path), ParsedYaml(), "", valid=False)
            document.problems.append(symlink_problem(self.display(link)))
        else:
            document = read_document(path, self.display(path), self.schemas.get(schema))
        self.problems.extend(document.problems)
        return document

    def shared(self, name: str, loader, *args):
        """A shared file's typed value, or None when it is missing or invalid."""
        path = self.data_dir / SHARED_FILES[name]
        if name == "self-assessment" and not path.exists() and not path.parent.is_symlink():
            return None
        document = self.read(path, name)
        self.shared_documents[name] = document
        if not document.valid or name not in self.schemas:
            return None
        value, problems = loader(document, *args)
        self.problems.extend(problems)
        return value

    def records(self, model: KindModel) -> list[tuple[str, Document]] | None:
        """The records of a kind with their ids; None when its folder itself is refused
        (a symbolic link): then no reference to its records is checked either."""
        kind = model.kind
        root = self.data_dir / kind.name
        files, problems = record_files(root, 2 if kind.nesting else 1, kind.file_pattern, self.display)
        self.problems.extend(problems)
        if any(p.path == self.display(root) for p in problems):
            return None
        loaded = []
        for path in files:
            shown = self.display(path)
            identifier, id_problems = record_id(path, shown)
            self.problems.extend(id_problems)
            document = self.read(path, kind.schema, walked=True)
            if document.parsed.value is None:
                if identifier is not None:
                    self.unread.setdefault(kind.name, set()).add(identifier)
                continue
            self.problems.extend(check_schema_line(document, f"schema/{kind.schema_file}"))
            if identifier is not None:
                loaded.append((identifier, document))
        return loaded


def hand_written_pages(data_dir: Path) -> dict[str, set[str]]:
    """The pages written by hand in the site beside the data, by folder: docs/<folder>/<name>.md
    and docs/<folder>/<name>/index.md (or README.md) are the page /<folder>/<name>/. Names
    are case-folded: on a case-insensitive disk, About.md and about/ are one page."""
    docs = data_dir.parent / "docs"
    if not docs.is_dir():
        return {}
    pages: dict[str, set[str]] = {}
    for folder in (f for f in docs.iterdir() if f.is_dir()):
        names = {page.stem.casefold() for page in folder.glob("*.md")}
        names |= {sub.name.casefold() for sub in folder.iterdir() if (sub / "index.md").is_file()}
        names |= {sub.name.casefold() for sub in folder.iterdir() if (sub / "README.md").is_file()}
        pages[folder.name] = names
    return pages


def load_inventory(data_dir: Path, *, today: str | None = None, changed: Iterable[str] | None = None) -> LoadResult:
    """Load and validate everything under `data_dir`; see the module docstring.

    `today` (YYYY-MM-DD; default $PRI_TODAY, else the day of the build) is the last day a
    date may name. `changed` are the files a pull request adds or changes (paths as
    problems show them, data/…; default: the lines of the file named by $PRI_CHANGED_FILES):
    when two records share an address, those are the ones told."""
    # Every parsed document stays alive until the cross-references are checked, and
    # Python's cyclic collector would rescan that growing heap again and again (it made
    # validation superlinear: scripts/bench.py, 10,000 records). Nothing here forms
    # reference cycles, so the collector is paused for the load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_inventory(Path(data_dir), run_facts(today, changed))
    finally:
        if collecting:
            gc.enable()


def _load_inventory(data_dir: Path, facts: RunFacts) -> LoadResult:
    if data_dir.is_symlink():
        return LoadResult(None, [symlink_problem(data_dir.name)], 0)
    reader = _Reader(data_dir)
    taxonomy = reader.shared("taxonomy", vocabularies.taxonomy, reader.models)
    if len(reader.models) < len(KINDS):  # a schema that did not load is its one problem, not "unused" vocabularies
        reader.problems = [p for p in reader.problems if p.rule != "unused-vocabulary"]
    organizations = reader.shared("organizations", vocabularies.organizations)
    conferences = reader.shared("conferences", vocabularies.conferences)
    topics = taxonomy.get("topics") if taxonomy else None
    assessment = reader.shared("self-assessment", vocabularies.self_assessment, topics)
    read = {name: reader.records(model) for name, model in reader.models.items()}
    documents = {name: loaded for name, loaded in read.items() if loaded is not None}

    # Cross-references are checked only where the shared file itself loaded, so that one
    # broken vocabulary file is reported once rather than as a problem in every record.
    context = Context(taxonomy, organizations, conferences, documents, reader.shared_documents, reader.models)
    context.hand_written = hand_written_pages(data_dir)
    context.unread = reader.unread
    context.facts = facts

    for name, loaded in documents.items():
        for identifier, document in loaded:
            for rule in RECORD_RULES.values():
                reader.problems.extend(rule(context, reader.models[name], identifier, document))
    for collection_rule in COLLECTION_RULES.values():
        reader.problems.extend(collection_rule(context))

    expected = {data_dir / name for name in SHARED_FILES.values()}
    expected |= {data_dir / "schema" / f"{name}.schema.json" for name in (*SHARED_FILES, *reader.schema_names)}
    folders = {data_dir / kind.name for kind in KINDS}
    reader.problems.extend(stray_files(data_dir, expected, folders, reader.display))

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
