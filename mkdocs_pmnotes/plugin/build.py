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
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from ..core.blocks import Dialect
from ..core.files import not_a_note_file, page_from_front, read_page
from ..core.frontmatter import parse_front_matter
from ..core.index import Page, SiteIndex
from ..core.model import Heading
from ..core.settings import Settings
from ..core.site_files import SiteFiles
from ..core.slugs import heading_slug
from ..core.times import AnchorTime
from ..core.words import printable
from ..render import ASSETS, pages
from ..render.headings import Slugify
from ..render.kinds import KINDS
from ..render.rewrite import Kind
from ..render.site import Generated, Layout, NoteSite
from . import spread
from .config import PmnotesConfig
from .lintlog import GroupLinter
from .reading import ReadNote, mounted_files, read_docs_file
from .report import BuildLog, Logged, NoteReport, Unresolved, level_of
from .serve.memo import Entry, GroupResult, Linked, Memo, digest, index_signature
from .templates import theme_templates

if TYPE_CHECKING:
    from .serve.state import Serve

ASSET_URIS = {"pmnotes.js": "assets/pmnotes/pmnotes.js", "pmnotes.css": "assets/pmnotes/pmnotes.css"}


# Under serve, a rebuild that changed at most this many notes parses them before the
# others are looked at, so their headings are known and the rest can be taken over.
FEW_CHANGES = 64


@dataclass
class Build:
    """What the page hooks of one build need, made in `on_files`."""

    site: NoteSite
    files: dict[str, File]  # site path -> File, for the notes
    generated: dict[str, Generated] = field(default_factory=dict)  # src_uri -> generated page
    outgoing: dict[str, tuple[Linked, ...]] = field(default_factory=dict)  # under serve: each note's links
    changed: set[str] = field(default_factory=set)  # notes whose bytes changed since the last build
    replaced: set[str] = field(default_factory=set)  # notes handed to MkDocs as text, not read from their file
    outputs: set[str] = field(default_factory=set)  # files this build writes for its pages
    options_key: str = ""  # the options pages were rendered with: under `--dirty` a change re-renders them all

    @classmethod
    def run(
        cls,
        files: Files,
        config: MkDocsConfig,
        options: PmnotesConfig,
        settings: Settings,
        *,
        mounts: SiteFiles,
        log: logging.LoggerAdapter[logging.Logger],
        lint: bool = False,
        serve: Serve | None = None,
    ) -> Build:
        """`serve`: what the last rebuild of a `mkdocs serve` left; this build leaves its memo there."""
        taken = {f.src_uri for f in files}
        notes = _notes(files, config, mounts, settings, log, taken)
        known = _options_key(options, settings, config, lint)
        memo = serve.memo if serve is not None else None
        after = Memo(known) if serve is not None else None
        # Pass 1: the index, from each note's front matter alone (or the last build's, for the same bytes).
        read = _Read(notes, memo if memo is not None and memo.options == known else Memo(), after, settings.dialect)
        index = SiteIndex.build(read.stubs.values(), outline=read.outline)
        signature = read.signature(known, index) if after is not None else ""
        site = NoteSite.create(
            index,
            {path: file.url for path, file in notes.files.items()},
            source_prefixes=tuple(settings.source_prefixes),
            slugify=_slugify(config),
            default_end=settings.default_end,
            templates=theme_templates(config),
            layout=_layout(options, config, files),
        )
        report = BuildLog(
            log,
            level_of(options.shifted_level),
            level_of(options.dangling_level),
            options.lint_level,
            read.changed,
            log.isEnabledFor(logging.DEBUG),
            "serve" if serve is not None else "build",
        )
        # Pass 2: every note parsed once, an episode at a time.
        linter = GroupLinter(settings, index) if lint else None
        reuse = bool(signature) and signature == read.before.signature
        outgoing, replaced = _parse(site, index, read, report, linter, reuse, options.jobs)
        if after is not None:
            after.signature = signature or read.signature(known, index)
            after.entries = read.entries()
        _generate(files, config, options, site, taken)
        report.flush(site.topic_urls, site.source_urls)
        _release_parse_caches()
        if serve is not None:
            serve.memo = after
        return cls(
            site,
            notes.files,
            {p.src_uri: p for p in site.generated},
            outgoing,
            read.changed,
            replaced,
            # Only `--dirty` under serve deletes what a page no longer writes.
            {f.abs_dest_path for f in files.documentation_pages()} if serve is not None else set(),
            # Pages show the templates too: under `--dirty`, an edited override re-renders them.
            known + site.templates.signature,
        )

    def addition(self, src_uri: str, url: str, *, backlinks: bool, empty: bool) -> str:
        """HTML the page gets when it is written: its backlinks panel, or a generated listing."""
        page = self.generated.get(src_uri)
        if page is not None:
            return pages.page_body(self.site, page, get_relative_url)
        if backlinks and src_uri in self.site.notes:
            return pages.panel(self.site, src_uri, url, get_relative_url, empty=empty)
        return ""

    def written(self, src_uri: str) -> None:
        """The page is written (under `mkdocs build`): let go of the facts only it reads."""
        site = self.site
        page = self.generated.get(src_uri)
        if page is not None:
            pages.kind_of(page).written(site, page)
            return
        if src_uri not in site.notes:
            return
        site.release_page(src_uri)
        video = site.video(src_uri)
        # Its episode page lists what it links to: kept until that page is written too.
        if video is None or video not in site.episode_urls or video in site.released_videos:
            site.release_links(src_uri)


@dataclass
class _Notes:
    """The build's pages, each with its path as the build log shows it."""

    files: dict[str, File]  # site path -> File
    shown: dict[str, str]  # site path -> path relative to mkdocs.yml


def _notes(
    files: Files,
    config: MkDocsConfig,
    mounts: SiteFiles,
    settings: Settings,
    log: logging.LoggerAdapter[logging.Logger],
    taken: set[str],
) -> _Notes:
    """Mount the notes folders into `files`, leave out what cannot be read, and name the pages."""
    root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    for file in mounted_files(config, mounts, taken):
        files.append(file)
    _drop_unreadable(files, settings.max_file_size, root, log)
    notes = {f.src_uri: f for f in files.documentation_pages()}
    return _Notes(notes, {path: _shown(file, root, config.docs_dir) for path, file in notes.items()})


class _Read:
    """Pass 1 over the notes: their bytes' digests, index entries and headings, from the memo where unchanged."""

    def __init__(self, notes: _Notes, before: Memo, after: Memo | None, dialect: Dialect) -> None:
        self.notes = notes
        self.before = before
        self.after = after
        self.dialect = dialect
        self.digests, self.stubs, self.fresh = _read(notes.files, notes.shown, before, after is not None, dialect)
        self.outlines: dict[str, tuple[Heading, ...] | None] = {
            path: entry.outline
            for path, entry in before.entries.items()
            if entry.outline is not None and entry.digest == self.digests.get(path)
        }
        self.outlines.update({path: _outline(found) for path, found in self.fresh.items()})
        entries = before.entries
        self.changed = (
            {
                path
                for path in notes.files
                if entries.get(path) is None or entries[path].digest != self.digests.get(path)
            }
            if entries
            else set()
        )

    def outline(self, path: str) -> tuple[Heading, ...] | None:
        """What another page's `[[page#heading]]` needs of a note."""
        if path in self.outlines:
            return self.outlines[path]
        return _outline(self.parse(path, keep=False))

    def parse(self, path: str, *, keep: bool = True) -> ReadNote | None:
        """The note parsed (once: pass 1 hands over what it parsed); `keep`: remember its headings."""
        found = self.fresh.pop(path, None) if keep else None
        if found is None:
            found = read_docs_file(self.notes.files[path], self.notes.shown[path], self.dialect)
        if keep and found is not None and self.after is not None:
            self.outlines[path] = _outline(found)
        return found

    def signature(self, known: str, index: SiteIndex) -> str:
        return _signature(known, index, self.outlines, self.notes.files)

    def entries(self) -> dict[str, Entry]:
        digests = self.digests
        return {
            path: Entry(digests[path], self.stubs[path], self.outlines.get(path))
            for path in self.notes.files
            if path in digests
        }


def _parse(
    site: NoteSite,
    index: SiteIndex,
    read: _Read,
    report: BuildLog,
    linter: GroupLinter | None,
    reuse: bool,
    jobs: int | None,
) -> tuple[dict[str, tuple[Linked, ...]], set[str]]:
    """Pass 2: each episode's notes parsed together, or their results taken over; returns links and replaced."""
    outgoing: dict[str, tuple[Linked, ...]] = {}
    replaced: set[str] = set()
    files = read.notes.files
    episodes = list(_episodes(index, files))
    keys = [tuple((path, read.digests.get(path, b"")) for path in group) for group in episodes]
    known = [read.before.groups.get(key) if reuse else None for key in keys]
    todo = [group for group, result in zip(episodes, known, strict=True) if result is None]
    # Under serve each note's outline is kept as it is parsed (`_Read.parse`): one process.
    made = spread.results(partial(_episode, site, read, linter), todo, 1 if read.after is not None else jobs)
    for key, result in zip(keys, known, strict=True):
        if result is None:
            result = next(made)
        site.take(result.facts)
        for path, text in result.replacements:
            files[path].content_string = text
            replaced.add(path)
        for path, note_report in result.reports:
            report.note(path, note_report)
        for path, found in result.findings:
            report.lint(path, found)
        outgoing.update(result.outgoing)
        if read.after is not None:
            read.after.groups[key] = result
    read.fresh.clear()  # what workers parsed in their own copies is still held here
    return outgoing, replaced


def _episode(site: NoteSite, read: _Read, linter: GroupLinter | None, group: Sequence[str]) -> GroupResult:
    """One episode's result, from its notes parsed together."""
    parsed = [found for found in map(read.parse, group) if found]
    return _compute(site, parsed, linter, read.notes.shown, read.after is not None)


def _compute(
    site: NoteSite, read: list[ReadNote], linter: GroupLinter | None, shown: dict[str, str], links: bool
) -> GroupResult:
    """One episode's facts, report and findings, from its parsed notes (kept by the caller: `NoteSite.take`)."""
    facts, times = site.facts([found.note for found in read])
    reports = tuple((found.note.path, _note_report(site, found, times[found.note.path], shown)) for found in read)
    findings = linter.check(read) if linter is not None else {}
    replacements = tuple((found.note.path, found.file.content_string) for found in read if found.problem)
    return GroupResult(
        facts,
        reports,
        tuple((path, tuple(Logged.of(f) for f in found)) for path, found in findings.items()),
        tuple((found.note.path, tuple((k.target, k.heading) for k in found.note.links)) for found in read)
        if links
        else (),
        replacements,
    )


def _note_report(site: NoteSite, found: ReadNote, times: list[AnchorTime], shown: dict[str, str]) -> NoteReport:
    note = found.note
    where = shown[note.path]
    unresolved = []
    for link in note.links:
        target = site.resolver.target(link, note.path)
        if target.kind in (Kind.MISSING, Kind.AMBIGUOUS):
            unresolved.append(
                Unresolved(note.path, f"{where}:{link.line}:{link.column}", link.target, target.key, target.candidates)
            )
    fixed = [t for t in times if t.corrected is not None]
    shifted = None
    if fixed:
        evidence = fixed[0].why or "shifted writing"
        count = "1 timestamp reads" if len(fixed) == 1 else f"{len(fixed)} timestamps read"
        shifted = f"{where}: {count} as minutes:seconds ({evidence}); linked to the corrected second"
    return NoteReport(found.problem, tuple(unresolved), shifted)


def _read(
    notes: dict[str, File], shown: dict[str, str], before: Memo, keep: bool, dialect: Dialect
) -> tuple[dict[str, bytes], dict[str, Page], dict[str, ReadNote]]:
    """Each note's digest and index entry; the changed notes parsed, when they are few."""
    digests: dict[str, bytes] = {}
    stubs: dict[str, Page] = {}
    if not keep:
        return digests, {path: _stub(path, file) for path, file in notes.items()}, {}
    for path, file in notes.items():
        data = _bytes(file)
        if data is not None:
            digests[path] = digest(data)
    changed = [
        p for p in notes if p not in digests or before.entries.get(p) is None or before.entries[p].digest != digests[p]
    ]
    fresh: dict[str, ReadNote] = {}
    if before.entries and len(changed) <= FEW_CHANGES:
        for path in changed:
            found = read_docs_file(notes[path], shown[path], dialect)
            if found is not None:
                fresh[path] = found
    for path, file in notes.items():
        entry = before.entries.get(path)
        if path in fresh:
            stubs[path] = page_from_front(path, fresh[path].note.front.data)
        elif entry is not None and entry.digest == digests.get(path):
            stubs[path] = entry.page
        else:
            stubs[path] = _stub(path, file)
    return digests, stubs, fresh


def _signature(
    known: str, index: SiteIndex, outlines: Mapping[str, tuple[Heading, ...] | None], notes: dict[str, File]
) -> str:
    """The index's signature, or '' while some note's headings are not known yet."""
    if len(outlines) != len(notes):
        return ""
    headings = {path: tuple((h.level, h.text) for h in found or ()) for path, found in outlines.items()}
    return index_signature(known, index.pages, headings)


def _bytes(file: File) -> bytes | None:
    try:
        if file.abs_src_path is not None:
            if not stat.S_ISREG(os.stat(file.abs_src_path).st_mode):
                return None  # a FIFO or device would block or never end
            return Path(file.abs_src_path).read_bytes()
        return file.content_bytes
    except (OSError, ValueError):
        return None


def _options_key(options: PmnotesConfig, settings: Settings, config: MkDocsConfig, lint: bool) -> str:
    """What the memo's results were computed with, besides the notes themselves."""
    toc = config.mdx_configs.get("toc") or {}
    return repr(
        (
            sorted((k, repr(v)) for k, v in options.items() if k != "jobs"),  # how many processes read: never what
            repr(settings),
            repr(sorted(toc.items())),
            lint,
            config.docs_dir,
        )
    )


def _drop_unreadable(files: Files, limit: int, root: str, log: logging.LoggerAdapter[logging.Logger]) -> None:
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
            log.warning(printable(f"{shown}: {problem}; left out of the site"))  # a file name may hold ESC
            files.remove(file)


def _stub(path: str, file: File) -> Page:
    """A page as the index knows it, from its front matter alone."""
    if file.abs_src_path is not None:
        return read_page(file.abs_src_path, path)
    try:
        text = file.content_string
    except (OSError, ValueError):
        return Page(path)
    return page_from_front(path, parse_front_matter(text).data)


def _outline(found: ReadNote | None) -> tuple[Heading, ...] | None:
    """What another page's `[[page#heading]]` needs of a note."""
    return found.note.headings if found is not None else None


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


def release_caches() -> None:
    """Empty the caches the pages' rendering filled: the build is over."""
    _release_parse_caches()
    heading_slug.cache_clear()


def _release_parse_caches() -> None:
    """Empty the core's parse caches: the notes are parsed, and MkDocs holds every page from here on."""
    from ..core import clock, slugs

    for cached in (clock.parse_clock, slugs.keys):
        getattr(cached, "cache_clear", lambda: None)()


def _layout(options: PmnotesConfig, config: MkDocsConfig, files: Files) -> Layout:
    """Where the generated pages go, and which are made."""
    return Layout(
        folders={kind.name: str(options[kind.option]).strip("/") for kind in KINDS if kind.option},
        dangling=options.dangling,
        episode_pages=options.episodes,
        other_pages=options.topics_other_pages,
        graph=options.graph,
        previews=options.previews,
        # `index.md`, `README.md` or a page of another kind (an `index.html`) may be the home.
        home=None if any(f.dest_uri == "index.html" for f in files) else config.site_name,
    )


def _generate(files: Files, config: MkDocsConfig, options: PmnotesConfig, site: NoteSite, taken: set[str]) -> None:
    """Add the generated pages of every kind (and the assets)."""
    made: dict[str, File] = {}

    def url_for(src_uri: str) -> str:
        made[src_uri] = File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        return made[src_uri].url

    site.finish(url_for, taken, KINDS)
    for page in site.generated:
        file = made[page.src_uri]
        file.content_string = pages.page_markdown(site, page)
        if pages.kind_of(page).in_nav(indexes=options.index_in_nav, automatic=config.nav is None):
            file.inclusion = InclusionLevel.INCLUDED
        files.append(file)
    if options.assets:
        for name, src_uri in ASSET_URIS.items():
            if (ASSETS / name).is_file() and src_uri not in taken:
                files.append(File.generated(config, src_uri, abs_src_path=str(ASSETS / name)))


def _slugify(config: MkDocsConfig) -> Slugify:
    """Heading text to id as the site's `toc` extension makes it (its `slugify` if configured)."""
    toc = config.mdx_configs.get("toc") or {}
    slugify = toc.get("slugify")
    separator = toc.get("separator", "-")
    if slugify is None and separator == "-":
        return heading_slug
    if slugify is None:
        from markdown.extensions.toc import slugify as default

        slugify = default
    return lambda text: slugify(text, separator) if text else ""


def _shown(file: File, root: str, docs_dir: str) -> str:
    if file.abs_src_path:
        return Path(os.path.relpath(file.abs_src_path, root)).as_posix()
    return Path(os.path.relpath(os.path.join(docs_dir, file.src_uri), root)).as_posix()
