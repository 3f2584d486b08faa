"""Generated pages: topics, sources, episodes and their indexes.

A generated page has two parts. Its Markdown (`page_markdown`) is a
front-matter title plus a short raw HTML block with the heading and a one-line
summary: that is what MkDocs converts and the search plugins index, so a
reader searching "pricing" finds the topic page. Its body (`page_body`), the
list of mentions, is added to the rendered page after search indexing, like the
backlinks panel: the quoted sentences are already indexed on their own notes.
Titles go into front matter already HTML-escaped, because themes print
`page.title` without escaping it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .backlinks import Record
from . import render
from .site import Generated, NoteSite

Relative = Callable[[str, str], str]

_INDEX_TITLES = {"topic-index": "Topics", "source-index": "Sources", "episode-index": "Episodes"}


def title_of(site: NoteSite, page: Generated) -> str:
    if page.kind == "episode":
        return site.episode_title(page.key)
    return _INDEX_TITLES.get(page.kind, page.title)


def page_markdown(site: NoteSite, page: Generated) -> str:
    """The source MkDocs builds for a generated page: title, heading, summary."""
    title = title_of(site, page)
    # JSON strings are valid YAML scalars, so any title survives the front matter.
    return (
        f"---\ntitle: {json.dumps(render.esc(title))}\npmnotes_generated: {page.kind}\n---\n\n"
        f'<div class="pmn-generated pmn-{page.kind}"><h1>{render.esc(title)}</h1>'
        f'<p class="pmn-summary">{_summary(site, page)}</p></div>\n'
    )


def page_body(site: NoteSite, page: Generated, relative: Relative) -> str:
    """The listing of a generated page, as HTML to append to its content."""
    url = site.urls[page.src_uri]
    if page.kind == "topic":
        mentions = site.store.to_topic.get(page.key, [])
        inner = render.mention_groups(site.groups(mentions, url, relative), level=2)
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
    if not records and not empty:
        return ""
    return render.backlinks_panel(site.groups(records, url, relative))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _count(mentions: list[Record]) -> str:
    return f"{_plural(len(mentions), 'mention')} in {_plural(len({m.source for m in mentions}), 'note')}"


def _summary(site: NoteSite, page: Generated) -> str:
    if page.kind == "topic":
        return f"No note covers this topic yet. {_count(site.store.to_topic.get(page.key, []))}:"
    if page.kind == "source":
        return f"{_plural(len(site.store.sources_of(page.key)), 'note')} from this source:"
    if page.kind == "episode":
        start = render.timestamp(render.Moment("00:00:00", "00:00:00", page.key, 0))
        return f"{_plural(len(site.index.same_video(page.key)), 'note')} on this episode. Watch from the start: {start}"
    counts = {"topic-index": len(site.topic_urls), "source-index": len(site.source_urls),
              "episode-index": len(site.videos())}
    word = {"topic-index": "topic", "source-index": "source", "episode-index": "episode"}[page.kind]
    return f"{_plural(counts[page.kind], word)}."


def _source(site: NoteSite, page: Generated, url: str, relative: Relative) -> str:
    rows = []
    for path in site.store.sources_of(page.key):
        video = site.video(path)
        extra = ""
        if video and video in site.episode_urls:
            extra = f" · {render.link(relative(site.episode_urls[video], url), 'episode')}"
        rows.append((relative(site.urls[path], url), site.title(path), extra))
    return render.note_list(rows)


def _episode(site: NoteSite, video: str, url: str, relative: Relative) -> str:
    pages = sorted(site.index.same_video(video), key=lambda p: p.path)
    rows = [(relative(site.urls[p.path], url), site.title(p.path), "") for p in pages if p.path in site.urls]
    return render.player(video) + render.note_list(rows)


def _index(site: NoteSite, kind: str, url: str, relative: Relative) -> str:
    rows: list[tuple[str, str, str]] = []
    titles = {(p.kind, p.key): p.title for p in site.generated}
    if kind == "topic":
        for key, target in site.topic_urls.items():
            mentions = site.store.to_topic.get(key, [])
            rows.append((relative(target, url), titles.get(("topic", key), key), f" ({_count(mentions)})"))
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
    return render.note_list(rows)
