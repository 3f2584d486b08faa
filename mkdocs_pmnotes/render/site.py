"""What one build knows about its notes: the index, the mentions, the generated pages.

`NoteSite` is built once per build from the sources (never from rendered
pages), so every page sees the same facts and `mkdocs serve --dirty` cannot
leave stale backlinks behind. It is filled an episode at a time (`facts`, `take`):
the notes of one video are parsed together, their facts kept in compact form, and
the parsed notes dropped, so a large site is never held in memory as parsed
notes. It knows nothing about MkDocs: the plugin hands it notes and a function
that gives a generated page its URL.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from ..core.clock import DEFAULT_END
from ..core.index import SiteIndex
from ..core.mentions import collect
from ..core.model import Note, valid_video_id
from ..core.parse import is_source_link
from ..core.slugs import heading_slug
from ..core.times import AnchorTime, analyse
from . import markup
from .backlinks import Mentions, MentionStore, Record
from .claims import Claim, claims, pack, unpack
from .headings import Slugify, page_ids
from .plan import PagePlan, Reading, by_start, whys
from .rewrite import LinkResolver, body_offset
from .templates import Templates, default_templates
from .titles import EpisodeNames
from .views import Count, EpisodeGroup, MentionView

Outgoing = tuple[tuple[tuple[str, str], int], ...]  # ((kind, key), links) of one note
Source = tuple[str, str]  # a note's source: ("page", path) or ("source", key)
_RESERVED = {"index", "readme"}
_MAX_SLUG = 80  # characters, for a readable URL
# Bytes: a file name may hold 255, and four-byte characters reach that well before 80 of them.
# A slug of 200, hash included, leaves room for `.html` and more.
_MAX_SLUG_BYTES = 200


@dataclass(frozen=True, kw_only=True)
class Layout:
    """Where generated pages go, as folders of the site, and which are made."""

    folders: Mapping[str, str] = field(default_factory=dict)  # kind name -> site folder, if not its default
    dangling: str = "topic"  # "topic": a page per missing target; "warn": none
    episode_pages: bool = True  # also: read the claims for their timelines
    other_pages: bool = True  # topic pages list mentions from pages that are not notes
    graph: bool = False  # a local graph on note and topic pages
    previews: bool = True  # wiki links carry `data-preview` for Material's instant previews
    home: str | None = None  # the site's name, for a generated home page; None: the site has its own


class Kind(Protocol):
    """A kind of generated page as planning sees it (`kinds.PageKind`)."""

    name: str

    def where(self, layout: Layout) -> str: ...

    def plan(self, site: NoteSite) -> Iterable[tuple[str, str, str]]: ...


@dataclass(frozen=True)
class Generated:
    """A page this build generates: what it is about and where it lives."""

    kind: Kind
    key: str  # topic key, videoId, or the listed kind for an index page
    src_uri: str
    title: str


def page_slug(key: str) -> str:
    """A file-name-safe slug for a topic key; long keys are cut and made unique by a hash.

    Long counts both characters and UTF-8 bytes; a cut never splits a character.
    """
    slug = key.replace("/", "_").strip("._") or "topic"
    encoded = slug.encode("utf-8", "surrogatepass")
    if len(slug) > _MAX_SLUG or len(encoded) > _MAX_SLUG_BYTES:
        digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        cut = encoded[: _MAX_SLUG_BYTES - 1 - len(digest)].decode("utf-8", "ignore")[:_MAX_SLUG]
        slug = f"{cut.rstrip('_')}_{digest}"
    if slug.lower() in _RESERVED:
        slug += "_topic"
    return slug


def display_name(target: str) -> str:
    """`impact_of_ai_on_product_management` -> `Impact of ai on product management`."""
    text = " ".join(target.replace("_", " ").split())
    return text[:1].upper() + text[1:] if text[:1].islower() else text


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """What the site keeps of one note once it is parsed: its one record, nothing of its text."""

    path: str
    plan: PagePlan | None  # None once its page is written (`NoteSite.release`)
    corrections: dict[str, tuple[int | None, int]]  # data-t -> (second, How) where not as written
    heading: str | None  # first `# heading`, for a note without a title
    stripped: bool  # MkDocs removes its front matter
    date: str | None  # `date` front matter, for "newest first"
    heading_ids: tuple[tuple[int, str], ...]  # (line, id) of headings whose id is not their text's slug
    outgoing: Outgoing = ()  # ((kind, key), links) of what it links to, its source left out


@dataclass(frozen=True, slots=True)
class GroupFacts:
    """What one episode's notes contribute to the site: the same for the same notes and index."""

    notes: tuple[NoteFacts, ...]
    mentions: Mentions
    timelines: tuple[tuple[str, bytes, int], ...]  # (video, packed claims, how many)
    episode_names: tuple[tuple[str, str], ...]  # (video, `episode` front matter)
    episode_sources: tuple[tuple[str, str], ...] = ()  # (video, its notes' `From:` target as written)
    video_titles: tuple[tuple[str, str, str], ...] = ()  # (path, video, title) of each note's titled video links


class Released(LookupError):
    """A fact let go once its page was written (`NoteSite.release_page`) was asked for again."""


@dataclass(frozen=True)
class Summary:
    """What the site-wide listings (home, indexes) need of all the mentions, worked out once.

    Made before any page's mentions are let go, so a listing written last still counts them all.
    """

    sources: dict[str, Source]  # each page's source, as its `From:` line names it (the first of several)
    linked: dict[tuple[str, str], int]  # (kind, key) -> notes linking to it, `From:` lines aside
    counts: dict[str, Count]  # topic key -> its mentions and the pages they are in


@dataclass
class NoteSite:
    """The facts of one build, each kept once: a record per page read (`notes`), the mentions,
    the episodes' packed timelines and names, the generated pages; the rest is derived."""

    index: SiteIndex
    urls: dict[str, str]  # site path (and generated src_uri) -> URL
    resolver: LinkResolver  # also holds the reading of source links; reads heading ids from `notes`
    default_end: int = DEFAULT_END
    store: MentionStore = field(default_factory=MentionStore)
    notes: dict[str, NoteFacts] = field(default_factory=dict)  # every page read, by site path
    generated: list[Generated] = field(default_factory=list)
    made: defaultdict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))  # kind -> key -> URL
    layout: Layout = field(default_factory=Layout)
    # video -> (packed claims, how many) of each group of notes with claims on its timeline
    packed: dict[str, list[tuple[bytes, int]]] = field(default_factory=lambda: defaultdict(list))
    names: EpisodeNames = field(default_factory=EpisodeNames)  # what each episode is called (`titles`)
    titles: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> generated page title
    templates: Templates = field(default_factory=default_templates, repr=False)  # panels and generated pages
    # Pages and episodes whose own facts were let go once written (`release`): reading them is a bug.
    released: set[str] = field(default_factory=set)  # pages
    released_topics: set[str] = field(default_factory=set)
    released_videos: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)  # notes whose links were let go
    _summary: Summary | None = field(default=None, repr=False)

    @classmethod
    def create(
        cls,
        index: SiteIndex,
        urls: dict[str, str],
        *,
        source_prefixes: tuple[str, ...] = ("From:",),
        slugify: Slugify = heading_slug,
        default_end: int = DEFAULT_END,
        templates: Templates | None = None,
        layout: Layout | None = None,
    ) -> NoteSite:
        made: defaultdict[str, dict[str, str]] = defaultdict(dict)
        resolver = LinkResolver(index, urls, made["topic"], made["source"], tuple(source_prefixes), slugify)
        site = cls(
            index,
            urls,
            resolver,
            default_end,
            made=made,
            layout=layout or Layout(),
            templates=templates or default_templates(),
        )
        resolver.heading_ids = site.heading_ids
        return site

    def heading_ids(self, path: str) -> tuple[tuple[int, str], ...]:
        """(line, id) of the headings of `path` whose id is not their text's slug."""
        facts = self.notes.get(path)
        return facts.heading_ids if facts is not None else ()

    @property
    def topic_urls(self) -> dict[str, str]:
        return self.made["topic"]

    @property
    def source_urls(self) -> dict[str, str]:
        return self.made["source"]

    @property
    def episode_urls(self) -> dict[str, str]:
        return self.made["episode"]

    def facts(self, group: list[Note]) -> tuple[GroupFacts, dict[str, list[AnchorTime]]]:
        """What one episode's notes contribute, computed from them alone and the index."""
        readings: dict[str, Reading] = {}
        analysed: dict[str, list[AnchorTime]] = {}
        # Which links name the note's source (`From: [[...]]`), by where they start: read once per note.
        prefixes = self.resolver.source_prefixes
        sourced = {note.path: _sources(note, prefixes) for note in group}
        notes = []
        found_claims: dict[str, list[Claim]] = defaultdict(list)
        names: dict[str, str] = {}
        sources: dict[str, str] = {}
        titled: list[tuple[str, str, str]] = []
        for note in group:
            times = analysed[note.path] = analyse(note, group, self.default_end)
            readings[note.path] = by_start(times)
            ids = page_ids(note, readings[note.path], self.resolver.slugify)
            notes.append((note, times, ids))
            self._episode_facts(note, readings[note.path], ids, sourced[note.path], found_claims, names, sources)
            titled.extend((note.path, video, title) for video, title in note.video_titles)
        timelines = tuple((video, pack(found_here), len(found_here)) for video, found_here in found_claims.items())
        # `collect` only asks `resolve()` of its index; the resolver answers it from a cache.
        found = collect(self.resolver, group)
        mentions = self.store.records(found, readings, sourced)
        links: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        for kind, grouped in (("page", found.to_page), ("topic", found.to_topic)):
            for key, listed in grouped.items():
                for m in listed:
                    if m.link.start not in sourced[m.source]:
                        links[m.source][(kind, key)] += 1
        records = tuple(
            self._record(note, times, ids, sourced[note.path], tuple(links[note.path].items()))
            for note, times, ids in notes
        )
        facts = GroupFacts(records, mentions, timelines, tuple(names.items()), tuple(sources.items()), tuple(titled))
        return facts, analysed

    def _record(
        self,
        note: Note,
        times: list[AnchorTime],
        ids: dict[int, str],
        sourced: frozenset[int],
        outgoing: Outgoing,
    ) -> NoteFacts:
        """The one record the site keeps of a note."""
        fixed = {t.anchor.data_t: (t.seconds, int(t.how)) for t in times if t.how and t.anchor.data_t}
        heading = None
        if not note.title:
            heading = next((h.text for h in note.headings if h.level == 1 and h.text), None)
        stripped = note.front.usable
        reading = by_start(times)
        offset = body_offset(note, stripped)
        plan = PagePlan(note, reading, offset, self.resolver.source_prefixes, whys(times), sourced)
        date = note.front.data.get("date")
        slugify = self.resolver.slugify
        odd = tuple((h.line, ids[h.line]) for h in note.headings if ids[h.line] != slugify(h.text))
        when = None if date in (None, "") else str(date)
        return NoteFacts(note.path, plan, fixed, heading, stripped, when, odd, outgoing)

    def take(self, facts: GroupFacts) -> None:
        """Keep one episode's facts; `mkdocs serve` hands back those of an episode that did not change."""
        for note in facts.notes:
            self.notes[note.path] = note
        for video, packed, count in facts.timelines:
            self.packed[video].append((packed, count))
        self.names.take(facts.episode_names, facts.video_titles, facts.episode_sources)
        self.store.take(facts.mentions)

    def _episode_facts(
        self,
        note: Note,
        reading: Reading,
        heading_ids: dict[int, str],
        sourced: frozenset[int],
        found: dict[str, list[Claim]],
        names: dict[str, str],
        sources: dict[str, str],
    ) -> None:
        """What the note's episode page shows of it: its claims, the episode's name and source."""
        video = valid_video_id(note.video_id)
        if video is None:
            return
        if self.layout.episode_pages:
            found[video].extend(claims(note, reading, heading_ids))
        # Every note of a video is in its group, so the group alone decides these (`titles`).
        named = note.front.data.get("episode")
        if isinstance(named, str) and named.strip():
            names[video] = named.strip()
        if video not in sources:
            source = next((link.target for link in note.links if link.start in sourced), None)
            if source:
                sources[video] = " ".join(source.split())

    def finish(self, url_for: Callable[[str], str] | None, taken: Iterable[str], kinds: Iterable[Kind] = ()) -> None:
        """Plan the generated pages of `kinds`, in that order, once every note is in.

        `url_for` is how the host adds a page to its build: it makes the page of a `src_uri`
        and returns its URL. A host that cannot add pages (the Markdown extension under
        Zensical) passes None: nothing is planned, and a link to a target without a note
        stays styled text.
        """
        self.store.done()
        self.packed = dict(self.packed)
        if url_for is None:
            self.resolver.settle()
            return
        used = set(taken)
        for kind in kinds:
            folder = kind.where(self.layout)
            for key, slug, title in kind.plan(self):
                src_uri = posixpath.join(folder, f"{slug}.md")
                if src_uri in used:
                    continue
                used.add(src_uri)
                self.generated.append(Generated(kind, key, src_uri, title))
                self.titles[(kind.name, key)] = title
                self.urls[src_uri] = self.made[kind.name][key] = url_for(src_uri)
        self.resolver.settle()

    # --- facts about notes -----------------------------------------------------------------

    def plan(self, path: str) -> PagePlan | None:
        """The page's plan, for a page the site read (a note or another page); None otherwise."""
        facts = self._own(path)
        return facts.plan if facts is not None else None

    def corrections(self, path: str) -> dict[str, tuple[int | None, int]]:
        """data-t -> (second, How) of the page's anchors read other than as written."""
        facts = self._own(path)
        return facts.corrections if facts is not None else {}

    def stripped(self, path: str) -> bool:
        """Whether MkDocs removes the page's front matter."""
        facts = self.notes.get(path)
        return facts is not None and facts.stripped

    def date(self, path: str) -> str | None:
        """The page's `date` front matter, for "newest first"."""
        facts = self.notes.get(path)
        return facts.date if facts is not None else None

    def outgoing(self, path: str) -> Outgoing:
        """((kind, key), links) of what the page links to, its source left out."""
        _check(path not in self.gone, "the links of", path)
        facts = self.notes.get(path)
        return facts.outgoing if facts is not None else ()

    def moments(self, video: str) -> int:
        """How many claims the episode's timeline has."""
        return sum(count for _, count in self._packed(video))

    def title(self, path: str) -> str:
        """As MkDocs titles a page: front matter, else the first `# heading`, else the file name."""
        page = self.index.pages.get(path)
        if page is not None and page.title:
            return page.title
        facts = self.notes.get(path)
        return (facts.heading if facts is not None else None) or display_name(
            posixpath.splitext(posixpath.basename(path))[0]
        )

    def video(self, path: str) -> str | None:
        page = self.index.pages.get(path)
        return valid_video_id(page.video_id) if page else None

    def videos(self) -> list[str]:
        return sorted({v for v in (self.video(path) for path in self.notes) if v})

    def episode_title(self, video: str) -> str:
        """An episode's own name: `episode` front matter, a titled link to its video, else its video and source."""
        return self.names.title(video)

    def timeline(self, video: str) -> list[Claim]:
        """Every claim of the episode's notes, in playing order."""
        return unpack(packed for packed, _ in self._packed(video))

    def is_note(self, path: str) -> bool:
        """A note is a page about an episode (a valid `videoId`); the rest, a guide say, are other pages."""
        return self.video(path) is not None

    def episode_url(self, video: str) -> str | None:
        """The episode's page, or its only note when it has one."""
        url = self.episode_urls.get(video)
        if url is None:
            pages = self.index.same_video(video)
            url = self.urls.get(pages[0].path) if len(pages) == 1 else None
        return url

    def episode_link(self, path: str) -> tuple[str, str] | None:
        """(URL, name) of the episode page of a note, when it has one, for "Episode: <name>"."""
        video = self.video(path)
        url = self.episode_urls.get(video) if video else None
        if not url or not video:
            return None
        title = self.episode_title(video)
        # Not "Episode: Episode E_rNotqs--I": the name this plugin made says "Episode" once.
        return url, title.removeprefix("Episode ") if self.names.is_made_up(video) else title

    def moment(self, record: Record) -> str:
        """The timestamp link backing a mention, or '' when it has none."""
        if record.data_t is None:
            return ""
        return markup.timestamp(
            markup.Moment(
                record.label or record.data_t, record.data_t, self.video(record.source), record.seconds, record.how
            )
        )

    def groups(
        self, records: Iterable[Record], from_url: str, relative: Callable[[str, str], str], *, others: bool = True
    ) -> list[EpisodeGroup]:
        """Mentions grouped by episode, the newest notes first, each note's in playing order.

        Pages that are not notes come last, as "Other pages", or not at all without `others`.
        """
        grouped: dict[str | None, list[Record]] = defaultdict(list)
        for record in records:
            if record.source in self.urls:
                video = self.video(record.source)
                if video is not None or others:
                    grouped[video].append(record)

        def newest(path: str) -> tuple[str, str]:
            return self.date(path) or "", path

        episodes = sorted(
            (v for v in grouped if v is not None), key=lambda v: max(newest(r.source) for r in grouped[v]), reverse=True
        )
        groups = []
        for video in [*episodes, *([None] if None in grouped else [])]:
            by_note: dict[str, list[Record]] = defaultdict(list)
            for record in grouped[video]:
                by_note[record.source].append(record)
            views: list[MentionView] = []
            for path in sorted(by_note, key=newest, reverse=video is not None):
                mine = sorted(by_note[path], key=lambda r: (r.seconds is None, r.seconds or 0))
                href, title = relative(self.urls[path], from_url), self.title(path)
                views.extend(MentionView(href, title, r.sentence, self.moment(r)) for r in mine)
            if video is None:
                groups.append(EpisodeGroup("Other pages", None, tuple(views)))
                continue
            url = self.episode_url(video)
            groups.append(
                EpisodeGroup(self.episode_title(video), relative(url, from_url) if url else None, tuple(views))
            )
        return groups

    # --- letting facts go as pages are written (`mkdocs build`) ------------------------------
    #
    # MkDocs writes each page once; the facts only that page reads go with it, so a build
    # does not hold every note's plan, panel and timeline until its end. What a later page
    # may read (titles, dates, videos, URLs, heading ids, the site-wide counts) stays.
    # Reading a fact let go raises `Released`: a bug, never a wrong page.

    def mentioning(self, path: str) -> list[Record]:
        """The mentions of the page at `path`, for its panel and graph."""
        _check(path not in self.released, "the mentions of", path)
        return self.store.to_page.get(path, [])

    def mentions_of(self, key: str) -> list[Record]:
        """The mentions of a topic or source, for its page and graph."""
        _check(key not in self.released_topics, "the mentions of topic", key)
        return self.store.to_topic.get(key, [])

    def summary(self) -> Summary:
        if self._summary is None:
            self._summary = Summary(self._note_sources(), self._linked(), self._counts())
        return self._summary

    def release_page(self, path: str) -> None:
        """Its page is written: let go of its plan, its readings and its panel's mentions."""
        self.summary()
        facts = self.notes.get(path)
        if facts is not None:
            self.notes[path] = replace(facts, plan=None, corrections={})
        self.store.to_page.pop(path, None)
        self.released.add(path)

    def release_links(self, path: str) -> None:
        """Its page and its episode's are written: let go of what the note links to."""
        facts = self.notes.get(path)
        if facts is not None and facts.outgoing:
            self.notes[path] = replace(facts, outgoing=())
        self.gone.add(path)

    def release_topic(self, key: str) -> None:
        """Its topic page is written; a source's mentions stay, for the source pages and the indexes."""
        if key in self.store.source_keys:
            return
        self.summary()
        self.store.to_topic.pop(key, None)
        self.released_topics.add(key)

    def release_episode(self, video: str) -> None:
        """Its episode page is written: let go of its timeline, and of its written notes' links."""
        self.packed.pop(video, None)
        self.released_videos.add(video)
        for page in self.index.same_video(video):
            if page.path in self.released:
                self.release_links(page.path)

    def _packed(self, video: str) -> list[tuple[bytes, int]]:
        _check(video not in self.released_videos, "the timeline of", video)
        return self.packed.get(video, [])

    def _own(self, path: str) -> NoteFacts | None:
        _check(path not in self.released, "the plan of", path)
        return self.notes.get(path)

    def _note_sources(self) -> dict[str, Source]:
        found: dict[str, set[Source]] = defaultdict(set)
        for target, records in self.store.to_page.items():
            for record in records:
                if record.from_line:
                    found[record.source].add(("page", target))
        for key in self.store.source_keys:
            for record in self.store.to_topic.get(key, ()):
                if record.from_line:
                    found[record.source].add(("source", key))
        return {path: min(sources) for path, sources in found.items()}

    def _linked(self) -> dict[tuple[str, str], int]:
        linked = {}
        for kind, grouped in (("page", self.store.to_page), ("topic", self.store.to_topic)):
            for key, records in grouped.items():
                notes = {r.source for r in records if not r.from_line and self.is_note(r.source)}
                if notes:
                    linked[(kind, key)] = len(notes)
        return linked

    def _counts(self) -> dict[str, Count]:
        return {key: self.count(records) for key, records in self.store.to_topic.items()}

    def count(self, mentions: Iterable[Record]) -> Count:
        """Mentions and the notes they come from; pages that are not notes are counted apart."""
        mentions = list(mentions)
        notes = {m.source for m in mentions if self.is_note(m.source)}
        others = {m.source for m in mentions} - notes
        shown = [m for m in mentions if m.source in notes]
        return Count(len(shown), len(notes), len(others) if self.layout.other_pages else 0)

    # --- the local graph -------------------------------------------------------------------

    def neighbours(self, path: str | None, topic: str | None = None) -> list[tuple[str, str, str, int]]:
        """(kind, key, direction, links) of the pages one link away from a page or a topic."""
        weights: Counter[tuple[str, str]] = Counter()
        direction: dict[tuple[str, str], set[str]] = defaultdict(set)
        incoming = self.mentioning(path or "") if topic is None else self.mentions_of(topic)
        for record in incoming:
            node = ("page", record.source)
            weights[node] += 1
            direction[node].add("in")
        for node, count in self.outgoing(path) if path else ():
            weights[node] += count
            direction[node].add("out")
        return [
            (kind, key, "both" if len(direction[(kind, key)]) == 2 else next(iter(direction[(kind, key)])), count)
            for (kind, key), count in weights.items()
        ]


def _sources(note: Note, prefixes: tuple[str, ...]) -> frozenset[int]:
    """Where the note's source links (`From: [[...]]`) start."""
    return frozenset(link.start for link in note.links if is_source_link(note, link, prefixes))


def _check(kept: bool, what: str, key: str) -> None:
    if not kept:
        raise Released(f"{what} {key!r}, let go once its page was written, was read again")
