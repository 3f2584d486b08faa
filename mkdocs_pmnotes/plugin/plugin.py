"""The `pmnotes` MkDocs plugin: thin hooks over `Build`, `NoteSite` and the extension.

Life of a build: `on_config` checks the options and registers the Markdown
extension; `on_pre_build` drops the previous build's state; `on_files` reads
and parses every note once and makes the index, the backlinks and the generated
pages; `on_page_markdown` hands the extension the page being rendered, and the
extension rewrites its links and timestamps; `on_page_context`, after the
search plugins have indexed the page, adds its panel (or a generated page's
listing) and writes the full timestamp links; and `on_post_page` keeps a
generated page's output for the next serve rebuild, or puts back the kept one.
Under `mkdocs build`, which writes each page once, `on_post_page` also lets go
of the facts only that page reads (`Build.written`), so the plugin's memory does
not grow on top of MkDocs' own by every note's plan, panel and timeline.

Material's nav is drawn once per folder of generated pages (`navdraw`), since the
plugin's own pages are never in the nav and a thousand-entry nav is most of a page.

`on_startup` is defined so that `mkdocs serve` keeps this instance across
rebuilds; every per-build structure is replaced, never extended, so nothing
grows from one rebuild to the next. What a `mkdocs serve` carries from one
rebuild to the next is one object, `serve.state.Serve`: the facts of the
episodes whose notes did not change (so a rebuild parses only what was
edited), and each page's change key, by which a plain serve reuses a generated
page's output and `--dirty` writes only the pages whose key changed (and
deletes those that are gone), so nothing stale is served.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from ..core.blocks import CORE
from ..core.config import Project
from ..core.frontmatter import parse_front_matter
from ..core.options import ConfigError
from ..core.site_files import SiteFiles
from ..core.words import printable_logger
from ..lint.api import load_site_project
from ..markdown_ext import PmnotesExtension
from ..render import markup
from ..render.plan import by_corrections
from ..render.rewrite import PageRewriter
from ..render.site import Released
from ..render.templates import TemplateProblem
from .build import ASSET_URIS, Build, release_caches
from .config import PmnotesConfig
from .navdraw import NavDrawings, install
from .program import running_program
from .serve.state import Serve
from .templates import build_error

log = get_plugin_logger("pmnotes")
printable_logger(log.logger.name)  # every line of the build log escaped, whichever module wrote it
# Above this many pages a full rebuild takes long enough that `--dirty` is worth a word.
HINT_PAGES = 300


class PmnotesPlugin(BasePlugin[PmnotesConfig]):  # type: ignore[no-untyped-call]  # as for PmnotesConfig
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.dirty = False
        self.command: str | None = None
        self.build: Build | None = None
        self.current: PageRewriter | None = None
        self.mounts = SiteFiles()  # the notes folders mounted into the site
        self.project: Project | None = None
        self.serve: Serve | None = None  # what a `mkdocs serve` keeps from one rebuild to the next
        self.nav: Navigation | None = None
        self.drawings: NavDrawings | None = None
        self.stamps = markup.CompactTimestamps()
        self._hinted = False
        # A page's HTML without what `on_page_context` added, given back once the page is written.
        self._own: dict[str, str] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        self._hinted = False  # once per `mkdocs serve`, at its first build
        self.serve = Serve(dirty=dirty) if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        mkdocs_file = Path(config.config_file_path) if config.config_file_path else None
        try:
            self.project = load_site_project(mkdocs_file, dict(self.config), Path(config.docs_dir))
            self.mounts = _mounts(self.project, config)
        except ConfigError as exc:
            raise PluginError(f"pmnotes: {exc}") from None
        names = [e for e in config.markdown_extensions if not _is_pmnotes(e)]
        # Which blocks hold Markdown (an admonition's body) depends on these.
        self.project.settings.read_extensions(e for e in names if isinstance(e, str))
        config.mdx_configs.pop("pmnotes", None)
        # MkDocs hands Extension instances through to Python-Markdown; its annotation says str.
        config.markdown_extensions = [*names, PmnotesExtension(bridge=self._rewriter)]  # type: ignore[list-item]
        if self.config.assets:
            if ASSET_URIS["pmnotes.css"] not in config.extra_css:
                config.extra_css.append(ASSET_URIS["pmnotes.css"])
            if ASSET_URIS["pmnotes.js"] not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(ASSET_URIS["pmnotes.js"])
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.build = None
        self.current = None
        self.stamps = markup.CompactTimestamps()  # a new token: no page of an earlier build can carry it
        self._own.clear()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None, "on_config runs first"
        lint = self.config.lint is True or (self.config.lint == "serve" and self.command == "serve")
        serve = self.serve is not None
        try:
            self.build = Build.run(
                files,
                config,
                self.config,
                self.project.settings,
                mounts=self.mounts,
                log=log,
                lint=lint,
                serve=self.serve,
            )
            if self.serve is not None:
                self.serve.files_known(self.build, files, config, backlinks=self.config.backlinks)
        except TemplateProblem as problem:  # a generated page's heading, from a site's own template
            raise build_error(problem, config) from None
        if serve and not self.dirty and not self._hinted and len(self.build.files) > HINT_PAGES:
            log.info(
                f"{len(self.build.files)} pages: `{running_program()} serve --dirty` rebuilds only the pages an edit changes"
            )
        self._hinted = self._hinted or serve
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.drawings = None
        if self.build is not None and self.nav is not None:
            drawings = NavDrawings(self.build.generated, self.nav)
            self.drawings = drawings if install(env, config, drawings) else None
        if self.build is not None and self.serve is not None and not self.serve.dirty:
            reused = self.serve.env_known(self.build, env, config, files, self.nav)
            log.debug(f"{reused} generated pages unchanged since the last rebuild: their output is reused")
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.current = None
        site = self.build.site if self.build else None
        path = page.file.src_uri
        try:
            plan = site.plan(path) if site is not None else None
        except Released as exc:
            raise _twice(path, exc) from None
        if site is None or plan is None:
            return markdown
        safe = markup.safe_meta(dict(page.meta))
        page.meta.clear()  # in place: other plugins may hold this dict
        page.meta.update(safe)
        own_front = parse_front_matter(markdown)
        self.current = PageRewriter(
            path=path,
            resolver=site.resolver,
            href=partial(_relative, here=page.url),
            video=site.video(path),
            reading=by_corrections(site.corrections(path)),
            plan=plan,
            front_stripped=site.stripped(path) and not own_front.usable,
            player=self.config.player,
            moment=self.stamps.compact,
            episode=site.episode_link(path),
            preview=self.config.previews,
            templates=site.templates,
            dialect=self.project.settings.dialect if self.project else CORE,
        )
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.current = None
        return html

    @event_priority(-100)  # after `search` has indexed the page: what is added stays out of the index
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Done here, on the page's own HTML, not on the output: the output also carries the
        # whole nav, which on a large site makes it ten times longer than the content.
        path = page.file.src_uri
        if self.build is None or page.content is None or (self.serve is not None and self.serve.reused(path)):
            return context
        try:
            addition = self.build.addition(
                path, page.url, backlinks=self.config.backlinks, empty=self.config.backlinks_empty
            )
        except TemplateProblem as problem:
            raise build_error(problem, config) from None
        except Released as exc:
            raise _twice(path, exc) from None
        own = self.stamps.expand(page.content, self.build.site.video(path))
        page.content = own + addition
        if addition:
            self._own[path] = own
        return context

    @event_priority(100)  # before plugins that minify or otherwise rewrite the output
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        own = self._own.pop(page.file.src_uri, None)
        if own is not None:
            # MkDocs holds every page's content until the build ends; the panels and listings
            # added to it would otherwise double the build's memory on a large site.
            page.content = own
        if self.build is None:
            return output
        if self.serve is None:
            # `mkdocs build` writes each page once: what only this page reads can go.
            self.build.written(page.file.src_uri)
            return output
        return self.serve.output(page.file.src_uri, output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.drawings is not None:
            log.debug(f"nav drawn {self.drawings.drawn} times for {self.drawings.given} more generated pages")
        self.drawings = None
        self.build = None  # the next build makes its own; a `mkdocs serve` keeps `self.serve`
        release_caches()  # filled again by the pages' rendering
        self._own.clear()
        self.nav = None
        self.current = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        for mount in self.mounts.roots:
            server.watch(mount.folder)
        return server

    def _rewriter(self) -> PageRewriter | None:
        return self.current


def _relative(url: str, here: str) -> str:
    return get_relative_url(url, here)


def _twice(path: str, exc: Released) -> PluginError:
    return PluginError(
        f"pmnotes: {path}: the page is rendered a second time in one `mkdocs build` ({exc});"
        " the plugin lets each page's facts go once it is written"
    )


def _is_pmnotes(extension: object) -> bool:
    return (
        extension == "pmnotes" or extension == "mkdocs_pmnotes.markdown_ext" or isinstance(extension, PmnotesExtension)
    )


def _mounts(project: Project, config: MkDocsConfig) -> SiteFiles:
    unknown = project.unmounted()
    if unknown:
        raise ConfigError(f"mount names {unknown[0]!r}, which is not listed in `notes`")
    project.check_folders()
    docs = Path(config.docs_dir).resolve()
    found = []
    for folder in project.notes_folders:
        if folder.path.resolve() == docs or docs in folder.path.resolve().parents:
            log.warning(
                f"notes folder {folder.name!r} is inside docs_dir, which MkDocs reads already; not mounted again"
            )
            continue
        found.append((folder.path, folder.prefix))
    return SiteFiles.of(found, project.settings.exclude)
