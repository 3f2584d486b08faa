"""The `pmnotes` Python-Markdown extension: wiki links and playable timestamps.

What works where:

- **Under the MkDocs plugin** (`plugins: [pmnotes]`) the plugin registers this
  extension itself and feeds it the build's site index and the current page.
  Links are relative, dangling links go to generated topic pages, timestamps
  use the corrected second of shifted notes, and the plugin adds backlinks,
  topic/episode/source pages, lint messages and the JS/CSS. Listing `pmnotes`
  under `markdown_extensions` as well is harmless: the plugin replaces it.
- **On its own** (Zensical, which ignores MkDocs plugins; or plain
  Python-Markdown) it needs the docs folder: the `docs_dir` option, else the
  `docs_dir` of Zensical's config. It indexes that folder itself. The page
  being rendered is taken from Zensical's rendering context when there is one
  (its path and front matter), else recognised by its text. Links become
  root-relative (`base_url`, default the path of `site_url`, else `/`), because
  Zensical rewrites relative hrefs in raw HTML; missing targets become styled
  non-links (no topic pages without the plugin); timestamps become YouTube links
  with the corrected second; the empty player slot is added. Backlinks, generated
  pages, lint messages and the assets need the plugin: copy pmnotes.js and
  pmnotes.css into the docs and list them in `extra_javascript`/`extra_css`.

    markdown_extensions:
      - pmnotes:
          docs_dir: docs
          base_url: /
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .core.config import ConfigError, load_project
from .core.settings import Settings
from .core.words import printable_logger
from .render.rewrite import PageRewriter

log = printable_logger("mkdocs.plugins.pmnotes")

# After whitespace normalisation (30), before fenced code (25) and raw HTML blocks (20),
# so links inside raw HTML blocks are rewritten like the linter sees them.
PRIORITY = 27

Bridge = Callable[[], "PageRewriter | None"]


class PmnotesPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: PmnotesExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        rewriter = self.extension.rewriter(self.md, text)
        if rewriter is None:
            return lines
        return rewriter.rewrite(text, self.md.htmlStash.store).split("\n")


class PmnotesExtension(Extension):
    """Registers the preprocessor; see the module docstring for its two modes."""

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
        }
        super().__init__(**kwargs)
        self.bridge = bridge

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(PmnotesPreprocessor(md, self), "pmnotes", PRIORITY)

    def rewriter(self, md: Markdown, text: str) -> PageRewriter | None:
        """The rewriter of the page being rendered, or None to leave it alone."""
        if self.bridge is not None:
            return self.bridge()
        return self._standalone(md, text)

    def _standalone(self, md: Markdown, text: str) -> PageRewriter | None:
        from .render.standalone import StandaloneSite

        page, config = _render_context(md)
        docs_dir = self.getConfig("docs_dir") or str(config.get("docs_dir") or "")
        if not docs_dir or not os.path.isdir(docs_dir):
            log.debug("pmnotes extension: no docs_dir, leaving the page as written")
            return None
        directory = self.getConfig("use_directory_urls")
        if directory is None:
            directory = bool(config.get("use_directory_urls", True))
        settings = project_settings(docs_dir)
        prefixes = tuple(self.getConfig("source_prefixes") or settings.source_prefixes)
        site = StandaloneSite.get(docs_dir, bool(directory), prefixes, settings.default_end)
        path = _docs_relative(getattr(page, "path", None), docs_dir)
        site = site.refreshed(path)
        if path is None or path not in site.notes:
            path = site.identify(text) or path
        base = self.getConfig("base_url") or urlparse(str(config.get("site_url") or "")).path or "/"
        return site.rewriter(path, text, base, getattr(page, "meta", None), bool(self.getConfig("player")))


@lru_cache(maxsize=8)
def project_settings(docs_dir: str) -> Settings:
    """The settings of the project around `docs_dir`, read as `pmnotes lint` and the plugin read them.

    Read once per docs folder: the extension renders every page, the files change rarely.
    A broken configuration is logged and the defaults used, so the page still renders.
    """
    try:
        return load_project(Path(docs_dir)).settings
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
