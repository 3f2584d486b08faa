"""The kinds of generated page, one class each: where its pages go, what they say, when they change.

As Material's blog has a `View` subclass per kind of page, a `PageKind` here says
everything the build needs of one kind: the plugin option naming its folder, which
pages it makes (`plan`, in the registry's order), their title, the one-line summary
that MkDocs converts and search indexes, the listing added after indexing (`values`
for the kind's template), and its change key: what the page shows, as a value that
differs whenever the rendered page would. `mkdocs serve` reuses a page's kept output
and `--dirty` leaves its file alone while the key is the same, so the key is written
here, beside the code whose output it stands for.

`KINDS` is the registry, in planning order (a page takes its URL first come, first
served). Adding a kind: a class and an entry here, and its two templates in
`templates/pmnotes/`; a kind with a folder of its own names its option here too
(`option`, `folder`, `about`), and the plugin's config makes the option from that.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import ClassVar

from . import listings, markup
from .claims import UNPLAYABLE
from .graph import graph, graph_key
from .site import Generated, Layout, NoteSite, display_name, page_slug
from .views import ClaimView, Count, CountedLink, IndexEntry, NoteLink, SourceSection

Relative = Callable[[str, str], str]
Shown = Callable[[str], tuple[object, ...]]  # what a listing shows of a note (`pages.Shown`)


class PageKind:
    """One kind of generated page; the class attributes are its fixed facts."""

    name: str  # written into the page's front matter (`pmnotes_generated`) and its CSS class
    option: ClassVar[str] = ""  # the plugin option naming its folder, if it has one of its own
    folder: ClassVar[str] = ""  # that option's default; also the folder of a kind without an option
    about: ClassVar[str] = ""  # that option's explanation, in the options table of the guide
    template: ClassVar[str]  # the template of its listing
    summary: ClassVar[str]  # the template of its one-line summary, which heading.html includes

    # Templates print the kind (`pmn-{{ kind }}`); a site's own heading.html may compare it
    # with its name (`kind == "topic"`), as when kinds were strings.
    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PageKind):
            return self.name == other.name
        return isinstance(other, str) and self.name == other

    def __hash__(self) -> int:
        return hash(self.name)

    def where(self, layout: Layout) -> str:
        """The site folder its pages go in."""
        return layout.folders.get(self.name, self.folder)

    def plan(self, site: NoteSite) -> Iterable[tuple[str, str, str]]:
        """(key, file name, title) of each page of this kind the site has."""
        raise NotImplementedError

    def title(self, page: Generated) -> str:
        return page.title

    def heading(self, site: NoteSite, page: Generated) -> str:
        return self.title(page)

    def summarised(self, site: NoteSite, page: Generated) -> dict[str, object]:
        """What the heading template says of the page (see heading.html)."""
        raise NotImplementedError

    def values(self, site: NoteSite, page: Generated, url: str, relative: Relative) -> dict[str, object]:
        """What the kind's template lists."""
        raise NotImplementedError

    def in_nav(self, *, indexes: bool, automatic: bool) -> bool:
        """Whether the page goes into the nav: `indexes` (`index_in_nav`), `automatic` (no `nav:`)."""
        return False

    def body(self, site: NoteSite, page: Generated, relative: Relative) -> str:
        """The listing, as HTML to append to the page's content."""
        url = site.urls[page.src_uri]
        values = self.values(site, page, url, relative)
        return site.templates.render(self.template, **values, kind=self, preview=site.layout.previews)

    def change_key(self, site: NoteSite, page: Generated, shown: Shown, relative: Relative) -> Hashable:
        """What the listing shows; by default the listing itself, rendered."""
        return self.body(site, page, relative)

    def written(self, site: NoteSite, page: Generated) -> None:
        """The page is written, under `mkdocs build`: let go of what no other page reads."""

    def made_by_title(
        self, site: NoteSite, url: str, relative: Relative, count: Callable[[str], tuple[int, Count | None]]
    ) -> list[IndexEntry]:
        """An index row per page of this kind the site made, by title: `count` gives its number and counts."""
        rows = []
        for key, target in site.made[self.name].items():
            number, counted = count(key)
            rows.append(IndexEntry(relative(target, url), site.titles.get((self.name, key), key), number, counted))
        rows.sort(key=lambda row: row.title.casefold())
        return rows


class Topic(PageKind):
    """A page per link target without a note: where it is mentioned, sentence and moment."""

    name = "topic"
    option = "topics_dir"
    about = "Site folder of the generated topic pages (one per missing target)."
    folder = "topics"
    template = "topic"
    summary = "topic-summary"
    plural = "Topics"

    def plan(self, site: NoteSite) -> Iterable[tuple[str, str, str]]:
        if site.layout.dangling != "topic":
            return
        store = site.store
        for key in sorted(k for k in store.to_topic if k not in store.source_keys):
            yield key, page_slug(key), store.topic_names.get(key) or display_name(key)

    def listed(self, site: NoteSite) -> bool:
        return bool(site.made[self.name])

    def summarised(self, site: NoteSite, page: Generated) -> dict[str, object]:
        return {"count": site.count(site.mentions_of(page.key))}

    def values(self, site: NoteSite, page: Generated, url: str, relative: Relative) -> dict[str, object]:
        mentions = site.mentions_of(page.key)
        groups = site.groups(mentions, url, relative, others=site.layout.other_pages)
        return {"groups": groups, "graph": graph(site, url, relative, topic=page.key)}

    def change_key(self, site: NoteSite, page: Generated, shown: Shown, relative: Relative) -> Hashable:
        # The most numerous generated pages: described by what they are made of, not rendered.
        records = site.mentions_of(page.key)
        notes = tuple(shown(source) for source in sorted({r.source for r in records}))
        return tuple(records), notes, graph_key(site, None, page.key)

    def written(self, site: NoteSite, page: Generated) -> None:
        site.release_topic(page.key)

    def entries(self, site: NoteSite, url: str, relative: Relative) -> tuple[list[IndexEntry], list[SourceSection]]:
        counts = site.summary().counts

        def counted(key: str) -> tuple[int, Count]:
            found = counts.get(key) or site.count(())
            return found.notes, found

        return self.made_by_title(site, url, relative, counted), []


class Source(PageKind):
    """A page per source named on `From:` lines without a note: its episodes and notes."""

    name = "source"
    option = "sources_dir"
    about = "Site folder of the generated source pages (`From: [[lennyspodcast]]`)."
    folder = "sources"
    template = "source"
    summary = "source-summary"
    plural = "Sources"

    def plan(self, site: NoteSite) -> Iterable[tuple[str, str, str]]:
        store = site.store
        for key in sorted(k for k in store.to_topic if k in store.source_keys):
            yield key, page_slug(key), store.topic_names.get(key) or display_name(key)

    def listed(self, site: NoteSite) -> bool:
        return bool(site.made[self.name])

    def summarised(self, site: NoteSite, page: Generated) -> dict[str, object]:
        sources = site.store.sources_of(page.key)
        return {"notes": len(sources), "episodes": len(listings.by_episode(site, sources)[0])}

    def values(self, site: NoteSite, page: Generated, url: str, relative: Relative) -> dict[str, object]:
        """The episodes of a source by title, each with its notes, and its pages without a video."""
        sources = site.store.sources_of(page.key)
        rows = []  # every note in one list, for a site's own template of before episodes were listed
        for path in sources:
            video = site.video(path)
            episode = None
            if video and video in site.episode_urls:
                episode = relative(site.episode_urls[video], url)
            rows.append(NoteLink(relative(site.urls[path], url), site.title(path), episode))
        _, others = listings.by_episode(site, sources)
        return {
            "episodes": listings.episodes_of(site, sources, url, relative, listed=True),
            "pages": listings.notes_of(site, others, url, relative),
            "notes": rows,
        }

    def entries(self, site: NoteSite, url: str, relative: Relative) -> tuple[list[IndexEntry], list[SourceSection]]:
        return self.made_by_title(site, url, relative, lambda key: (len(site.store.sources_of(key)), None)), []


class Episode(PageKind):
    """A page per video: every claim of its notes in playing order, its topics, its notes."""

    name = "episode"
    option = "episodes_dir"
    about = "Site folder of the generated episode pages (notes sharing a `videoId`)."
    folder = "episodes"
    template = "episode"
    summary = "episode-summary"
    plural = "Episodes"

    def plan(self, site: NoteSite) -> Iterable[tuple[str, str, str]]:
        if site.layout.episode_pages:
            # One timeline per video, a video with one note included: it is the way to the episode.
            for video in site.videos():
                yield video, video, site.episode_title(video)

    def listed(self, site: NoteSite) -> bool:
        return site.layout.episode_pages and bool(site.videos())

    def summarised(self, site: NoteSite, page: Generated) -> dict[str, object]:
        return {"moments": site.moments(page.key), "notes": len(site.index.same_video(page.key))}

    def values(self, site: NoteSite, page: Generated, url: str, relative: Relative) -> dict[str, object]:
        video = page.key
        claims: list[ClaimView] = []
        apart: list[ClaimView] = []
        for claim in site.timeline(video):
            note = site.urls.get(claim.source)
            if note is None:
                continue
            href = relative(note, url)
            # The one timestamp renderer of the site, with the note's own reading of the anchor.
            seconds = None if claim.seconds == UNPLAYABLE else claim.seconds
            moment = markup.timestamp(markup.Moment(claim.label, claim.data_t, video, seconds, claim.how))
            section = f"{href}#{claim.heading_id}" if claim.heading_id else None
            view = ClaimView(moment, claim.sentence, href, site.title(claim.source), section, claim.heading)
            (apart if seconds is None else claims).append(view)
        pages = sorted(site.index.same_video(video), key=lambda p: p.path)
        counts: dict[tuple[str, str], int] = {}
        for page_of in pages:
            for node, links in site.outgoing(page_of.path):
                counts[node] = counts.get(node, 0) + links
        topics = []
        for (kind, key), links in counts.items():
            target, title = _linked(site, kind, key)
            if target is not None:
                topics.append(CountedLink(relative(target, url), title, links, kind != "page"))
        topics.sort(key=lambda t: (-t.links, t.title.casefold()))
        notes = [NoteLink(relative(site.urls[p.path], url), site.title(p.path)) for p in pages if p.path in site.urls]
        player = site.templates.render("player", video=video)
        return {"player": player, "claims": claims, "apart": apart, "topics": topics, "notes": notes}

    def change_key(self, site: NoteSite, page: Generated, shown: Shown, relative: Relative) -> Hashable:
        # One per video, and rendering them all would cost seconds: described by what they show.
        notes = sorted(p.path for p in site.index.same_video(page.key))
        nodes = sorted({node for path in notes for node, _ in site.outgoing(path)})
        return (
            tuple(site.packed.get(page.key, ())),
            tuple(shown(path) for path in notes),
            tuple((path, site.outgoing(path)) for path in notes),
            tuple((kind, key, *_linked(site, kind, key)) for kind, key in nodes),
        )

    def written(self, site: NoteSite, page: Generated) -> None:
        site.release_episode(page.key)

    def entries(self, site: NoteSite, url: str, relative: Relative) -> tuple[list[IndexEntry], list[SourceSection]]:
        sections = listings.episode_sections(site, url, relative)
        # As the sections list them: by source, newest first.
        rows = [
            IndexEntry(episode.href, episode.title, episode.count)
            for section in sections
            for episode in section.episodes
            if episode.href is not None
        ]
        return rows, sections


Listed = Topic | Source | Episode


class Index(PageKind):
    """The index of one kind's pages, in that kind's folder."""

    template = "index"
    summary = "index-summary"

    def __init__(self, of: Listed) -> None:
        self.of = of
        self.name = f"{of.name}-index"

    def where(self, layout: Layout) -> str:
        return self.of.where(layout)

    def plan(self, site: NoteSite) -> Iterable[tuple[str, str, str]]:
        if self.of.listed(site):
            yield self.of.name, "index", ""

    def title(self, page: Generated) -> str:
        return self.of.plural

    def summarised(self, site: NoteSite, page: Generated) -> dict[str, object]:
        listed = len(site.videos()) if isinstance(self.of, Episode) else len(site.made[self.of.name])
        return {"total": listed, "index": self.of.name}

    def values(self, site: NoteSite, page: Generated, url: str, relative: Relative) -> dict[str, object]:
        entries, sections = self.of.entries(site, url, relative)
        return {"index": self.of.name, "entries": entries, "sections": sections}

    def in_nav(self, *, indexes: bool, automatic: bool) -> bool:
        return indexes


class Home(PageKind):
    """A home page, for a site without one: the sources, the newest episodes, the most-linked topics."""

    name = "home"
    template = "home"
    summary = "home-summary"

    def plan(self, site: NoteSite) -> Iterable[tuple[str, str, str]]:
        if site.layout.home is not None:
            yield "home", "index", "Home"

    def heading(self, site: NoteSite, page: Generated) -> str:
        return site.layout.home or self.title(page)  # the site's name heads its home

    def summarised(self, site: NoteSite, page: Generated) -> dict[str, object]:
        return {
            "notes": sum(1 for path in site.notes if site.is_note(path)),
            "episodes": len(site.videos()),
            "sources": len(set(listings.note_sources(site).values())),
        }

    def values(self, site: NoteSite, page: Generated, url: str, relative: Relative) -> dict[str, object]:
        indexes = {kind.of.name: site.made[kind.name].get(kind.of.name) for kind in INDEXES}
        return listings.home(site, url, relative, indexes)

    def in_nav(self, *, indexes: bool, automatic: bool) -> bool:
        return automatic  # first in the automatic nav, as an `index.md` is


TOPIC, SOURCE, EPISODE = Topic(), Source(), Episode()
INDEXES = (Index(TOPIC), Index(SOURCE), Index(EPISODE))
KINDS: tuple[PageKind, ...] = (SOURCE, TOPIC, EPISODE, *INDEXES, Home())


def _linked(site: NoteSite, kind: str, key: str) -> tuple[str | None, str]:
    """(URL, title) of a page or topic an episode's notes link to."""
    if kind == "page":
        return site.urls.get(key), site.title(key)
    return site.topic_urls.get(key), site.titles.get((TOPIC.name, key), key)
