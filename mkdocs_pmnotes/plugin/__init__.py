"""The MkDocs adapter (`plugins: [pmnotes]`): hooks, build orchestration, generated files, serve.

The only package that imports MkDocs. What it puts on pages comes from `render/`; what it
reports comes from the linter's public face, `lint.api`.
"""
