"""Stage 2, the model: what a record kind is and what a record is, as typed values.

`kinds` holds `KINDS`, the one table of record kinds, and derives each kind's fields
(`FieldSpec`, `KindModel`) from its JSON Schema's annotations (`x-vocabulary`,
`x-markdown`, ...). `records` holds the immutable records and the `Inventory` built from
valid data only.

May import: `reading` and the modules of this package.
Must not live here: reading files, checking values or rendering them: the model
describes data, it neither finds problems nor writes HTML.
"""
