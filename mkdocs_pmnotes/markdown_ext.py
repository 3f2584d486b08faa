"""The `pmnotes` Python-Markdown extension: wiki links, playable timestamps, the Linked-from panel.

What works where:

- **Under the MkDocs plugin** (`plugins: [pmnotes]`) the plugin registers this
  extension itself and feeds it the build's site and the current page. Links
  are relative, dangling links go to generated topic pages, and the plugin adds
  the panels, the topic/episode/source pages, the lint messages and the assets.
  Listing `pmnotes` under `markdown_extensions` as well is harmless: the plugin
  replaces it.
- **On its own** (Zensical, which runs Python-Markdown extensions but no MkDocs
  plugins; or plain Python-Markdown) it needs the docs folder: the `docs_dir`
  option, else the `docs_dir` of Zensical's config. It builds the site of that
  folder itself, once (`render.standalone`), and gives every page what the
  plugin gives it: links, corrected timestamps, the player, the episode line,
  the corrections note, and the Linked-from panel at the end. What needs a
  host that can add pages (topic, episode and source pages) is left out, so a
  link to a target without a note is styled text. The page being rendered is
  taken from Zensical's rendering context (its path and front matter), else
  recognised by its text. Links are root-relative (`base_url`, default the
  path of `site_url`, else `/`).

    markdown_extensions:
      - pmnotes:
          docs_dir: docs
          base_url: /

The settings `pmnotes lint` reads (`ignore`, `default_end`, ...) may sit in the
same options table, as they do in `zensical.toml`: they are accepted here and
read from the config file with the rest (`core.config.load_project`).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .core.config import ConfigError, load_project
from .core.options import KEYS
from .core.settings import Settings
from .core.words import printable_logger
from .render.callouts import PRIORITY as CALLOUT_PRIORITY
from .render.callouts import CalloutProcessor
from .render.rewrite import PageRewriter

if TYPE_CHECKING:
    from .render.standalone import StandaloneSite

log = printable_logger("mkdocs.plugins.pmnotes")

# After whitespace normalisation (30), before fenced code (25) and raw HTML blocks (20),
# so links inside raw HTML blocks are rewritten like the linter sees them.
PRIORITY = 27
# After the inline patterns (20) and `toc` (5): the panel stays out of the table of contents.
PANEL_PRIORITY = 1
# The config files Zensical reads, in its order, when it is not named one (`zensical build`).
ZENSICAL_NAMES = ("zensical.toml", "mkdocs.yml", "mkdocs.yaml")
_SETTING = "A `pmnotes lint` setting: read from the config file with the others, not from here."

Bridge = Callable[[], "PageRewriter | None"]


class PmnotesPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: PmnotesExtension, panel: PanelTreeprocessor) -> None:
        super().__init__(md)
        self.extension = extension
        self.panel = panel

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.panel.html = ""
        rewriter = self.extension.rewriter(self.md, text, self.panel)
        if rewriter is None:
            return lines
        return rewriter.rewrite(text, self.md.htmlStash.store).split("\n")


class PanelTreeprocessor(Treeprocessor):
    """Ends the page with its Linked-from panel, when the preprocessor left one (stand-alone use).

    An element at the end of the tree, not text added to the output: `toc` runs the
    postprocessors over each heading's HTML too, and an unclosed code block or raw HTML
    block at the end of the Markdown cannot swallow it.
    """

    html = ""

    def run(self, root: etree.Element) -> None:
        html, self.html = self.html, ""
        if html:
            etree.SubElement(root, "p").text = self.md.htmlStash.store(html)  # put back whole: `aside` is a block


class PmnotesExtension(Extension):
    """Registers the preprocessor and the panel; see the module docstring for its two modes."""

    def __init__(self, bridge: Bridge | None = None, **kwargs: Any) -> None:
        self.config = {
            "docs_dir": ["", "Folder of the notes (stand-alone use). Default: Zensical's docs_dir."],
            "base_url": ["", "URL path the site is served under (stand-alone use). Default: site_url's path, else /."],
            "use_directory_urls": [
                None,
                "Page URLs end in / (stand-alone use). Default: the renderer's setting, else true.",
            ],
            "source_prefixes": [
                [],
                "Line starts that mark a source link. Default: the project's `source_prefixes`, else From:.",
            ],
            "player": [True, "Insert the empty player slot at the top of a note with a videoId."],
            "backlinks": [True, "End every page with its Linked-from panel (stand-alone use)."],
            "backlinks_empty": [True, "Show the panel also where nothing links to the page (stand-alone use)."],
        }
        # Zensical hands over every key of the options table, and Python-Markdown refuses a key
        # it does not know: the linter's settings, in either spelling TOML and YAML use.
        for key in KEYS:
            for spelling in {key, key.replace("_", "-")}:
                self.config.setdefault(spelling, ["", _SETTING])
        super().__init__(**kwargs)
        self.bridge = bridge

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        panel = PanelTreeprocessor(md)
        md.preprocessors.register(PmnotesPreprocessor(md, self, panel), "pmnotes", PRIORITY)
        md.treeprocessors.register(panel, "pmnotes_panel", PANEL_PRIORITY)
        md.parser.blockprocessors.register(CalloutProcessor(md.parser), "pmnotes_callout", CALLOUT_PRIORITY)

    def rewriter(self, md: Markdown, text: str, panel: PanelTreeprocessor | None = None) -> PageRewriter | None:
        """The rewriter of the page being rendered, or None to leave it alone.

        Stand-alone, the page's Linked-from panel is left on `panel` for the end of the page.
        """
        if self.bridge is not None:
            return self.bridge()
        return self._standalone(md, text, panel)

    def _standalone(self, md: Markdown, text: str, panel: PanelTreeprocessor | None) -> PageRewriter | None:
        from .render.standalone import SiteOptions, StandaloneSite

        page, config = _render_context(md)
        docs_dir = _docs_dir(self.getConfig("docs_dir"), config)
        if not docs_dir or not os.path.isdir(docs_dir):
            log.debug("pmnotes extension: no docs_dir, leaving the page as written")
            return None
        directory = self.getConfig("use_directory_urls")
        if directory is None:
            directory = bool(config.get("use_directory_urls", True))
        settings = project_settings(docs_dir, *_site_file(config))
        options = SiteOptions(
            tuple(self.getConfig("source_prefixes") or settings.source_prefixes),
            settings.default_end,
            settings.max_file_size,
            settings.dialect,
        )
        given = _docs_relative(getattr(page, "path", None), docs_dir)
        site = StandaloneSite.get(docs_dir, bool(directory), options)
        site = site.refreshed(_locate(site, given, text))
        path = _locate(site, given, text)
        base = self.getConfig("base_url") or urlparse(str(config.get("site_url") or "")).path or "/"
        if panel is not None and self.getConfig("backlinks"):
            panel.html = site.panel(path, base, bool(self.getConfig("backlinks_empty")))
        return site.rewriter(path, text, base, getattr(page, "meta", None), bool(self.getConfig("player")))


@lru_cache(maxsize=8)
def project_settings(docs_dir: str, site_file: str | None = None, stamp: float | None = None) -> Settings:
    """The settings of the project around `docs_dir`, read as `pmnotes lint` and the plugin read them.

    `site_file` is the config Zensical read, when it says, else the one found from `docs_dir`
    up. Read once per docs folder and version of that file (`stamp`, its mtime): the extension
    renders every page, and `zensical serve` reads the file again when it changes. A broken
    configuration is logged and the defaults used, so the page still renders.
    """
    try:
        return load_project(Path(docs_dir), Path(site_file) if site_file else None).settings
    except ConfigError as exc:
        log.error(f"pmnotes extension: {exc}; using the default settings")
        return Settings()


def _render_context(md: Markdown) -> tuple[object | None, dict[str, object]]:
    """Zensical's page and config, from the preprocessor it registers for extensions to read."""
    for processor in md.preprocessors:
        page = getattr(processor, "page", None)
        if page is not None and hasattr(page, "path") and hasattr(page, "url"):
            config = getattr(processor, "config", None)
            return page, config if isinstance(config, dict) else {}
    return None, {}


def _docs_dir(option: str, config: dict[str, object]) -> str:
    """The notes folder: the option, else the renderer's `docs_dir` (relative to its config's folder)."""
    docs_dir = option or str(config.get("docs_dir") or "")
    root = config.get("root_dir")
    if docs_dir and isinstance(root, str) and root:
        return os.path.join(root, docs_dir)
    return docs_dir


def _site_file(config: dict[str, object]) -> tuple[str | None, float | None]:
    """The config file Zensical read (the first of its names in the project's folder) and its mtime."""
    root = config.get("root_dir")
    if not isinstance(root, str) or not root:
        return None, None
    for name in ZENSICAL_NAMES:
        path = os.path.join(root, name)
        try:
            return path, os.stat(path).st_mtime
        except OSError:
            continue
    return None, None


def _locate(site: StandaloneSite, path: str | None, text: str) -> str | None:
    """The note being rendered: as the renderer names it, else recognised by its text."""
    return path if path is not None and site.knows(path) else site.identify(text) or path


def _docs_relative(path: object, docs_dir: str) -> str | None:
    if not isinstance(path, str) or not path:
        return None
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path, docs_dir)
        except ValueError:
            return None
    return path.replace(os.sep, "/")


def makeExtension(**kwargs: Any) -> PmnotesExtension:
    return PmnotesExtension(**kwargs)
