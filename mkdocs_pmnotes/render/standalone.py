"""The site as the Markdown extension sees it when no MkDocs plugin feeds it.

Used under Zensical (which runs Python-Markdown extensions but no MkDocs plugins)
and with plain Python-Markdown. The extension is given the docs folder and builds
from it the `NoteSite` the plugin builds: the index, every note read with the
other notes of its episode (so shifted timestamps are corrected alike), and the
mentions the Linked-from panels list. Zensical makes a new Markdown instance,
and so a new extension, for every page: the site is kept here, by folder, and
built once per build: at the first page, and again only when a page it renders
has changed since (its file's mtime) or is unknown to it. Under `zensical serve`,
which renders again only the pages that changed, that is once per rebuild, and a
rebuild takes over the episodes whose notes did not change.

What needs a host that can add pages to the build is behind one seam,
`NoteSite.finish`'s `url_for`. The extension passes None: no topic, source or
episode page is planned, so a link to a target without a note is styled text,
not a link to a page that does not exist, and the episode line (and a panel's
episode headings) lead to the video itself. A host with a plugin API passes a
`url_for` that adds the page, and `render.pages` has its content ready.

Links are root-relative (`base_url` + the page's URL): a site served under a
sub-path says so once, and the links are right on every page, whichever folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from ..core.blocks import CORE, Dialect
from ..core.clock import DEFAULT_END
from ..core.files import MAX_FILE_SIZE, page_from_front, read_note, walk_notes
from ..core.frontmatter import parse_front_matter
from ..core.index import Page, SiteIndex
from ..core.model import Heading, Note, WikiLink, valid_video_id
from ..core.words import printable_logger
from . import pages
from .plan import by_corrections
from .rewrite import Kind, PageRewriter, Target
from .site import GroupFacts, Layout, NoteSite

log = printable_logger("mkdocs.plugins.pmnotes")
_SPACE = re.compile(r"\s+")
_RETRY_SECONDS = 2.0  # an unknown page rebuilds the site at most this often
# No generated pages, no previews of them: the panels and links say only what exists.
LAYOUT = Layout(dangling="warn", episode_pages=False, previews=False)
_lock = threading.Lock()
_sites: dict[tuple[str, bool], StandaloneSite] = {}


class SiteOptions(NamedTuple):
    """The settings that change what the site's pages show."""

    source_prefixes: tuple[str, ...] = ("From:",)
    default_end: int = DEFAULT_END
    max_file_size: int = MAX_FILE_SIZE
    dialect: Dialect = CORE  # the containers whose body is Markdown (`core.blocks`)


DEFAULTS = SiteOptions()


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs (and Zensical) give a Markdown file, relative to the site root."""
    stem = os.path.splitext(path)[0]
    folder, name = os.path.split(stem)
    if name in ("index", "README"):
        url = f"{folder}/" if folder else ""
    elif use_directory_urls:
        url = f"{stem}/"
    else:
        url = f"{stem}.html"
    return quote(url)


def video_page(video: str) -> str:
    """Where the episode of `video` is while the site has no page for it: the video itself.

    Without a scheme, which the panels' and the episode line's hrefs may not carry
    (`markup.safe_href`); `video` is a checked videoId.
    """
    return f"//www.youtube.com/watch?v={video}"


def signature(body: str) -> str:
    """A page's identity by its text, blind to the whitespace renderers normalise."""
    return hashlib.sha1(_SPACE.sub("", body).encode("utf-8", "surrogatepass")).hexdigest()


def body_of(text: str) -> tuple[str, bool]:
    """The text after a valid front matter block, and whether there was one."""
    front = parse_front_matter(text)
    if front.usable:
        return text[front.body_start :], True
    return text, False


@dataclass(frozen=True, slots=True)
class _Read:
    """What the site keeps of a file until it changes: enough to index it and to know it again."""

    mtime: int
    page: Page | None  # None: not a note (unreadable, too large)
    headings: tuple[Heading, ...]
    signature: str


GroupKey = tuple[tuple[str, int], ...]  # the (path, mtime) of an episode's notes


@dataclass
class StandaloneSite:
    docs_dir: Path
    use_directory_urls: bool
    options: SiteOptions
    site: NoteSite
    built: float  # when the site was read: an unknown page rebuilds it at most every few seconds
    files: dict[str, _Read] = field(default_factory=dict)  # every Markdown file read
    groups: dict[GroupKey, GroupFacts] = field(default_factory=dict, repr=False)
    index_key: int = 0  # what every link resolves against: paths, names, headings
    by_signature: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        docs_dir: Path,
        use_directory_urls: bool,
        options: SiteOptions = DEFAULTS,
        previous: StandaloneSite | None = None,
    ) -> StandaloneSite:
        """Read the site; `previous` hands over what it read of the files that did not change.

        An episode whose notes did not change is taken over whole while the index is the same
        (no note added, removed, renamed or retitled, no heading changed), so a rebuild after
        an edit reads and analyses the edited note's episode only.
        """
        started = time.time()
        before = previous.files if previous is not None and previous.options == options else {}
        files: dict[str, _Read] = {}
        fresh: dict[str, Note] = {}
        for file in walk_notes(docs_dir):
            name = file.relative_to(docs_dir).as_posix()
            mtime = _mtime(file)  # before reading: a change while it is read shows next time
            known = before.get(name)
            if known is not None and known.mtime == mtime:
                files[name] = known
                continue
            _, note = read_note(file, name, options.max_file_size, options.dialect)
            if note is None:
                files[name] = _Read(mtime, None, (), "")
                continue
            fresh[name] = note
            page = page_from_front(name, note.front.data)
            files[name] = _Read(mtime, page, note.headings, signature(body_of(note.text)[0]))
        notes = {path: read for path, read in files.items() if read.page is not None}
        index = SiteIndex.build((read.page for read in notes.values() if read.page), outline=_outline(notes))
        index_key = hash(tuple((p, r.page, tuple((h.level, h.text) for h in r.headings)) for p, r in notes.items()))
        reusable = previous.groups if previous is not None and previous.index_key == index_key and before else {}
        urls = {path: page_url(path, use_directory_urls) for path in notes}
        site = NoteSite.create(
            index, urls, source_prefixes=options.source_prefixes, default_end=options.default_end, layout=LAYOUT
        )
        groups: dict[GroupKey, GroupFacts] = {}
        for group in _episodes(index, notes):
            key = tuple((path, notes[path].mtime) for path in group)
            facts = reusable.get(key)
            if facts is None:
                read = [fresh.pop(path, None) or _parse(docs_dir / path, path, options) for path in group]
                facts, _ = site.facts([note for note in read if note is not None])
            site.take(facts)
            groups[key] = facts
        site.finish(None, ())
        for video in site.videos():
            site.episode_urls[video] = video_page(video)
        made = cls(docs_dir, use_directory_urls, options, site, started, files, groups, index_key)
        for path in sorted(notes):
            made.by_signature.setdefault(notes[path].signature, path)
        log.debug(f"pmnotes extension: {len(notes)} notes of {docs_dir} read in {time.time() - started:.2f} s")
        return made

    @classmethod
    def get(cls, docs_dir: str, use_directory_urls: bool, options: SiteOptions = DEFAULTS) -> StandaloneSite:
        """The site of `docs_dir`, built by the first page that asks and kept for the others."""
        root = Path(docs_dir).resolve()
        key = (str(root), use_directory_urls)
        with _lock:
            site = _sites.get(key)
            if site is None or site.options != options:
                site = _sites[key] = cls.build(root, use_directory_urls, options)
            return site

    def knows(self, path: str) -> bool:
        """Is `path` a note of the site?"""
        return path in self.site.notes

    def stale(self, path: str | None) -> bool:
        """Has the page being rendered changed since the site was read (or is it unknown to it)?"""
        if path is None or path not in self.files:
            return time.time() - self.built > _RETRY_SECONDS
        return _mtime(self.docs_dir / path) != self.files[path].mtime

    def refreshed(self, path: str | None) -> StandaloneSite:
        """This site, or a new one when the page being rendered says this one is out of date."""
        if not self.stale(path):
            return self
        key = (str(self.docs_dir), self.use_directory_urls)
        with _lock:
            current = _sites.get(key, self)
            if current is not self and not current.stale(path):
                return current  # another page rebuilt it meanwhile
            fresh = _sites[key] = StandaloneSite.build(self.docs_dir, self.use_directory_urls, self.options, self)
            return fresh

    def identify(self, markdown: str) -> str | None:
        """The note whose text this is, when the renderer did not say."""
        return self.by_signature.get(signature(body_of(markdown)[0]))

    def rewriter(
        self, path: str | None, markdown: str, base_url: str, meta: dict[str, Any] | None, player: bool
    ) -> PageRewriter:
        """The rewriter of one page, given as the plugin gives it, with links from `base_url`."""
        site = self.site
        own_front = body_of(markdown)[1]
        href = partial(_href, _prefix(base_url))
        if path is not None and self.knows(path):
            return PageRewriter(
                path=path,
                resolver=site.resolver,
                href=href,
                video=site.video(path),
                reading=by_corrections(site.corrections(path)),
                plan=site.notes[path].plan,
                front_stripped=site.stripped(path) and not own_front,
                player=player,
                on_unresolved=_report,
                episode=site.episode_link(path),
                templates=site.templates,
                dialect=self.options.dialect,
            )
        return PageRewriter(
            path=path or "",
            resolver=site.resolver,
            href=href,
            video=valid_video_id(str((meta or {}).get("videoId") or "") or None),
            front_stripped=bool(meta) and not own_front,
            player=player,
            on_unresolved=_report,
            templates=site.templates,
            dialect=self.options.dialect,
        )

    def panel(self, path: str | None, base_url: str, empty: bool = True) -> str:
        """The Linked-from panel of a note, as the plugin renders it; '' for a page not in the site."""
        if path is None or not self.knows(path):
            return ""
        site = self.site
        return pages.panel(site, path, site.urls[path], partial(_relative, _prefix(base_url)), empty=empty)


def _episodes(index: SiteIndex, paths: Iterable[str]) -> Iterator[list[str]]:
    """Paths in order, the notes of one video together, as timestamp correction reads them."""
    seen: set[str] = set()
    for path in sorted(paths):
        if path in seen:
            continue
        video = index.pages[path].video_id
        group = sorted(p.path for p in index.same_video(video)) if video else [path]
        seen.update(group)
        yield group


def _outline(notes: dict[str, _Read]) -> Callable[[str], tuple[Heading, ...] | None]:
    def outline(path: str) -> tuple[Heading, ...] | None:
        read = notes.get(path)
        return read.headings if read is not None else None

    return outline


def _parse(file: Path, name: str, options: SiteOptions) -> Note | None:
    """A note of an episode being read again, which did not change itself."""
    return read_note(file, name, options.max_file_size, options.dialect)[1]


def _mtime(path: Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


def _prefix(base_url: str) -> str:
    return "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"


def _href(prefix: str, url: str) -> str:
    """A site URL as an href from any page; an address of another site (`//host/...`) as it is."""
    return url if url.startswith("//") else prefix + url


def _relative(prefix: str, url: str, here: str) -> str:
    return _href(prefix, url)


def _report(path: str, link: WikiLink, target: Target) -> None:
    if target.kind in (Kind.MISSING, Kind.AMBIGUOUS):
        log.info(f"{path or '(page)'}:{link.line}: link to '{link.target}' matches no page; shown as plain text")
