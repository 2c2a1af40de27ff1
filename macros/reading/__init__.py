"""Stage 1, reading: bytes and text -> values with their positions, and the rules of text.

`yamlsafe` reads YAML with libyaml's event parser; `yamlbuilder` makes the values, keeping
each one's line and column and applying `textrules` to every key and scalar, and
`yamlscalars` says what YAML 1.1 reads a scalar as (`yamlerrors` words YAML's own errors);
`problems` is the `Problem` value every later stage reports with. `addresses` (is a link
on the public web?) and `markdown_text` (Markdown's HTML and its links) live here too:
they are text rules that both checking and publishing use, so both see the same links.

May import: the standard library, yaml, markdown, and the modules of this package.
Must not live here: anything that knows a record kind, a schema, a record, HTML
templates or MkDocs (those are `model`, `checking`, `publishing` and the adapters).
"""
