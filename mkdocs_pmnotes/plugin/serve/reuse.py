"""Under `mkdocs serve` (full rebuilds), a generated page whose output cannot have changed is not rendered again.

A full rebuild renders every page through the theme, and a generated page (topic, episode,
source, index) carries the whole nav like any other, so on a large site the generated pages
are most of what the plugin adds to a rebuild. Their output depends on what the page shows
(its change key, `keys.generated_keys`), the nav (every title and URL in it, read once the pages are), the
site's configuration and the theme's override files. When all of these are as in the previous
rebuild of the same `mkdocs serve`, the page is given an empty template and `on_post_page`
puts back the output kept from that rebuild.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from ...core.config import read_inherited
from ...core.options import ConfigError

TEMPLATE = "pmnotes-reused.html"  # renders nothing: the kept output goes in after


class Reuse:
    """Kept outputs of one `mkdocs serve`, keyed by everything they were made of."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, bytes]] = {}  # src_uri -> (key, compressed output)
        self._keys: dict[str, str] = {}
        self._reused: set[str] = set()

    def prepare(
        self, env: Environment, config: MkDocsConfig, files: Files, nav: Navigation | None, values: dict[str, str]
    ) -> int:
        """Key this build's generated pages; give the unchanged ones the empty template. Returns how many."""
        env.loader = ChoiceLoader([DictLoader({TEMPLATE: ""}), *([env.loader] if env.loader else [])])
        site = _site_key(config, nav)
        self._keys = {uri: hashlib.sha1(f"{site}\0{value}".encode()).hexdigest() for uri, value in values.items()}
        self._reused = set()
        for file in files.documentation_pages():
            uri = file.src_uri
            kept = self._kept.get(uri)
            if kept is not None and file.page is not None and kept[0] == self._keys.get(uri):
                file.page.meta["template"] = TEMPLATE
                self._reused.add(uri)
        # Pages that are gone take their outputs with them.
        self._kept = {uri: kept for uri, kept in self._kept.items() if uri in self._keys}
        return len(self._reused)

    @property
    def count(self) -> int:
        """How many pages this build reuses."""
        return len(self._reused)

    def reused(self, src_uri: str) -> bool:
        return src_uri in self._reused

    def output(self, src_uri: str, output: str) -> str:
        """The page's output: the kept one for a reused page; else `output`, kept for the next rebuild."""
        if src_uri in self._reused:
            return zlib.decompress(self._kept[src_uri][1]).decode("utf-8")
        key = self._keys.get(src_uri)
        if key is not None:
            self._kept[src_uri] = (key, zlib.compress(output.encode("utf-8"), 1))
        return output

    def clear(self) -> None:
        self._kept.clear()
        self._keys.clear()
        self._reused.clear()


def _site_key(config: MkDocsConfig, nav: Navigation | None) -> str:
    """What every page's output shares: the nav as drawn, the configuration, the theme's overrides."""
    digest = hashlib.sha1()
    digest.update(repr(list(_nav_items(nav.items if nav else []))).encode())
    digest.update(_config_bytes(config))
    for name in _override_files(config):
        try:
            stat = os.stat(name)
        except OSError:
            continue
        digest.update(f"{name}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def _nav_items(items: Iterable[Any], depth: int = 0) -> Iterable[tuple[object, ...]]:
    for item in items:
        if isinstance(item, Section):
            yield ("section", depth, item.title)
            yield from _nav_items(item.children, depth + 1)
        elif isinstance(item, Page):
            yield ("page", depth, item.title, item.url, item.file.src_uri)
        elif isinstance(item, Link):
            yield ("link", depth, item.title, item.url)


def _config_bytes(config: MkDocsConfig) -> bytes:
    """The configuration as written, with every file it inherits from merged in."""
    if not config.config_file_path:
        return b""
    try:
        return repr(read_inherited(Path(config.config_file_path))).encode()
    except ConfigError as exc:  # MkDocs read it, so this is a race with an edit: the next rebuild re-reads
        return str(exc).encode()


def _override_files(config: MkDocsConfig) -> list[str]:
    custom = config.theme.custom_dir
    if not custom or not os.path.isdir(custom):
        return []
    return sorted(os.path.join(folder, name) for folder, _, names in os.walk(custom) for name in names)
