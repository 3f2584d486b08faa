"""Generated pages and panels as MkDocs receives them, and their change keys.

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
What each kind of page says is its `kinds.PageKind`.

A change key (`page_key`, `note_key`) is what a page shows, as a value compared
within one `mkdocs serve`: the same key, the same page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable

from . import listings, markup
from .graph import graph, graph_key
from .kinds import PageKind
from .site import Generated, NoteSite

Relative = Callable[[str, str], str]
Linked = tuple[str, str | None]  # a link's target and heading, as written


def kind_of(page: Generated) -> PageKind:
    assert isinstance(page.kind, PageKind)
    return page.kind


def title_of(page: Generated) -> str:
    return kind_of(page).title(page)


def page_markdown(site: NoteSite, page: Generated) -> str:
    """The source MkDocs builds for a generated page: title, heading, summary."""
    kind = kind_of(page)
    # JSON strings are valid YAML scalars, so any title survives the front matter.
    front = f"---\ntitle: {json.dumps(markup.esc(kind.title(page)))}\npmnotes_generated: {kind.name}\n---\n\n"
    values = kind.summarised(site, page)
    return front + site.templates.render("heading", **values, kind=kind, title=kind.heading(site, page)) + "\n"


def page_body(site: NoteSite, page: Generated, relative: Relative) -> str:
    """The listing of a generated page, as HTML to append to its content."""
    return kind_of(page).body(site, page, relative)


def panel(site: NoteSite, path: str, url: str, relative: Relative, *, empty: bool = True) -> str:
    """The "Linked from" panel of a note; '' when nothing links to it and `empty` is off.

    Notes that link here only to name their source (`From: [[this page]]`, a channel's
    note) are listed once per episode, with how many they are, not quoted one by one.
    """
    records = site.mentioning(path)
    drawn = graph(site, url, relative, path=path) if site.is_note(path) else ""
    if not records and not empty:
        return drawn
    cited = [r.source for r in records if r.from_line and site.is_note(r.source)]
    if cited:
        records = [r for r in records if not (r.from_line and site.is_note(r.source))]
    groups = site.groups(records, url, relative)
    episodes = listings.episodes_of(site, cited, url, relative)
    count = sum(len(g.mentions) for g in groups) + len(cited)
    return drawn + site.templates.render(
        "backlinks", groups=groups, episodes=episodes, count=count, preview=site.layout.previews
    )


class Shown:
    """What a listing shows of the note a mention comes from, worked out once per build."""

    def __init__(self, site: NoteSite) -> None:
        self.site = site
        self._known: dict[str, tuple[object, ...]] = {}

    def __call__(self, source: str) -> tuple[object, ...]:
        known = self._known.get(source)
        if known is None:
            site = self.site
            video = site.video(source)
            known = self._known[source] = (
                source,
                site.urls.get(source),
                site.title(source),
                site.date(source),
                video,
                video and site.episode_url(video),
                video and site.episode_title(video),
            )
        return known


def page_key(site: NoteSite, page: Generated, shown: Shown, relative: Relative) -> Hashable:
    """The change key of a generated page's listing (its Markdown is compared as written)."""
    return kind_of(page).change_key(site, page, shown, relative)


def note_key(site: NoteSite, path: str, outgoing: tuple[Linked, ...], shown: Shown, *, backlinks: bool) -> Hashable:
    """What a note's page shows that other notes decide: its panel, its links' targets, its seconds.

    The panel is described by what it is made of (each mention, and what it shows of the
    note it comes from) rather than rendered, which would cost a rebuild as much as
    rendering every panel.
    """
    panel: list[object] = []
    if backlinks:
        records = site.mentioning(path)
        panel.extend(records)
        panel.extend(shown(source) for source in sorted({r.source for r in records}))
    targets = []
    for target, heading in outgoing:
        found = site.resolver.find(target, heading, path)
        targets.append((found.kind, found.url, found.fragment))
    return (
        site.urls.get(path, ""),
        tuple(panel),
        site.episode_link(path),
        tuple(targets),
        tuple(sorted(site.corrections(path).items())),
        graph_key(site, path, None),
    )
