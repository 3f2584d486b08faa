"""The linter: rules, the runner, fixes and output.

Front ends (the CLI, the MkDocs adapter, the language server) go through `lint.api`; the other
modules are the linter's own.
"""
