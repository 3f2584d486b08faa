"""The shared core: note parsing, the site index and timestamp analysis.

Nothing here imports MkDocs; only `mkdocs_pmnotes.core.files` touches the disk.
"""
