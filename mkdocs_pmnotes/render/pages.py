"""Generated pages: topics, sources, episodes, their indexes, and a home page for a site without one.

A generated page has two parts. Its Markdown (`page_markdown`) is a
front-matter title plus a short raw HTML block with the heading and a one-line
summary: that is what MkDocs converts and the search plugins index, so a
reader searching "pricing" finds the topic page. Its body (`page_body`), the
list of mentions, is added to the rendered page after search indexing, like the
backlinks panel: the quoted sentences are already indexed on their own notes.
Titles go into front matter already HTML-escaped, because themes print
`page.title` without escaping it. The heading, the summary and the listing are
siblings in the page, as Material's instant preview reads a page: the `h1` and
what follows it up to the next heading, so a topic's preview shows its mentions.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from . import listings, markup
from .backlinks import Record
from .claims import UNPLAYABLE
from .site import Generated, NoteSite
from .views import ClaimView, Count, CountedLink, IndexEntry, NoteLink, SourceSection

Relative = Callable[[str, str], str]

_INDEX_TITLES = {"topic-index": "Topics", "source-index": "Sources", "episode-index": "Episodes"}


def title_of(site: NoteSite, page: Generated) -> str:
    return _INDEX_TITLES.get(page.kind, page.title)


def page_markdown(site: NoteSite, page: Generated) -> str:
    """The source MkDocs builds for a generated page: title, heading, summary."""
    title = title_of(site, page)
    # JSON strings are valid YAML scalars, so any title survives the front matter.
    front = f"---\ntitle: {json.dumps(markup.esc(title))}\npmnotes_generated: {page.kind}\n---\n\n"
    heading = (site.layout.home or title) if page.kind == "home" else title  # the site's name heads its home
    return front + site.templates.render("heading", **_summary(site, page), kind=page.kind, title=heading) + "\n"


def page_body(site: NoteSite, page: Generated, relative: Relative) -> str:
    """The listing of a generated page, as HTML to append to its content."""
    url = site.urls[page.src_uri]
    preview = site.layout.previews
    render = site.templates.render
    if page.kind == "topic":
        mentions = site.store.to_topic.get(page.key, [])
        groups = site.groups(mentions, url, relative, others=site.layout.other_pages)
        return render("topic", groups=groups, graph=_graph(site, url, relative, topic=page.key), preview=preview)
    if page.kind == "source":
        return render("source", **_source(site, page, url, relative), preview=preview)
    if page.kind == "episode":
        return render("episode", **_episode(site, page.key, url, relative), preview=preview)
    if page.kind == "home":
        return render("home", **listings.home(site, url, relative), preview=preview)
    sections: list[SourceSection] = []
    if page.key == "episode":
        sections = listings.episode_sections(site, url, relative)
    entries = _index(site, page.key, url, relative, sections)
    return render("index", index=page.key, entries=entries, sections=sections, preview=preview)


def panel(site: NoteSite, path: str, url: str, relative: Relative, *, empty: bool = True) -> str:
    """The "Linked from" panel of a note; '' when nothing links to it and `empty` is off.

    Notes that link here only to name their source (`From: [[this page]]`, a channel's
    note) are listed once per episode, with how many they are, not quoted one by one.
    """
    records = site.store.to_page.get(path, [])
    graph = _graph(site, url, relative, path=path) if site.is_note(path) else ""
    if not records and not empty:
        return graph
    cited = [r.source for r in records if r.from_line and site.is_note(r.source)]
    if cited:
        records = [r for r in records if not (r.from_line and site.is_note(r.source))]
    groups = site.groups(records, url, relative)
    episodes = listings.episodes_of(site, cited, url, relative)
    count = sum(len(g.mentions) for g in groups) + len(cited)
    return graph + site.templates.render(
        "backlinks", groups=groups, episodes=episodes, count=count, preview=site.layout.previews
    )


def _graph(
    site: NoteSite, url: str, relative: Relative, *, path: str | None = None, topic: str | None = None, limit: int = 24
) -> str:
    """The page, what it links to and what links to it, one hop away, weighted by links."""
    if not site.layout.graph:
        return ""
    nodes: list[dict[str, str | int]] = [
        {"title": title, "href": relative(target, url), "kind": group, "dir": direction, "links": links}
        for title, target, group, direction, links in graph_nodes(site, path, topic)
        if target != url
    ]
    if not nodes:
        return ""
    nodes.sort(key=lambda n: (-int(n["links"]), str(n["title"]).casefold()))
    me = site.titles.get(("topic", topic), topic) if topic is not None else site.title(path or "")
    graph = {
        "title": me,
        "kind": "topic" if topic is not None else "note",
        "nodes": nodes[:limit],
        "more": max(len(nodes) - limit, 0),
    }
    return site.templates.render("graph", graph=graph, graph_json=json.dumps(graph, separators=(",", ":")))


def graph_nodes(site: NoteSite, path: str | None, topic: str | None) -> list[tuple[str, str, str, str, int]]:
    """(title, URL, kind, direction, links) of each neighbour the graph draws: all it shows of them.

    `--dirty` compares these between builds, so a page is drawn again when any of them changes.
    """
    nodes = []
    for kind, key, direction, links in site.neighbours(path, topic):
        if kind == "page":
            target, title = site.urls.get(key), site.title(key)
            group = "note" if site.is_note(key) else "page"
        else:
            source = key in site.source_urls
            target = site.source_urls.get(key) if source else site.topic_urls.get(key)
            title = site.titles.get(("source" if source else "topic", key), key)
            group = "topic"
        if target is not None:
            nodes.append((title, target, group, direction, links))
    return nodes


def _count(site: NoteSite, mentions: list[Record]) -> Count:
    """Mentions and the notes they come from; pages that are not notes are counted apart."""
    notes = {m.source for m in mentions if site.is_note(m.source)}
    others = {m.source for m in mentions} - notes
    shown = [m for m in mentions if m.source in notes]
    return Count(len(shown), len(notes), len(others) if site.layout.other_pages else 0)


def _summary(site: NoteSite, page: Generated) -> dict[str, object]:
    """What the heading template says of a generated page, by its kind."""
    if page.kind == "topic":
        return {"count": _count(site, site.store.to_topic.get(page.key, []))}
    if page.kind == "source":
        sources = site.store.sources_of(page.key)
        return {"notes": len(sources), "episodes": len(listings.by_episode(site, sources)[0])}
    if page.kind == "episode":
        return {"moments": site.moments[page.key], "notes": len(site.index.same_video(page.key))}
    if page.kind == "home":
        return {
            "notes": sum(1 for path in site.plans if site.is_note(path)),
            "episodes": len(site.videos()),
            "sources": len(set(listings.note_sources(site).values())),
        }
    counts = {
        "topic-index": len(site.topic_urls),
        "source-index": len(site.source_urls),
        "episode-index": len(site.videos()),
    }
    return {"total": counts[page.kind], "index": page.key}


def _source(site: NoteSite, page: Generated, url: str, relative: Relative) -> dict[str, object]:
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


def _episode(site: NoteSite, video: str, url: str, relative: Relative) -> dict[str, object]:
    """The episode's player, every claim of its notes in playing order, its topics, its notes."""
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
    for page in pages:
        for node, links in site.outgoing.get(page.path, ()):
            counts[node] = counts.get(node, 0) + links
    topics = []
    for (kind, key), links in counts.items():
        target: str | None
        if kind == "page":
            target, title, topic = site.urls.get(key), site.title(key), False
        else:
            target, title, topic = site.topic_urls.get(key), site.titles.get(("topic", key), key), True
        if target is not None:
            topics.append(CountedLink(relative(target, url), title, links, topic))
    topics.sort(key=lambda t: (-t.links, t.title.casefold()))
    notes = [NoteLink(relative(site.urls[p.path], url), site.title(p.path)) for p in pages if p.path in site.urls]
    player = site.templates.render("player", video=video)
    return {"player": player, "claims": claims, "apart": apart, "topics": topics, "notes": notes}


def _index(site: NoteSite, kind: str, url: str, relative: Relative, sections: list[SourceSection]) -> list[IndexEntry]:
    rows: list[IndexEntry] = []
    titles = {(p.kind, p.key): p.title for p in site.generated}
    if kind == "topic":
        for key, target in site.topic_urls.items():
            count = _count(site, site.store.to_topic.get(key, []))
            rows.append(IndexEntry(relative(target, url), titles.get(("topic", key), key), count.notes, count))
    elif kind == "source":
        for key, target in site.source_urls.items():
            notes = len(site.store.sources_of(key))
            rows.append(IndexEntry(relative(target, url), titles.get(("source", key), key), notes))
    else:  # as the sections list them: by source, newest first
        return [
            IndexEntry(episode.href, episode.title, episode.count)
            for section in sections
            for episode in section.episodes
            if episode.href is not None
        ]
    rows.sort(key=lambda row: row.title.casefold())
    return rows
