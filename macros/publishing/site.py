"""The build's view of the configuration and the data: where the data folder is, where
the site is, and the inventory, loaded once per build and refused when invalid.

The MkDocs hook and the macros module both need these during one build; this module
works each out once and hands the same values to both. The inventory's cache key holds
every data file's size and modification time, so `mkdocs serve` reloads after an edit.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..checking.loader import load_inventory
from ..model.records import Inventory
from ..reading.problems import DataError
from .linkeddata import Site


def conf_value(conf: object, key: str) -> object:
    """A setting of mkdocs.yml, from MkDocs' config object or from Zensical's plain dict."""
    return conf.get(key) if isinstance(conf, Mapping) else getattr(conf, key, None)


def data_dir_of(conf: object, project_dir: str | Path | None = None) -> Path:
    """The data folder: `extra.data_dir` of mkdocs.yml (default `data`), under the
    project's folder. That is `project_dir` when the caller knows it (mkdocs-macros), else
    the folder of the config file (MkDocs' hook), else the working directory (Zensical's
    macros extension may give neither)."""
    extra, config_file = conf_value(conf, "extra"), conf_value(conf, "config_file_path")
    project = project_dir or (Path(os.path.abspath(str(config_file))).parent if config_file else Path.cwd())
    return Path(project) / (extra if isinstance(extra, Mapping) else {}).get("data_dir", "data")


def site_of(conf: object) -> Site:
    """Where the site and its repository are: `site_url` (SITE_URL), `site_name` and
    `repo_url` (REPO_URL, empty when unset), read once for the render functions."""
    return Site(
        url=str(conf_value(conf, "site_url") or Site.url),
        name=str(conf_value(conf, "site_name") or ""),
        repo_url=str(conf_value(conf, "repo_url") or ""),
    )


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
