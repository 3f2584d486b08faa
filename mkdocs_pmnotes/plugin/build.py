"""One build's work on the file list: read, index, generate pages, report.

Everything here happens once per build, in `on_files`, from the sources; the
page hooks afterwards only look things up. Two passes: the index is made from
each note's front matter alone, then the notes are parsed an episode at a time
(the notes of one video together, as timestamp correction needs) and only
compact facts are kept.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from ..core.files import not_a_note_file, page_from_front
from ..core.files import read_page as read_stub
from ..core.index import Page, SiteIndex
from ..core.model import Note, WikiLink
from ..core.parse import parse_front_matter
from . import pages
from .backlinks import fingerprint
from .config import PmnotesConfig
from .lintlog import GroupLinter, level_of
from .rewrite import Slugify, default_heading_id
from .site import Generated, Layout, NoteSite
from .sources import Mount, ReadNote, mounted_files, read_page

ASSETS = Path(__file__).parent / "assets"
ASSET_URIS = {"pmnotes.js": "assets/pmnotes/pmnotes.js", "pmnotes.css": "assets/pmnotes/pmnotes.css"}


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A dangling or ambiguous link, kept until the build knows its topic pages."""

    where: str
    target: str
    key: str | None
    candidates: tuple[str, ...]


@dataclass
class Build:
    """What the page hooks of one build need, made in `on_files`."""

    site: NoteSite
    files: dict[str, File]  # site path -> File, for the notes
    generated: dict[str, Generated] = field(default_factory=dict)  # src_uri -> generated page
    fingerprints: dict[str, str] = field(default_factory=dict)

    @classmethod
    def run(
        cls,
        files: Files,
        config: MkDocsConfig,
        options: PmnotesConfig,
        *,
        mounts: list[Mount],
        settings,
        log: logging.LoggerAdapter,
        heading_id: Slugify = default_heading_id,
        lint: bool = False,
        dirty: bool = False,
    ) -> Build:
        root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        taken = {f.src_uri for f in files}
        for file in mounted_files(config, mounts, list(settings.exclude), taken):
            files.append(file)
        _drop_unreadable(files, settings.max_file_size, root, log)
        notes = {f.src_uri: f for f in files.documentation_pages()}
        shown = {path: _shown(file, root, config.docs_dir) for path, file in notes.items()}
        # Pass 1: the index, from each note's front matter alone.
        index = SiteIndex.build((_stub(path, file) for path, file in notes.items()),
                                load=lambda path: _headings_only(read_page(notes[path], shown[path])))
        site = NoteSite.create(index, {path: file.url for path, file in notes.items()},
                               source_prefixes=tuple(settings.source_prefixes), heading_id=heading_id,
                               default_end=settings.default_end)
        # Pass 2: every note parsed once, an episode at a time.
        linter = GroupLinter(settings, index, log, options.lint_level) if lint else None
        report = _Report(log, level_of(options.shifted_level), shown)
        outgoing: dict[str, tuple[WikiLink, ...]] = {}
        for group in _episodes(index, notes):
            read = [found for found in (read_page(notes[path], shown[path]) for path in group) if found]
            times = site.add([found.note for found in read])
            for found in read:
                report.note(site, found, times[found.note.path])
                if dirty:
                    outgoing[found.note.path] = found.note.links
            if linter is not None:
                linter.check(read, _headings_only)
        _generate(files, config, options, site, taken)
        report.unresolved(level_of(options.dangling_level), site)
        _release_parse_caches()
        build = cls(site, notes, {p.src_uri: p for p in site.generated})
        if dirty:
            build.fingerprints = {path: build.fingerprint(path, outgoing.get(path, ()), options) for path in notes}
        return build

    def addition(self, src_uri: str, url: str, *, backlinks: bool, empty: bool) -> str:
        """HTML the page gets when it is written: its backlinks panel, or a generated listing."""
        page = self.generated.get(src_uri)
        if page is not None:
            return pages.page_body(self.site, page, get_relative_url)
        if backlinks and src_uri in self.site.plans:
            return pages.panel(self.site, src_uri, url, get_relative_url, empty=empty)
        return ""

    def fingerprint(self, path: str, outgoing: tuple[WikiLink, ...], options: PmnotesConfig) -> str:
        """What a page shows that other notes decide: its panel, its links' targets, its seconds."""
        site = self.site
        url = site.urls.get(path, "")
        panel = pages.panel(site, path, url, get_relative_url, empty=options.backlinks_empty) if options.backlinks else ""
        targets = []
        for link in outgoing:
            found = site.resolver.target(link, path)
            targets.append((found.kind, found.url, found.fragment))
        return fingerprint([panel], targets, sorted(site.corrections.get(path, {}).items()))

    def mark_changed(self, previous: dict[str, str]) -> int:
        """Under `--dirty`, make MkDocs re-render the pages whose fingerprint changed."""
        changed = 0
        for path, value in self.fingerprints.items():
            file = self.files.get(path)
            if file is not None and previous.get(path, value) != value:
                file.is_modified = lambda: True  # type: ignore[method-assign]
                changed += 1
        return changed


def _drop_unreadable(files: Files, limit: int, root: str, log: logging.LoggerAdapter) -> None:
    """Leave out pages that are not regular files (a FIFO would hang the build) or are over the limit."""
    for file in list(files.documentation_pages()):
        if file.abs_src_path is None:
            continue
        try:
            status = os.stat(file.abs_src_path)
        except OSError:
            continue  # MkDocs itself reports a file it cannot read
        problem = not_a_note_file(status.st_mode)
        if problem is None and status.st_size > limit:
            problem = f"is larger than the size limit ({limit:,} bytes, `max_file_size`)"
        if problem is not None:
            shown = Path(os.path.relpath(file.abs_src_path, root)).as_posix()
            log.warning(f"{shown}: {problem}; left out of the site")
            files.remove(file)


def _stub(path: str, file: File) -> Page:
    """A page as the index knows it, from its front matter alone."""
    if file.abs_src_path is not None:
        return read_stub(file.abs_src_path, path)
    try:
        text = file.content_string
    except (OSError, ValueError):
        return Page(path)
    return page_from_front(path, parse_front_matter(text).data)


def _headings_only(found: ReadNote | None) -> Note | None:
    """A note reduced to what another page's `[[page#heading]]` needs."""
    if found is None:
        return None
    note = found.note
    return replace(note, text="", links=(), anchors=(), comments=(), broken_links=(), line_starts=(0,))


def _episodes(index: SiteIndex, notes: dict[str, File]) -> Iterator[list[str]]:
    """Paths in order, the notes of one video together."""
    seen: set[str] = set()
    for path in sorted(notes):
        if path in seen:
            continue
        page = index.pages.get(path)
        group = [path]
        if page is not None and page.video_id:
            group = sorted(p.path for p in index.same_video(page.video_id) if p.path in notes)
        seen.update(group)
        yield group


def _release_parse_caches() -> None:
    """Empty the core's parse caches: the notes are parsed, and MkDocs holds every page from here on."""
    from ..core import slugs, timestamps

    for cached in (timestamps.parse_clock, slugs.keys):
        getattr(cached, "cache_clear", lambda: None)()


def _generate(files: Files, config: MkDocsConfig, options: PmnotesConfig, site: NoteSite, taken: set[str]) -> None:
    """Add the topic, source and episode pages (and the assets) to the build's files."""
    made: dict[str, File] = {}

    def url_for(src_uri: str) -> str:
        made[src_uri] = File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        return made[src_uri].url

    layout = Layout(options.topics_dir.strip("/"), options.sources_dir.strip("/"), options.episodes_dir.strip("/"),
                    options.dangling, options.episodes)
    site.finish(layout, url_for, taken)
    for page in site.generated:
        file = made[page.src_uri]
        file.content_string = pages.page_markdown(site, page)
        if page.kind.endswith("-index") and options.index_in_nav:
            file.inclusion = InclusionLevel.INCLUDED
        files.append(file)
    if options.assets:
        for name, src_uri in ASSET_URIS.items():
            if (ASSETS / name).is_file() and src_uri not in taken:
                files.append(File.generated(config, src_uri, abs_src_path=str(ASSETS / name)))


class _Report:
    """The build's messages about notes: bad input, shifted time, dangling links."""

    def __init__(self, log: logging.LoggerAdapter, shifted: int | None, shown: dict[str, str]) -> None:
        self.log = log
        self.shifted = shifted
        self.shown = shown
        self.pending: list[Unresolved] = []  # logged once the generated pages are known

    def note(self, site: NoteSite, found: ReadNote, times) -> None:
        note = found.note
        where = self.shown[note.path]
        if found.problem:
            self.log.warning(found.problem)
        for link in note.links:
            target = site.resolver.target(link, note.path)
            if target.kind in ("missing", "ambiguous"):
                self.pending.append(Unresolved(f"{where}:{link.line}:{link.column}", link.target, target.key,
                                               target.candidates))
        fixed = [t for t in times if t.corrected is not None]
        if self.shifted is not None and fixed:
            evidence = fixed[0].evidence.describe() if fixed[0].evidence else "shifted writing"
            self.log.log(self.shifted, f"{where}: {len(fixed)} timestamps written as minutes:seconds:00 ({evidence});"
                                       " linked to the corrected second")

    def unresolved(self, level: int | None, site: NoteSite) -> None:
        if level is None:
            return
        for item in self.pending:
            if item.candidates:
                self.log.log(level, f"{item.where}: link to '{item.target}' matches several pages:"
                                    f" {', '.join(item.candidates)}")
            elif item.key not in site.source_urls:  # a source named on a `From:` line has its page
                then = "linked to its topic page" if item.key in site.topic_urls else "shown as plain text"
                self.log.log(level, f"{item.where}: link to '{item.target}' matches no page; {then}")


def _shown(file: File, root: str, docs_dir: str) -> str:
    if file.abs_src_path:
        return Path(os.path.relpath(file.abs_src_path, root)).as_posix()
    return Path(os.path.relpath(os.path.join(docs_dir, file.src_uri), root)).as_posix()
