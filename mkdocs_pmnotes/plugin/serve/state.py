"""What one `mkdocs serve` keeps from a rebuild to the next, in one object.

`Build.run` takes the memo (each episode's facts, taken over while its notes'
bytes are the same) and leaves a new one. After the files are known, a plain
serve gives the generated pages whose key and nav are unchanged their kept
output (`reuse`); `--dirty` re-renders the notes whose key changed although
their file did not, leaves unwritten the generated pages whose key did not
change, and deletes the outputs of pages that are gone. Each rebuild replaces
what it keeps, so nothing grows.
"""

from __future__ import annotations

import os

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from ...render.pages import Shown
from .keys import Build, generated_keys, note_keys
from .memo import Memo
from .reuse import Reuse


class Serve:
    """One `mkdocs serve` (with `--dirty` or not): its memo, last keys and outputs, kept pages."""

    def __init__(self, *, dirty: bool) -> None:
        self.dirty = dirty
        self.memo: Memo | None = None  # what the next rebuild may take over (`Build.run`)
        self.reuse = Reuse()  # plain serve: generated pages' outputs
        self.site_dir = ""  # --dirty: where the last build wrote,
        self.notes: dict[str, str] = {}  # its notes' keys,
        self.generated: dict[str, str] = {}  # its generated pages' keys,
        self.outputs: set[str] = set()  # and the files it wrote for its pages

    def files_known(self, build: Build, files: Files, config: MkDocsConfig, *, backlinks: bool) -> None:
        """Under `--dirty`, decide which pages MkDocs writes again, and delete those that are gone."""
        if not self.dirty:
            return
        shown = Shown(build.site)
        notes = note_keys(build, shown, backlinks=backlinks)
        made = generated_keys(build, files, shown)
        same = self.site_dir == config.site_dir
        _mark_changed(build, notes, self.notes if same else {})
        _skip_unchanged(files, made, self.generated if same else {})
        if same:
            _remove_stale(self.outputs - build.outputs - {f.abs_dest_path for f in files}, config.site_dir)
        self.site_dir, self.notes, self.generated, self.outputs = config.site_dir, notes, made, build.outputs

    def env_known(
        self, build: Build, env: Environment, config: MkDocsConfig, files: Files, nav: Navigation | None
    ) -> int:
        """Under a plain serve, give the unchanged generated pages their kept output; returns how many."""
        if self.dirty:
            return 0
        return self.reuse.prepare(env, config, files, nav, generated_keys(build, files))

    def reused(self, src_uri: str) -> bool:
        return self.reuse.reused(src_uri)

    def output(self, src_uri: str, output: str) -> str:
        return self.reuse.output(src_uri, output)


def _mark_changed(build: Build, keys: dict[str, str], previous: dict[str, str]) -> None:
    """Make MkDocs re-render the notes whose key changed.

    MkDocs renders a page handed to it as text (a note with broken front matter or
    not in UTF-8) on every build, having no file date to compare: such a page is left
    as it is when neither its bytes nor its key changed since the last build.
    """
    for path, key in keys.items():
        file = build.files.get(path)
        if file is None:
            continue
        if previous.get(path, key) != key:
            file.is_modified = lambda: True  # type: ignore[method-assign]
        elif (
            path in build.replaced
            and path in previous
            and path not in build.changed
            and os.path.isfile(file.abs_dest_path)
        ):
            file.is_modified = lambda: False  # type: ignore[method-assign]


def _skip_unchanged(files: Files, keys: dict[str, str], previous: dict[str, str]) -> None:
    """Leave a generated page unwritten when its key, and so its output, is the same."""
    for file in files:
        key = keys.get(file.src_uri)
        if key is not None and previous.get(file.src_uri) == key and os.path.isfile(file.abs_dest_path):
            file.is_modified = lambda: False  # type: ignore[method-assign]


def _remove_stale(paths: set[str], site_dir: str) -> None:
    """Delete pages of notes and generated pages that are gone, and the folders they leave empty."""
    root = os.path.realpath(site_dir)
    for path in sorted(paths):
        real = os.path.realpath(path)
        if not real.startswith(root + os.sep) or not os.path.isfile(real):
            continue
        os.remove(real)
        folder = os.path.dirname(real)
        while folder != root and folder.startswith(root + os.sep) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
