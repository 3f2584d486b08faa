"""What one build knows about its notes: the index, the mentions, the generated pages.

`NoteSite` is built once per build from the sources (never from rendered
pages), so every page sees the same facts and `mkdocs serve --dirty` cannot
leave stale backlinks behind. It is filled an episode at a time (`add`): the
notes of one video are parsed together, their facts kept in compact form, and
the parsed notes dropped, so a large site is never held in memory as parsed
notes. It knows nothing about MkDocs: the plugin hands it notes and a function
that gives a generated page its URL.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..core.index import SiteIndex
from ..core.mentions import collect
from ..core.model import Note
from ..core.times import AnchorTime, analyse
from ..core.timestamps import DEFAULT_END
from . import render
from .backlinks import Mentions, MentionStore, Record
from .plan import PagePlan, Reading, by_start
from .rewrite import LinkResolver, Slugify, body_offset, default_heading_id

_RESERVED = {"index", "readme"}
_MAX_SLUG = 80


@dataclass(frozen=True)
class Layout:
    """Where generated pages go, as folders of the site, and which are made."""

    topics: str = "topics"
    sources: str = "sources"
    episodes: str = "episodes"
    dangling: str = "topic"  # "topic": a page per missing target; "warn": none
    episode_pages: bool = True


@dataclass(frozen=True)
class Generated:
    """A page this build generates: what it is about and where it lives."""

    kind: str  # topic, source, episode, or "<kind>-index"
    key: str  # topic key, videoId, or the kind for an index page
    src_uri: str
    title: str


def page_slug(key: str) -> str:
    """A file-name-safe slug for a topic key; long keys are cut and made unique by a hash."""
    slug = key.replace("/", "_").strip("._") or "topic"
    if len(slug) > _MAX_SLUG:
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug[:_MAX_SLUG].rstrip('_')}_{digest}"
    if slug.lower() in _RESERVED:
        slug += "_topic"
    return slug


def display_name(target: str) -> str:
    """`impact_of_ai_on_product_management` -> `Impact of ai on product management`."""
    text = " ".join(target.replace("_", " ").split())
    return text[:1].upper() + text[1:] if text[:1].islower() else text


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """What the site keeps of one note once it is parsed."""

    path: str
    plan: PagePlan
    corrections: dict[str, tuple[int | None, int]]  # data-t -> (second, How) where not as written
    heading: str | None  # first `# heading`, for a note without a title
    stripped: bool  # MkDocs removes its front matter


@dataclass(frozen=True, slots=True)
class GroupFacts:
    """What one episode's notes contribute to the site: the same for the same notes and index."""

    notes: tuple[NoteFacts, ...]
    mentions: Mentions


@dataclass
class NoteSite:
    index: SiteIndex
    urls: dict[str, str]  # site path (and generated src_uri) -> URL
    resolver: LinkResolver
    source_prefixes: tuple[str, ...] = ("From:",)
    default_end: int = DEFAULT_END
    store: MentionStore = field(default_factory=MentionStore)
    plans: dict[str, PagePlan] = field(default_factory=dict)
    stripped: set[str] = field(default_factory=set)  # notes whose front matter MkDocs removes
    corrections: dict[str, dict[str, tuple[int | None, int]]] = field(default_factory=dict)  # path -> data-t -> (second, How)
    headings: dict[str, str] = field(default_factory=dict)  # path -> first `# heading`, for notes without a title
    generated: list[Generated] = field(default_factory=list)
    topic_urls: dict[str, str] = field(default_factory=dict)
    source_urls: dict[str, str] = field(default_factory=dict)
    episode_urls: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        index: SiteIndex,
        urls: dict[str, str],
        *,
        source_prefixes: tuple[str, ...] = ("From:",),
        heading_id: Slugify = default_heading_id,
        default_end: int = DEFAULT_END,
    ) -> NoteSite:
        topic_urls: dict[str, str] = {}
        source_urls: dict[str, str] = {}
        resolver = LinkResolver(index, urls, topic_urls, source_urls, tuple(source_prefixes), heading_id)
        return cls(index, urls, resolver, tuple(source_prefixes), default_end,
                   topic_urls=topic_urls, source_urls=source_urls)

    @property
    def notes(self) -> set[str]:
        return set(self.plans)

    def add(self, group: list[Note]) -> dict[str, list[AnchorTime]]:
        """Take in the notes of one episode (or one note without a video).

        Returns each note's analysed anchors, read with the whole episode, for
        callers that report on them; nothing of them is kept but the seconds.
        """
        facts, analysed = self.facts(group)
        self.take(facts)
        return analysed

    def facts(self, group: list[Note]) -> tuple[GroupFacts, dict[str, list[AnchorTime]]]:
        """What one episode's notes contribute, computed from them alone and the index."""
        readings: dict[str, Reading] = {}
        analysed: dict[str, list[AnchorTime]] = {}
        notes = []
        for note in group:
            times = analysed[note.path] = analyse(note, group, self.default_end)
            readings[note.path] = by_start(times)
            fixed = {t.anchor.data_t: (t.seconds, int(t.how)) for t in times if t.how and t.anchor.data_t}
            heading = None
            if not note.title:
                heading = next((h.text for h in note.headings if h.level == 1 and h.text), None)
            stripped = note.front.present and note.front.error is None
            plan = PagePlan(note, readings[note.path], body_offset(note, stripped), self.source_prefixes)
            notes.append(NoteFacts(note.path, plan, fixed, heading, stripped))
        # `collect` only asks `resolve()` of its index; the resolver answers it from a cache.
        found = collect(self.resolver, group)  # type: ignore[arg-type]
        mentions = self.store.records(found, {n.path: n for n in group}, readings, self.source_prefixes)
        return GroupFacts(tuple(notes), mentions), analysed

    def take(self, facts: GroupFacts) -> None:
        for note in facts.notes:
            if note.corrections:
                self.corrections[note.path] = note.corrections
            if note.heading:
                self.headings[note.path] = note.heading
            if note.stripped:
                self.stripped.add(note.path)
            self.plans[note.path] = note.plan
        self.store.take(facts.mentions)

    def finish(self, layout: Layout, url_for: Callable[[str], str], taken: Iterable[str]) -> None:
        """Plan the generated pages, once every note is in."""
        store = self.store
        store.done()
        used = set(taken)

        def plan(kind: str, key: str, folder: str, slug: str, title: str) -> str | None:
            src_uri = posixpath.join(folder, f"{slug}.md")
            if src_uri in used:
                return None
            used.add(src_uri)
            self.generated.append(Generated(kind, key, src_uri, title))
            self.urls[src_uri] = url_for(src_uri)
            return self.urls[src_uri]

        def plan_topics(kind: str, folder: str, keys: list[str], into: dict[str, str]) -> None:
            for key in keys:
                url = plan(kind, key, folder, page_slug(key), display_name(store.topic_names.get(key, key)))
                if url:
                    into[key] = url

        sources = sorted(k for k in store.to_topic if k in store.source_keys)
        plan_topics("source", layout.sources, sources, self.source_urls)
        if layout.dangling == "topic":
            plan_topics("topic", layout.topics, sorted(k for k in store.to_topic if k not in store.source_keys),
                        self.topic_urls)
        videos = self.videos()
        if layout.episode_pages:
            # A video with one note has that note as its page; a page groups two or more.
            for video in videos:
                if len(self.index.same_video(video)) > 1:
                    url = plan("episode", video, layout.episodes, video, "")
                    if url:
                        self.episode_urls[video] = url
        for kind, folder, found in (("topic", layout.topics, self.topic_urls), ("source", layout.sources, self.source_urls),
                                    ("episode", layout.episodes, videos if layout.episode_pages else ())):
            if found:
                plan(f"{kind}-index", kind, folder, "index", "")
        self.resolver.settle()

    # --- facts about notes -----------------------------------------------------------------

    def title(self, path: str) -> str:
        """As MkDocs titles a page: front matter, else the first `# heading`, else the file name."""
        page = self.index.pages.get(path)
        if page is not None and page.title:
            return page.title
        return self.headings.get(path) or display_name(posixpath.splitext(posixpath.basename(path))[0])

    def video(self, path: str) -> str | None:
        page = self.index.pages.get(path)
        return render.valid_video_id(page.video_id) if page else None

    def videos(self) -> list[str]:
        return sorted({v for v in (self.video(path) for path in self.plans) if v})

    def episode_title(self, video: str) -> str:
        """An episode is called by the title of its first note."""
        for page in sorted(self.index.same_video(video), key=lambda p: p.path):
            if page.title:
                return page.title
        return f"Episode {video}"

    def episode_url(self, video: str) -> str | None:
        """The episode's page, or its only note when it has one."""
        url = self.episode_urls.get(video)
        if url is None:
            pages = self.index.same_video(video)
            url = self.urls.get(pages[0].path) if len(pages) == 1 else None
        return url

    def moment(self, record: Record) -> str:
        """The timestamp link backing a mention, or '' when it has none."""
        if record.data_t is None:
            return ""
        return render.timestamp(render.Moment(record.label or record.data_t, record.data_t, self.video(record.source),
                                              record.seconds, record.how))

    def groups(self, records: Iterable[Record], from_url: str, relative: Callable[[str, str], str]) -> list[render.EpisodeGroup]:
        """Mentions grouped by the episode of the note they come from, in path order."""
        grouped: dict[str | None, list[render.MentionView]] = defaultdict(list)
        for record in sorted(records, key=lambda r: r.source):
            url = self.urls.get(record.source)
            if url is None:
                continue
            view = render.MentionView(relative(url, from_url), self.title(record.source), record.sentence,
                                      self.moment(record))
            grouped[self.video(record.source)].append(view)
        groups = []
        for video, views in grouped.items():
            if video is None:
                groups.append(render.EpisodeGroup("Other notes", None, tuple(views)))
                continue
            url = self.episode_url(video)
            groups.append(render.EpisodeGroup(self.episode_title(video), relative(url, from_url) if url else None,
                                              tuple(views)))
        return groups
