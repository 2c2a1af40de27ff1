"""The build's view of the data: load once per build, refuse invalid data.

The MkDocs hook and the macros module both need the inventory during one build; this
module loads it once and hands the same object to both. The cache key includes every
data file's size and modification time, so `mkdocs serve` reloads after an edit.
"""

from __future__ import annotations

import os
from pathlib import Path

from .loader import load_inventory
from .problems import DataError
from .records import Inventory

_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], Inventory]] = {}


def _fingerprint(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    entries = []
    for folder, _dirs, files in os.walk(data_dir):
        for name in files:
            stat = os.lstat(os.path.join(folder, name))  # a dangling link is reported by the loader
            entries.append((os.path.join(folder, name), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


def inventory_for_build(data_dir: Path, *, refresh: bool = False) -> Inventory:
    """The validated inventory, or DataError listing every problem.

    `refresh=True` (once per build, from the hook's on_config) checks the data files for
    changes; the other callers of the same build get the inventory already loaded.
    """
    given, data_dir = data_dir.absolute(), data_dir.resolve()
    cached = _cache.get(data_dir)
    if cached is not None and not refresh:
        return cached[1]
    fingerprint = _fingerprint(data_dir)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    result = load_inventory(given)  # as given: a data folder that is a symbolic link is refused
    if result.inventory is None:
        raise DataError(result.problems)
    _cache[data_dir] = (fingerprint, result.inventory)
    return result.inventory
