"""Page-level rewriting: wiki links to page links, timestamps to YouTube links.

Pure: the current page, the site's URLs and the logging callbacks come in as
values and callables, so the MkDocs plugin and the stand-alone Markdown
extension share this code, and tests can drive it without either.

The links rewritten are exactly those `core.parse.parse_note` finds in the
page's Markdown (so exactly those the linter checks); code spans, fenced and
indented code blocks and HTML comments are masked by the same core scanner,
which reads them as Python-Markdown does. One exception is
deliberate: a link standing inside an HTML tag (`<img alt="[[x]]">`) stays
text, because a link cannot be put inside an attribute value.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..core.blocks import CORE, Dialect
from ..core.clock import parse_clock
from ..core.index import Resolution, SiteIndex, Status
from ..core.kinds import StrEnum
from ..core.mentions import Backlinks
from ..core.model import Heading, Note, WikiLink, valid_video_id
from ..core.parse import parse_note
from ..core.slugs import heading_slug
from ..core.times import How
from . import markup
from .headings import Slugify
from .plan import PagePlan, Reading, Spots, TimeSpot, spots
from .templates import Templates, default_templates

_BRACKETS = "&#91;&#91;"  # an unclosed `[[`, as text Python-Markdown does not parse again


class Kind(StrEnum):
    """What a wiki link opens. A string, so templates, logs and JSON see `page`, `topic`..."""

    PAGE = "page"
    TOPIC = "topic"  # the generated page of a target without a note
    SOURCE = "source"  # the generated page of a target named on a `From:` line
    MISSING = "missing"
    AMBIGUOUS = "ambiguous"


class Target(NamedTuple):
    """Where a wiki link goes."""

    kind: Kind
    url: str | None = None  # site-root-relative URL of the page it opens
    fragment: str | None = None
    title: str | None = None  # shown as the link's tooltip (a missing heading)
    candidates: tuple[str, ...] = ()
    key: str | None = None  # the topic key of a missing target


@dataclass
class LinkResolver:
    """Turns a link target into a `Target`, once per (target, heading, folder) per build.

    `page_urls` maps a site path to its URL; `topic_urls` and `source_urls` map
    a topic key to its generated page (empty when there are none, as under the
    `warn` policy or in the stand-alone extension).
    """

    index: SiteIndex
    page_urls: Mapping[str, str]
    topic_urls: Mapping[str, str] = field(default_factory=dict)
    source_urls: Mapping[str, str] = field(default_factory=dict)
    source_prefixes: tuple[str, ...] = ("From:",)
    slugify: Slugify = heading_slug
    # path -> (line, id) of its headings whose id is not the slug of their text (timestamps shown
    # corrected, repeated headings); the site's note records hold them (`NoteSite.heading_ids`).
    heading_ids: Callable[[str], Iterable[tuple[int, str]]] = lambda path: ()
    _resolved: dict[tuple[str, str], Resolution] = field(default_factory=dict, repr=False)
    _targets: dict[tuple[str, str | None, str], Target] = field(default_factory=dict, repr=False)
    _settled: bool = field(default=False, repr=False)

    def resolve(self, target: str, from_path: str = "") -> Resolution:
        if self._settled:
            return self.index.resolve(target, from_path)  # `target()` keeps the answers now
        # Resolution depends on the linking note's folder only (its own path for `[[#h]]`).
        key = (target, from_path if not target.strip() else posixpath.dirname(from_path))
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self.index.resolve(target, from_path)
        return found

    def target(self, link: WikiLink, from_path: str) -> Target:
        return self.find(link.target, link.heading, from_path)

    def find(self, target: str, heading: str | None, from_path: str) -> Target:
        """Where a link to `target` (and `heading`) from the note at `from_path` goes."""
        key = (target, heading, from_path if not target.strip() else posixpath.dirname(from_path))
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = self._lookup(target, heading, from_path)
        if found.kind == Kind.MISSING and found.key is not None and found.key in self.source_urls:
            return Target(Kind.SOURCE, self.source_urls[found.key], key=found.key)
        return found

    def heading_id(self, path: str, heading: Heading) -> str:
        """The id `heading` has on the page of `path` (see `headings.page_ids`)."""
        for line, found in self.heading_ids(path):
            if line == heading.line:
                return found
        return self.slugify(heading.text)

    def settle(self) -> None:
        """Drop answers given before the generated pages were known; from now on only
        `target()` answers are kept (the resolutions served `collect` while notes were read)."""
        self._targets.clear()
        self._resolved.clear()
        self._settled = True

    def _lookup(self, target: str, heading: str | None, from_path: str) -> Target:
        resolved = self.resolve(target, from_path)
        if resolved.page is not None:
            url = self.page_urls.get(resolved.page.path)
            if url is None:
                return Target(Kind.MISSING)
            fragment = title = None
            if heading:
                found = self.index.find_heading(resolved.page.path, heading)
                if found is None:
                    title = f"No heading “{heading}” on this page"
                else:
                    fragment = self.heading_id(resolved.page.path, found)
            return Target(Kind.PAGE, url, fragment, title)
        if resolved.status is Status.AMBIGUOUS:
            return Target(Kind.AMBIGUOUS, candidates=tuple(p.path for p in resolved.candidates))
        key = Backlinks.topic_key(target)
        if key in self.topic_urls:
            return Target(Kind.TOPIC, self.topic_urls[key], key=key)
        return Target(Kind.MISSING, key=key)


@dataclass
class PageRewriter:
    """Rewrites the Markdown of one page.

    `href` turns a site URL into an href usable from this page (relative under
    MkDocs, root-relative in the stand-alone extension). `moment` renders a
    timestamp (the plugin renders a compact form it expands when it writes the
    page). The spots come from `plan` when the Markdown is the planned text,
    else from a parse of the Markdown read with `reading`. `front_stripped`
    says the renderer already removed a valid front matter block, so the
    Markdown must not be searched for another one.
    """

    path: str
    resolver: LinkResolver
    href: Callable[[str], str]
    video: str | None = None
    reading: Reading | None = None
    plan: PagePlan | None = None
    front_stripped: bool = False
    player: bool = True
    moment: Callable[[markup.Moment], str] = markup.timestamp
    on_unresolved: Callable[[str, WikiLink, Target], None] | None = None
    episode: tuple[str, str] | None = None  # (URL, title) of the note's episode page
    preview: bool = False  # wiki links carry `data-preview` (Material's instant previews)
    dialect: Dialect = CORE  # the containers whose body is Markdown (`core.blocks`), for a parse of its own
    templates: Templates = field(default_factory=default_templates, repr=False)  # the player's line, its notes
    _player_done: bool = False
    _note_done: bool = False

    def spots(self, markdown: str) -> Spots:
        """Where the links and anchors are in `markdown`, as the core parser sees them."""
        if self.plan is not None:
            found = self.plan.spots(markdown)
            if found is not None:
                return found
        if self.front_stripped:
            # A leading newline keeps a `---` rule at the top from passing for front matter.
            note, offset = parse_note("\n" + markdown, self.path, self.dialect), 1
        else:
            note, offset = parse_note(markdown, self.path, self.dialect), 0
        reading = self.reading or (lambda anchor: (None, False))
        return spots(note, reading, offset, self.resolver.source_prefixes)

    def rewrite(self, markdown: str, store: Callable[[str], str]) -> str:
        """`markdown` with every link and anchor replaced by `store(html)`'s placeholder."""
        wants_player = self.player and not self._player_done and valid_video_id(self.video) is not None
        wants_episode = self.episode is not None and not self._player_done
        if "[[" not in markdown and "yt-timestamp" not in markdown and not wants_player and not wants_episode:
            return markdown
        links, anchors = self.spots(markdown)
        edits = [(spot.start, spot.end, self.link_html(spot.link)) for spot in links]
        edits += [(spot.start, spot.end, self.anchor_html(spot)) for spot in anchors]
        if markdown.count("[[") > len(links):
            edits += [(start, start + 2, _BRACKETS) for start in self.unclosed(markdown)]
        text = splice(markdown, edits, store)
        render = self.templates.render
        top = render("player", video=valid_video_id(self.video)) if wants_player else ""
        if wants_episode and self.episode is not None:
            top += render("episode-link", href=self.href(self.episode[0]), title=self.episode[1], preview=self.preview)
        shifted = [spot for spot in anchors if spot.how == How.SHIFTED and spot.seconds is not None]
        if shifted and not self._note_done and valid_video_id(self.video) is not None:
            self._note_done = True  # said once, under the player
            # The example a reader can check best: the largest change, not `00:00:06` for 00:00:00.
            first = max(shifted, key=lambda spot: abs(_written_seconds(spot) - (spot.seconds or 0)))
            top += render("corrections", count=len(shifted), example=first.data_t, plays=first.seconds or 0)
        if top:
            self._player_done = True
            text = store(top) + "\n\n" + text
        return text

    def unclosed(self, markdown: str) -> list[int]:
        """Where `markdown` has a `[[` that is never closed, outside code.

        Each becomes a stored `[[`, shown as written: Python-Markdown looks for
        the end of every `[` it meets, so thousands of unclosed ones would cost
        it time quadratic in the page.
        """
        note = parse_note("\n" + markdown if self.front_stripped else markdown, self.path, self.dialect)
        offset = 1 if self.front_stripped else 0
        return [start - offset for start in note.broken_links.unclosed_starts() if start >= offset]

    def link_html(self, link: WikiLink) -> str:
        target = self.resolver.target(link, self.path)
        label = link.text
        if target.kind == Kind.PAGE and target.url is not None:
            own = target.url == self.resolver.page_urls.get(self.path)
            base = "" if own and target.fragment else self.href(target.url)
            href = base + (f"#{target.fragment}" if target.fragment else "")
            return markup.link(
                href or "#", label, embed=link.embed, title=target.title, preview=self.preview and not own
            )
        if self.on_unresolved:
            self.on_unresolved(self.path, link, target)
        if target.kind in (Kind.TOPIC, Kind.SOURCE) and target.url is not None:
            return markup.link(self.href(target.url), label, topic=True, embed=link.embed, preview=self.preview)
        if target.kind == Kind.AMBIGUOUS:
            return markup.ambiguous(label, link.target, target.candidates)
        return markup.dangling(label, link.target)

    def anchor_html(self, spot: TimeSpot) -> str:
        return self.moment(markup.Moment(spot.label, spot.data_t, self.video, spot.seconds, spot.how, spot.why))


def splice(text: str, edits: list[tuple[int, int, str]], store: Callable[[str], str]) -> str:
    """Replace each (start, end) of `text` with the placeholder `store` returns for its HTML."""
    if not edits:
        return text
    parts: list[str] = []
    pos = 0
    for start, end, html in sorted(edits):
        if start < pos:
            continue  # overlapping spans cannot come from one parse; keep the first
        parts.append(text[pos:start])
        parts.append(store(html))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def body_offset(note: Note, front_stripped: bool) -> int:
    """Where the Markdown a renderer gets begins in the note's text.

    MkDocs and Zensical read files as `utf-8-sig` (no BOM), drop a valid front
    matter block and the blank lines after it.
    """
    text = note.text
    start = 1 if text.startswith("\ufeff") else 0
    if front_stripped and note.front.body_start:
        start = note.front.body_start
        while text.startswith("\n", start):
            start += 1
    return start


def _written_seconds(spot: TimeSpot) -> int:
    clock = parse_clock(spot.data_t)
    return clock.total if clock else 0
