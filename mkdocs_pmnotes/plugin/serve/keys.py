"""Each page's change key for this build, from the renderers' own (`render.pages`).

A key stands for everything a page shows that may change without its own file
changing: a note's panel and link targets, a generated page's listing. Keys are
compared only within one `mkdocs serve` process, so Python's own hash of plain
values will do.
"""

from __future__ import annotations

from typing import Protocol

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ...render.pages import Shown, note_key, page_key
from ...render.site import Generated, NoteSite
from .memo import Linked


class Build(Protocol):
    """What serving reads of a build (`plugin.build.Build`), so that this package never imports it back."""

    site: NoteSite
    files: dict[str, File]
    generated: dict[str, Generated]
    outgoing: dict[str, tuple[Linked, ...]]
    changed: set[str]
    replaced: set[str]
    outputs: set[str]
    options_key: str


def generated_keys(build: Build, files: Files, shown: Shown | None = None) -> dict[str, str]:
    """src_uri -> key of each generated page: its listing, its Markdown, its URL, the options."""
    shown = shown or Shown(build.site)
    by_uri = {f.src_uri: f for f in files if f.src_uri in build.generated}
    keys = {}
    for src_uri, page in build.generated.items():
        file = by_uri[src_uri]
        body = page_key(build.site, page, shown, get_relative_url)
        keys[src_uri] = str(hash((build.options_key, file.url, file.content_string, body)))
    return keys


def note_keys(build: Build, shown: Shown, *, backlinks: bool) -> dict[str, str]:
    """site path -> key of each note's page: what other notes decide of it, and the options."""
    site = build.site
    return {
        path: str(
            hash((build.options_key, note_key(site, path, build.outgoing.get(path, ()), shown, backlinks=backlinks)))
        )
        for path in build.files
    }
