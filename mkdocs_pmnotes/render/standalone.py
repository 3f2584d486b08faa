"""The site as the Markdown extension sees it when no MkDocs plugin feeds it.

Used under Zensical (which runs Python-Markdown extensions but not MkDocs
plugins) and with plain Python-Markdown. The extension is then given the docs
folder and builds its own index of it, once, reusing it for every page until a
page it renders is newer than the index or unknown to it.

Without a plugin there are no generated pages, so a missing target becomes a
styled non-link, and links are root-relative (`base_url` + the page's URL):
the renderer may rewrite relative hrefs in raw HTML (Zensical does), and
root-relative ones survive that unchanged.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..core.clock import DEFAULT_END
from ..core.files import page_from_front, read_note, walk_notes
from ..core.index import SiteIndex
from ..core.model import Note, WikiLink, valid_video_id
from ..core.parse import parse_front_matter
from ..core.times import analyse
from ..core.words import printable_logger
from .plan import by_clock
from .rewrite import Kind, LinkResolver, PageRewriter, Target

log = printable_logger("mkdocs.plugins.pmnotes")
_SPACE = re.compile(r"\s+")
_RETRY_SECONDS = 2.0  # an unknown page rebuilds the index at most this often
_lock = threading.Lock()
_sites: dict[tuple[str, bool], StandaloneSite] = {}


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


def signature(body: str) -> str:
    """A page's identity by its text, blind to the whitespace renderers normalise."""
    return hashlib.sha1(_SPACE.sub("", body).encode("utf-8", "surrogatepass")).hexdigest()


def body_of(text: str) -> tuple[str, bool]:
    """The text after a valid front matter block, and whether there was one."""
    front = parse_front_matter(text)
    if front.usable:
        return text[front.body_start :], True
    return text, False


@dataclass
class StandaloneSite:
    docs_dir: Path
    use_directory_urls: bool
    index: SiteIndex
    notes: dict[str, Note]
    resolver: LinkResolver
    built: float
    default_end: int = DEFAULT_END
    by_signature: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls, docs_dir: Path, use_directory_urls: bool, source_prefixes: tuple[str, ...], default_end: int = DEFAULT_END
    ) -> StandaloneSite:
        notes: dict[str, Note] = {}
        built = time.time()
        for file in walk_notes(docs_dir):
            name = file.relative_to(docs_dir).as_posix()
            _, note = read_note(file, name)
            if note is not None:
                notes[name] = note
        index = SiteIndex.build(page_from_front(p, n.front.data) for p, n in notes.items())
        for note in notes.values():
            index.remember(note)
        urls = {p: page_url(p, use_directory_urls) for p in notes}
        resolver = LinkResolver(index, urls, source_prefixes=source_prefixes)
        site = cls(docs_dir, use_directory_urls, index, notes, resolver, built, default_end)
        for path, note in notes.items():
            site.by_signature.setdefault(signature(body_of(note.text)[0]), path)
        return site

    @classmethod
    def get(
        cls, docs_dir: str, use_directory_urls: bool, source_prefixes: tuple[str, ...], default_end: int = DEFAULT_END
    ) -> StandaloneSite:
        root = Path(docs_dir).resolve()
        key = (str(root), use_directory_urls)
        with _lock:
            site = _sites.get(key)
            if site is None or (site.resolver.source_prefixes, site.default_end) != (source_prefixes, default_end):
                site = _sites[key] = cls.build(root, use_directory_urls, source_prefixes, default_end)
            return site

    def stale(self, path: str | None) -> bool:
        """Is the index older than the page being rendered (or blind to it)?"""
        if path is None or path not in self.notes:
            return time.time() - self.built > _RETRY_SECONDS
        try:
            return os.stat(self.docs_dir / path).st_mtime > self.built
        except OSError:
            return True

    def refreshed(self, path: str | None) -> StandaloneSite:
        if not self.stale(path):
            return self
        with _lock:
            fresh = StandaloneSite.build(
                self.docs_dir, self.use_directory_urls, self.resolver.source_prefixes, self.default_end
            )
            _sites[(str(self.docs_dir), self.use_directory_urls)] = fresh
            return fresh

    def identify(self, markdown: str) -> str | None:
        """The note whose text this is, when the renderer did not say."""
        return self.by_signature.get(signature(body_of(markdown)[0]))

    def rewriter(
        self, path: str | None, markdown: str, base_url: str, meta: dict[str, Any] | None, player: bool
    ) -> PageRewriter:
        note = self.notes.get(path) if path else None
        own_front = body_of(markdown)[1]
        if note is not None:
            front_stripped = not own_front and note.front.usable
            video = note.video_id
        else:
            front_stripped = bool(meta) and not own_front
            video = str((meta or {}).get("videoId") or "") or None
        reading = None
        if note is not None:
            group = [self.notes[p.path] for p in self.index.same_video(note.video_id)] if note.video_id else [note]
            reading = by_clock(analyse(note, group, self.default_end))
        prefix = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
        return PageRewriter(
            path=path or "",
            resolver=self.resolver,
            href=lambda url: prefix + url,
            video=valid_video_id(video),
            reading=reading,
            front_stripped=front_stripped,
            player=player,
            on_unresolved=_report,
        )


def _report(path: str, link: WikiLink, target: Target) -> None:
    if target.kind in (Kind.MISSING, Kind.AMBIGUOUS):
        log.info(f"{path or '(page)'}:{link.line}: link to '{link.target}' matches no page; shown as plain text")
