"""Stage 3, checking: the data folder -> problems, or an `Inventory` when there is none.

`schema` compiles the JSON Schemas into plain checks (one function per keyword, in
`keywords` and `limit_keywords`, on the types of `keyword_base`); `documents` reads a
file into a schema-checked `Document`, and `file_walk` finds the record files;
`vocabularies` loads the shared files; `rules` (per record) and `collection_rules` (the
whole inventory) register in the tables of `registry`; `loader.load_inventory`, the one
entry point, runs them all and returns typed records only when nothing is wrong.

Imports point one way: keyword_base < limit_keywords < keywords < schema < documents <
file_walk < registry < rules and collection_rules (neither imports the other) <
vocabularies < loader. Only the loader imports the rule modules, which fills the rule
tables.
May import: `reading`, `model` and the modules of this package.
Must not live here: HTML, Jinja templates or MkDocs (those are `publishing` and the adapters).
"""
