"""Generated pages: topics, sources, episodes and their indexes.

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

from . import markup
from .backlinks import Record
from .site import Generated, NoteSite

Relative = Callable[[str, str], str]

_INDEX_TITLES = {"topic-index": "Topics", "source-index": "Sources", "episode-index": "Episodes"}


def title_of(site: NoteSite, page: Generated) -> str:
    return _INDEX_TITLES.get(page.kind, page.title)


def page_markdown(site: NoteSite, page: Generated) -> str:
    """The source MkDocs builds for a generated page: title, heading, summary."""
    title = title_of(site, page)
    # JSON strings are valid YAML scalars, so any title survives the front matter.
    return (
        f"---\ntitle: {json.dumps(markup.esc(title))}\npmnotes_generated: {page.kind}\n---\n\n"
        f'<h1 class="pmn-generated pmn-{page.kind}">{markup.esc(title)}</h1>\n\n'
        f'<p class="pmn-summary">{_summary(site, page)}</p>\n'
    )


def page_body(site: NoteSite, page: Generated, relative: Relative) -> str:
    """The listing of a generated page, as HTML to append to its content."""
    url = site.urls[page.src_uri]
    preview = site.layout.previews
    if page.kind == "topic":
        mentions = site.store.to_topic.get(page.key, [])
        inner = markup.mention_groups(site.groups(mentions, url, relative, others=site.layout.other_pages), 2, preview)
        inner += _graph(site, url, relative, topic=page.key)
    elif page.kind == "source":
        inner = _source(site, page, url, relative)
    elif page.kind == "episode":
        inner = _episode(site, page.key, url, relative)
    else:
        inner = _index(site, page.key, url, relative)
    return f'<div class="pmn-generated-body">{inner}</div>'


def panel(site: NoteSite, path: str, url: str, relative: Relative, *, empty: bool = True) -> str:
    """The "Linked from" panel of a note; '' when nothing links to it and `empty` is off."""
    records = site.store.to_page.get(path, [])
    graph = _graph(site, url, relative, path=path) if site.is_note(path) else ""
    if not records and not empty:
        return graph
    return graph + markup.backlinks_panel(site.groups(records, url, relative), preview=site.layout.previews)


def _graph(
    site: NoteSite, url: str, relative: Relative, *, path: str | None = None, topic: str | None = None, limit: int = 24
) -> str:
    """The page, what it links to and what links to it, one hop away, weighted by links."""
    if not site.layout.graph:
        return ""
    nodes = [
        {"title": title, "href": relative(target, url), "kind": group, "dir": direction, "links": links}
        for title, target, group, direction, links in graph_nodes(site, path, topic)
        if target != url
    ]
    if not nodes:
        return ""
    nodes.sort(key=lambda n: (-n["links"], str(n["title"]).casefold()))
    me = site.titles.get(("topic", topic), topic) if topic is not None else site.title(path or "")
    return markup.graph(
        {
            "title": me,
            "kind": "topic" if topic is not None else "note",
            "nodes": nodes[:limit],
            "more": max(len(nodes) - limit, 0),
        }
    )


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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _count(site: NoteSite, mentions: list[Record]) -> str:
    """Mentions and the notes they come from; pages that are not notes are counted apart."""
    notes = {m.source for m in mentions if site.is_note(m.source)}
    others = {m.source for m in mentions} - notes
    shown = [m for m in mentions if m.source in notes]
    text = f"{_plural(len(shown), 'mention')} in {_plural(len(notes), 'note')}"
    if others and site.layout.other_pages:
        text += f", and {_plural(len(others), 'other page')}"
    return text


def _summary(site: NoteSite, page: Generated) -> str:
    if page.kind == "topic":
        return f"No note covers this topic yet. {_count(site, site.store.to_topic.get(page.key, []))}:"
    if page.kind == "source":
        return f"{_plural(len(site.store.sources_of(page.key)), 'note')} from this source:"
    if page.kind == "episode":
        moments = site.moments[page.key]
        notes = _plural(len(site.index.same_video(page.key)), "note")
        return f"{_plural(moments, 'moment')} from {notes}, in playing order. A timestamp plays its moment here."
    counts = {
        "topic-index": len(site.topic_urls),
        "source-index": len(site.source_urls),
        "episode-index": len(site.videos()),
    }
    word = {"topic-index": "topic", "source-index": "source", "episode-index": "episode"}[page.kind]
    return f"{_plural(counts[page.kind], word)}."


def _source(site: NoteSite, page: Generated, url: str, relative: Relative) -> str:
    rows = []
    for path in site.store.sources_of(page.key):
        video = site.video(path)
        extra = ""
        if video and video in site.episode_urls:
            extra = f" · {markup.link(relative(site.episode_urls[video], url), 'episode')}"
        rows.append((relative(site.urls[path], url), site.title(path), extra))
    return markup.note_list(rows)


def _episode(site: NoteSite, video: str, url: str, relative: Relative) -> str:
    """The episode's player, every claim of its notes in playing order, its topics, its notes."""
    preview = site.layout.previews
    items = []
    for claim in site.timeline(video):
        note = site.urls.get(claim.source)
        if note is None:
            continue
        href = relative(note, url)
        # The one timestamp renderer of the site, with the note's own reading of the anchor.
        moment = markup.timestamp(markup.Moment(claim.label, claim.data_t, video, claim.seconds, claim.how))
        section = f"{href}#{claim.heading_id}" if claim.heading_id else None
        items.append(markup.ClaimView(moment, claim.sentence, href, site.title(claim.source), section, claim.heading))
    pages = sorted(site.index.same_video(video), key=lambda p: p.path)
    counts: dict[tuple[str, str], int] = {}
    for page in pages:
        for node, links in site.outgoing.get(page.path, ()):
            counts[node] = counts.get(node, 0) + links
    topics = []
    for (kind, key), links in counts.items():
        if kind == "page":
            target, title, topic = site.urls.get(key), site.title(key), False
        else:
            target, title, topic = site.topic_urls.get(key), site.titles.get(("topic", key), key), True
        if target is not None:
            topics.append((relative(target, url), title, links, topic))
    topics.sort(key=lambda t: (-t[2], t[1].casefold()))
    rows = [(relative(site.urls[p.path], url), site.title(p.path), "") for p in pages if p.path in site.urls]
    parts = [markup.player(video), '<h2 id="timeline">Timeline</h2>', markup.timeline(items, preview)]
    if topics:
        parts += ['<h2 id="topics">Topics in this episode</h2>', markup.counted_links(topics, preview)]
    parts += ['<h2 id="notes">Notes</h2>', markup.note_list(rows, preview)]
    return "".join(parts)


def _index(site: NoteSite, kind: str, url: str, relative: Relative) -> str:
    rows: list[tuple[str, str, str]] = []
    titles = {(p.kind, p.key): p.title for p in site.generated}
    if kind == "topic":
        for key, target in site.topic_urls.items():
            mentions = site.store.to_topic.get(key, [])
            rows.append((relative(target, url), titles.get(("topic", key), key), f" ({_count(site, mentions)})"))
    elif kind == "source":
        for key, target in site.source_urls.items():
            notes = len(site.store.sources_of(key))
            rows.append((relative(target, url), titles.get(("source", key), key), f" ({_plural(notes, 'note')})"))
    else:
        for video in site.videos():
            target = site.episode_url(video)
            if target is not None:
                notes = len(site.index.same_video(video))
                rows.append((relative(target, url), site.episode_title(video), f" ({_plural(notes, 'note')})"))
    rows.sort(key=lambda row: row[1].casefold())
    return markup.note_list(rows, site.layout.previews)
