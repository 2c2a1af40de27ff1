"""Stage 4, publishing: a valid `Inventory` -> HTML fragments, pages and static files.

`render` turns records into HTML with the autoescaping Jinja partials of `templates/`
(`facets`, `coverage` and `linkeddata` supply what it shows); `pages` makes the generated
pages (one per record, organization and term); `opendata` and `tables` the open data,
`embed` the embeddable lists, `planning` the planning tools, `offline` the offline copy's
manifest; `site` loads the inventory once per build (it calls `checking.loader`).

May import: `reading`, `model`, `checking`, jinja2, markupsafe, nh3, and this package.
Must not live here: anything that imports MkDocs: pages and files are handed to MkDocs
by the adapters only (`macros/__init__.py`, `macros/mkdocs_hooks.py`), so this stage runs
and is tested without it.
"""
