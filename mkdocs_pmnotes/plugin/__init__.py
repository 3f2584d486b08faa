"""The MkDocs plugin (`plugins: [pmnotes]`) and the pure pieces the Markdown extension shares.

Importing this package imports nothing from MkDocs: `render`, `rewrite` and
`standalone` are used by the stand-alone extension too.
"""
