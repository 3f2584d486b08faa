"""The `pmnotes` plugin's options in `mkdocs.yml`, as a typed MkDocs config.

    plugins:
      - search
      - pmnotes:
          dangling: topic          # or warn
          dangling_level: info     # warn makes `mkdocs build --strict` fail on them
          notes: [seeds]           # folders of notes outside docs_dir
          mount: {seeds: notes}    # ... served under /notes/ instead of /seeds/
          lint: serve
          lint_level: info

The project's settings (`select`, `ignore`, `severity`, `per_file_ignores`,
`default_end`, `source_prefixes`, `notes`, `mount`, `exclude`, ...) live in the same
block, so `pmnotes lint` and the site read one configuration; `[tool.pmnotes]` in a
`pyproject.toml` beside `mkdocs.yml` overrides them key by key, as it does for
the linter. Each is a `Setting`, checked by the same code that checks it in either
file (`core.options`), as MkDocs' search plugin checks its `lang` with a small option.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..core.kinds import StrEnum
from ..core.options import ConfigError, check_value
from ..render.kinds import KINDS


class LogLevel(StrEnum):
    """The level of a `*_level` option: what the build log does with the message."""

    WARN = "warn"  # `mkdocs build --strict` fails on it
    INFO = "info"
    DEBUG = "debug"
    IGNORE = "ignore"  # said nowhere

    @property
    def logging_level(self) -> int | None:
        return _LOGGING.get(self)


_LOGGING = {LogLevel.WARN: logging.WARNING, LogLevel.INFO: logging.INFO, LogLevel.DEBUG: logging.DEBUG}
LEVELS = tuple(level.value for level in LogLevel)


def climbs(path: str) -> bool:
    """Does a site folder step out of where it is put (`../x`, `a/../../b`)?"""
    return ".." in path.replace("\\", "/").split("/")


class SiteFolder(c.Type[str]):
    """A folder inside the site: generated pages are written below it, never outside."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        folder = super().run_validation(value)
        if climbs(folder):
            raise ValidationError(f"{folder!r} leaves the site: use a folder inside it, without `..`")
        return folder


class Setting(base.BaseConfigOption[Any]):
    """One of the project's settings (`core.settings.Settings`), None unless written."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.default = None
        self.kind = kind  # the reader's word for its value, in the options table

    def run_validation(self, value: object) -> Any:
        if value is None:
            return None
        from ..lint.api import known_selector  # the rules load only when a setting is written

        try:
            check_value(self._name, value, known_selector)
        except ConfigError as exc:
            raise ValidationError(str(exc)) from None
        return value


def _kind_folders() -> type[base.Config]:
    """A config with one `SiteFolder` option per kind of generated page that has a folder of its own.

    Made from the registry (`render/kinds.py`), so a new kind brings its option with it;
    MkDocs collects options from each class's attributes, these first.
    """
    options = {kind.option: SiteFolder(kind.folder) for kind in KINDS if kind.option}
    return type("KindFolders", (base.Config,), options)


KindFolders = _kind_folders()


class PmnotesConfig(KindFolders):  # type: ignore[misc,valid-type]  # a base made from the registry
    # --- wiki links -------------------------------------------------------------------
    dangling = c.Choice(("topic", "warn"), default="topic")
    """What a link to a missing page becomes. `topic`: a link to a generated topic page
    that lists every mention (sentence, note, timestamp). `warn`: a styled non-link."""

    dangling_level = c.Choice(LEVELS, default="info")
    """Log level of each dangling or ambiguous link. `warn` lets `mkdocs build --strict`
    fail on them; `ignore` says nothing."""

    # --- timestamps ---------------------------------------------------------------------
    player = c.Type(bool, default=True)
    """Put an empty player slot at the top of each note with a valid `videoId`;
    pmnotes.js creates a youtube-nocookie.com player there on the first click."""

    shifted_level = c.Choice(LEVELS, default="info")
    """Log level of the one message per note whose timestamps are read as shifted
    (`06:33:00` written for 6 min 33 s) and linked to the corrected second."""

    # --- backlinks ----------------------------------------------------------------------
    backlinks = c.Type(bool, default=True)
    """Add a "Linked from" panel to the end of each page: who links here, the sentence,
    its timestamp, grouped by episode. The panel is kept out of the search index."""

    backlinks_empty = c.Type(bool, default=True)
    """Show the panel, with a short note, on pages nothing links to yet."""

    # --- generated pages (each kind's folder option comes from `KindFolders`) -------------
    episodes = c.Type(bool, default=True)
    """Generate an episode page for each `videoId`: every timestamped claim of its notes
    in playing order, each playing in the page's own player, and the topics they
    mention. Each note links to it under its player. Plus an index of all episodes."""

    topics_other_pages = c.Type(bool, default=True)
    """On topic pages, list mentions from pages that are not notes (no `videoId`, such
    as a user guide) apart, under "Other pages". `false` leaves them out, counts included."""

    # --- reading aids -------------------------------------------------------------------
    previews = c.Type(bool, default=True)
    """Mark wiki links with `data-preview`, so Material (9.7 and later) shows a preview of
    the page on hover without `navigation.instant.preview` for every link."""

    graph = c.Type(bool, default=False)
    """Draw a local graph on each note and topic page: the page, the pages it links to
    and those linking to it, weighted by links. Made from data in the page (no request),
    drawn by pmnotes.js, left out without JavaScript."""

    index_in_nav = c.Type(bool, default=True)
    """Put the three index pages (Topics, Sources, Episodes) in an automatic nav. The
    pages they list never are, so a site of thousands of notes keeps a short nav."""

    # --- notes outside docs_dir ---------------------------------------------------------
    notes = Setting("list or string")
    """Folders of notes outside `docs_dir`, relative to `mkdocs.yml`, mounted into the
    site (read in place, never copied) and watched by `mkdocs serve`. Shared with the
    linter, which lints them too."""

    mount = Setting("mapping")
    """URL folder of each `notes` folder, e.g. `{seeds: notes}`; by default a folder
    is served under its own name. Use `""` to mount at the site root."""

    exclude = Setting("list or string")
    """Globs of files in the `notes` folders to leave out of the site and the linter."""

    # --- the linter at build time -------------------------------------------------------
    lint = c.Choice((True, False, "serve"), default="serve")
    """Run the linter's rules over every note once per build and log the findings:
    `serve` (the default) under `mkdocs serve` only, where an author is writing;
    `true` in every build (with `lint_level: warn`, `--strict` fails on findings);
    `false` never. `pmnotes lint` is the linter's own entry point either way."""

    lint_level = c.Choice(("auto", *LEVELS), default="info")
    """Log level of lint findings. `auto` logs errors and warnings as warnings (so
    `--strict` fails on them) and infos as infos."""

    jobs = c.Optional(c.Type(int))
    """Processes that read and check the notes in `mkdocs build`: by default every CPU
    once the site has 300 notes or more; `1` keeps to one. The pages are the same
    either way; `mkdocs serve` always reads in one process."""

    select = Setting("list or string")
    """Linter: the rules to run (codes, prefixes or names; default all)."""

    ignore = Setting("list or string")
    """Linter: the rules to skip."""

    severity = Setting("mapping")
    """Linter: rule -> error, warning, info or ignore."""

    per_file_ignores = Setting("mapping")
    """Linter: file glob -> rules ignored in matching files."""

    default_end = Setting("seconds or `H:MM:SS`")
    """Length assumed for an episode without a `duration`, in seconds or `H:MM:SS`.
    Timestamp correction uses it too, so the site and the linter agree."""

    max_file_size = Setting("bytes or like `32MB`")
    """Largest note read, in bytes or like `32MB` (default 32 MB). A larger file, or
    anything that is not a regular file (a FIFO, a device), is left out with a
    warning; the linter reports it as PMN306."""

    source_prefixes = Setting("list or string")
    """Line starts that mark a source link (default `From:`); such a missing target
    gets a source page, not a topic page."""

    plain_timestamps = Setting("true or false")
    """Play clock times written in brackets in a note's prose (`[00:26:08]`,
    `[00:54:00, 01:06:00]`) like timestamp anchors, when the note has a `videoId`
    (default true). `pmnotes lint` offers to turn them into anchors (PMN108)."""

    cache_dir = Setting("string")
    """Linter: the folder of `pmnotes lint`'s cache (default `.pmnotes_cache` beside
    `mkdocs.yml`). The build does not use it."""

    # --- assets -------------------------------------------------------------------------
    assets = c.Type(bool, default=True)
    """Add pmnotes.js and pmnotes.css to the site (as generated files) and to the
    theme's extra_javascript / extra_css."""
