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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from ..core.blocks import Dialect
from ..core.files import not_a_note_file, page_from_front, read_page
from ..core.index import Page, SiteIndex
from ..core.model import Heading
from ..core.parse import parse_front_matter
from ..core.settings import Settings
from ..core.slugs import heading_slug
from ..core.times import AnchorTime
from ..core.words import printable
from ..render import ASSETS, pages
from ..render.headings import Slugify
from ..render.rewrite import Kind
from ..render.site import Generated, Layout, NoteSite
from ..render.templates import Templates
from .config import PmnotesConfig
from .lintlog import GroupLinter
from .memo import Entry, GroupResult, Linked, Memo, digest, index_signature
from .report import BuildLog, Logged, NoteReport, Unresolved, level_of
from .sources import Mount, ReadNote, mounted_files, read_docs_file

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
    fingerprints: dict[str, str] = field(default_factory=dict)
    memo: Memo | None = None  # what the next serve rebuild may take over
    changed: set[str] = field(default_factory=set)  # notes whose bytes changed since the last build
    replaced: set[str] = field(default_factory=set)  # notes handed to MkDocs as text, not read from their file
    outputs: set[str] = field(default_factory=set)  # files this build writes for its pages
    options_key: str = ""  # the options pages were rendered with: under `--dirty` a change re-renders them all
    _described: dict[str, tuple[object, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def run(
        cls,
        files: Files,
        config: MkDocsConfig,
        options: PmnotesConfig,
        *,
        mounts: list[Mount],
        settings: Settings,
        log: logging.LoggerAdapter[logging.Logger],
        slugify: Slugify = heading_slug,
        lint: bool = False,
        dirty: bool = False,
        memo: Memo | None = None,
        keep: bool = False,
        templates: Templates | None = None,
    ) -> Build:
        """`memo`: what the last serve build left; `keep`: leave a memo for the next one."""
        root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        taken = {f.src_uri for f in files}
        for file in mounted_files(config, mounts, list(settings.exclude), taken):
            files.append(file)
        _drop_unreadable(files, settings.max_file_size, root, log)
        notes = {f.src_uri: f for f in files.documentation_pages()}
        shown = {path: _shown(file, root, config.docs_dir) for path, file in notes.items()}
        known = _options_key(options, settings, config, lint)
        before = memo if memo is not None and memo.options == known else Memo()
        after = Memo(known) if keep else None
        # Pass 1: the index, from each note's front matter alone (or the last build's, for the same bytes).
        digests, stubs, fresh = _read(notes, shown, before, keep, settings.dialect)
        outlines: dict[str, tuple[Heading, ...] | None] = {
            path: entry.outline
            for path, entry in before.entries.items()
            if entry.outline is not None and entry.digest == digests.get(path)
        }
        outlines.update({path: _outline(found) for path, found in fresh.items()})

        def outline(path: str) -> tuple[Heading, ...] | None:
            if path in outlines:
                return outlines[path]
            return _outline(read_docs_file(notes[path], shown[path], settings.dialect))

        index = SiteIndex.build(stubs.values(), outline=outline)
        signature = _signature(known, index, outlines, notes) if keep else ""
        reuse = bool(signature) and signature == before.signature
        changed = (
            {
                path
                for path in notes
                if before.entries.get(path) is None or before.entries[path].digest != digests.get(path)
            }
            if before.entries
            else set()
        )
        site = NoteSite.create(
            index,
            {path: file.url for path, file in notes.items()},
            source_prefixes=tuple(settings.source_prefixes),
            slugify=slugify,
            default_end=settings.default_end,
            templates=templates,
        )
        verbose = log.isEnabledFor(logging.DEBUG)
        report = BuildLog(
            log,
            level_of(options.shifted_level),
            level_of(options.dangling_level),
            options.lint_level,
            changed,
            verbose,
            "serve" if keep else "build",
        )
        site.timelines = options.episodes
        # Pass 2: every note parsed once, an episode at a time.
        linter = GroupLinter(settings, index) if lint else None
        outgoing: dict[str, tuple[Linked, ...]] = {}
        replaced: set[str] = set()
        for group in _episodes(index, notes):
            key = tuple((path, digests.get(path, b"")) for path in group)
            result = before.groups.get(key) if reuse else None
            if result is None:
                read = [
                    found
                    for found in (
                        fresh.pop(p, None) or read_docs_file(notes[p], shown[p], settings.dialect) for p in group
                    )
                    if found
                ]
                result = _compute(site, read, linter, shown, dirty or keep)
                if after is not None:
                    outlines.update((found.note.path, _outline(found)) for found in read)
            else:
                site.take(result.facts)
            for path, text in result.replacements:
                notes[path].content_string = text
                replaced.add(path)
            for path, note_report in result.reports:
                report.note(path, note_report)
            for path, found in result.findings:
                report.lint(path, found)
            outgoing.update(result.outgoing)
            if after is not None:
                after.groups[key] = result
        if after is not None:
            after.signature = signature or _signature(known, index, outlines, notes)
            after.entries = {
                path: Entry(digests[path], stubs[path], outlines.get(path)) for path in notes if path in digests
            }
        _generate(files, config, options, site, taken)
        report.flush(site.topic_urls, site.source_urls)
        _release_parse_caches()
        build = cls(site, notes, {p.src_uri: p for p in site.generated}, memo=after, changed=changed, replaced=replaced)
        build.outputs = {f.abs_dest_path for f in files.documentation_pages()}
        # Pages show the templates too: under `--dirty`, an edited override re-renders them.
        build.options_key = known + site.templates.signature
        if dirty:
            build.fingerprints = {path: build.fingerprint(path, outgoing.get(path, ()), options) for path in notes}
        return build

    def skip_unchanged(self, files: Files, previous: dict[str, str]) -> dict[str, str]:
        """Under `--dirty`, leave a generated page unwritten when its output would be the same."""
        made = self.generated_values(files)
        for file in files:
            value = made.get(file.src_uri)
            if value is not None and previous.get(file.src_uri) == value and os.path.isfile(file.abs_dest_path):
                file.is_modified = lambda: False  # type: ignore[method-assign]
        return made

    def generated_values(self, files: Files) -> dict[str, str]:
        """What each generated page shows, as a value to compare within one serve process."""
        made = {}
        by_uri = {f.src_uri: f for f in files if f.src_uri in self.generated}
        for src_uri, page in self.generated.items():
            file = by_uri[src_uri]
            if page.kind == "topic":  # most generated pages: described, like a panel, not rendered
                records = self.site.store.to_topic.get(page.key, [])
                body = hash(
                    (
                        tuple(records),
                        tuple(self._describe(s) for s in sorted({r.source for r in records})),
                        self._graph(None, page.key),
                    )
                )
            elif page.kind == "episode":  # one per video: described too, rendering them all costs seconds
                body = hash(self._episode(page.key))
            else:
                body = hash(pages.page_body(self.site, page, get_relative_url))
            made[src_uri] = str(hash((self.options_key, file.url, file.content_string, body)))
        return made

    def addition(self, src_uri: str, url: str, *, backlinks: bool, empty: bool) -> str:
        """HTML the page gets when it is written: its backlinks panel, or a generated listing."""
        page = self.generated.get(src_uri)
        if page is not None:
            return pages.page_body(self.site, page, get_relative_url)
        if backlinks and src_uri in self.site.plans:
            return pages.panel(self.site, src_uri, url, get_relative_url, empty=empty)
        return ""

    def fingerprint(self, path: str, outgoing: tuple[Linked, ...], options: PmnotesConfig) -> str:
        """What a page shows that other notes decide: its panel, its links' targets, its seconds.

        The panel is described by what it is made of (each mention, and the title, URL
        and episode of the note it comes from) rather than rendered, which would cost
        a rebuild as much as rendering every panel.
        """
        site = self.site
        panel: list[object] = []
        if options.backlinks:
            records = site.store.to_page.get(path, [])
            panel.extend(records)
            panel.extend(self._describe(source) for source in sorted({r.source for r in records}))
        targets = []
        for target, heading in outgoing:
            found = site.resolver.find(target, heading, path)
            targets.append((found.kind, found.url, found.fragment))
        # Compared only within one `mkdocs serve` process, so Python's own hash of plain values will do.
        return str(
            hash(
                (
                    self.options_key,
                    site.urls.get(path, ""),
                    tuple(panel),
                    site.episode_link(path),
                    tuple(targets),
                    tuple(sorted(site.corrections.get(path, {}).items())),
                    self._graph(path, None),
                )
            )
        )

    def _graph(self, path: str | None, topic: str | None) -> tuple[object, ...]:
        """What a page's local graph shows, when the site draws one: each neighbour as it is drawn."""
        if not self.site.layout.graph:
            return ()
        return tuple(sorted(pages.graph_nodes(self.site, path, topic)))

    def _episode(self, video: str) -> tuple[object, ...]:
        """What an episode page shows: its claims, its notes as listed, the pages they link to."""
        site = self.site
        notes = sorted(p.path for p in site.index.same_video(video))
        nodes = sorted({node for path in notes for node, _ in site.outgoing.get(path, ())})
        targets = []
        for kind, key in nodes:
            if kind == "page":
                targets.append((kind, key, site.urls.get(key), site.title(key)))
            else:
                targets.append((kind, key, site.topic_urls.get(key), site.titles.get(("topic", key), key)))
        return (
            tuple(site.packed.get(video, ())),
            tuple(self._describe(path) for path in notes),
            tuple((path, tuple(site.outgoing.get(path, ()))) for path in notes),
            tuple(targets),
        )

    def _describe(self, source: str) -> tuple[object, ...]:
        """What a page listing a mention shows of the note it comes from."""
        known = self._described.get(source)
        if known is None:
            site = self.site
            video = site.video(source)
            known = self._described[source] = (
                source,
                site.urls.get(source),
                site.title(source),
                site.dates.get(source),
                video,
                video and site.episode_url(video),
                video and site.episode_title(video),
            )
        return known

    def mark_changed(self, previous: dict[str, str]) -> int:
        """Under `--dirty`, make MkDocs re-render the pages whose fingerprint changed.

        MkDocs renders a page handed to it as text (a note with broken front matter or
        not in UTF-8) on every build, having no file date to compare: such a page is left
        as it is when neither its bytes nor its fingerprint changed since the last build.
        """
        changed = 0
        for path, value in self.fingerprints.items():
            file = self.files.get(path)
            if file is None:
                continue
            if previous.get(path, value) != value:
                file.is_modified = lambda: True  # type: ignore[method-assign]
                changed += 1
            elif (
                path in self.replaced
                and path in previous
                and path not in self.changed
                and os.path.isfile(file.abs_dest_path)
            ):
                file.is_modified = lambda: False  # type: ignore[method-assign]
        return changed


def _compute(
    site: NoteSite, read: list[ReadNote], linter: GroupLinter | None, shown: dict[str, str], links: bool
) -> GroupResult:
    """One episode's facts, report and findings, from its parsed notes."""
    facts, times = site.facts([found.note for found in read])
    site.take(facts)
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
            sorted((k, repr(v)) for k, v in options.items()),
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


def _release_parse_caches() -> None:
    """Empty the core's parse caches: the notes are parsed, and MkDocs holds every page from here on."""
    from ..core import clock, slugs

    for cached in (clock.parse_clock, slugs.keys):
        getattr(cached, "cache_clear", lambda: None)()


def _generate(files: Files, config: MkDocsConfig, options: PmnotesConfig, site: NoteSite, taken: set[str]) -> None:
    """Add the topic, source and episode pages, a home page if the site has none (and the assets)."""
    made: dict[str, File] = {}

    def url_for(src_uri: str) -> str:
        made[src_uri] = File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        return made[src_uri].url

    layout = Layout(
        options.topics_dir.strip("/"),
        options.sources_dir.strip("/"),
        options.episodes_dir.strip("/"),
        options.dangling,
        options.episodes,
        options.topics_other_pages,
        options.graph,
        options.previews,
        # `index.md`, `README.md` or a page of another kind (an `index.html`) may be the home.
        home=None if any(f.dest_uri == "index.html" for f in files) else config.site_name,
    )
    site.finish(layout, url_for, taken)
    for page in site.generated:
        file = made[page.src_uri]
        file.content_string = pages.page_markdown(site, page)
        if page.kind.endswith("-index") and options.index_in_nav:
            file.inclusion = InclusionLevel.INCLUDED
        elif page.kind == "home" and config.nav is None:
            file.inclusion = InclusionLevel.INCLUDED  # first in the automatic nav, as an `index.md` is
        files.append(file)
    if options.assets:
        for name, src_uri in ASSET_URIS.items():
            if (ASSETS / name).is_file() and src_uri not in taken:
                files.append(File.generated(config, src_uri, abs_src_path=str(ASSETS / name)))


def _shown(file: File, root: str, docs_dir: str) -> str:
    if file.abs_src_path:
        return Path(os.path.relpath(file.abs_src_path, root)).as_posix()
    return Path(os.path.relpath(os.path.join(docs_dir, file.src_uri), root)).as_posix()
