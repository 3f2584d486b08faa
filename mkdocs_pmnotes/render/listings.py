"""Episodes listed by title, by source: for source pages, the Episodes index, the home page and panels.

A note names its source on its `From:` line (`From: [[lennyspodcast]]`); the site's
sources are what those lines point at: a page of the site (a channel's note) or,
for a target without a note, a generated source page. Lists of episodes are newest
first where the notes have a `date`, then by title (`titles.newest_first`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from .site import NoteSite, Source
from .titles import newest_first
from .views import CountedLink, EpisodeEntry, IndexEntry, NoteLink, SourceSection

Relative = Callable[[str, str], str]
HOME_EPISODES = 12  # episodes the home page lists; the Episodes index has them all
HOME_TOPICS = 16  # most-linked topics on the home page


def by_episode(site: NoteSite, paths: Iterable[str]) -> tuple[dict[str, list[str]], list[str]]:
    """The notes among `paths` by their video, and the pages without one, each in path order."""
    episodes: dict[str, list[str]] = defaultdict(list)
    others: list[str] = []
    for path in sorted(set(paths)):
        video = site.video(path)
        (episodes[video] if video else others).append(path)
    return episodes, others


def episode_entry(
    site: NoteSite, video: str, paths: list[str], url: str, relative: Relative, *, listed: bool = False
) -> EpisodeEntry:
    """An episode and `paths`, its notes the list stands for (listed by title too, with `listed`)."""
    target = site.episode_url(video)
    dates = [date for date in map(site.date, paths) if date]
    notes = notes_of(site, paths, url, relative) if listed else ()
    return EpisodeEntry(
        relative(target, url) if target else None,
        site.episode_title(video),
        len(paths),
        tuple(notes),
        max(dates) if dates else None,
    )


def notes_of(site: NoteSite, paths: Iterable[str], url: str, relative: Relative) -> list[NoteLink]:
    """Links to notes, newest first where dated, then by title."""
    by_title = sorted((p for p in paths if p in site.urls), key=lambda p: (site.title(p).casefold(), p))
    ordered = sorted(by_title, key=lambda p: site.date(p) or "", reverse=True)
    return [NoteLink(relative(site.urls[p], url), site.title(p)) for p in ordered]


def episodes_of(
    site: NoteSite, paths: Iterable[str], url: str, relative: Relative, *, listed: bool = False
) -> list[EpisodeEntry]:
    """The episodes of the notes at `paths`, newest first; pages without a video are left out."""
    episodes, _ = by_episode(site, paths)
    return newest_first(episode_entry(site, v, ps, url, relative, listed=listed) for v, ps in episodes.items())


def note_sources(site: NoteSite) -> dict[str, Source]:
    """Each page's source, as its `From:` line names it (the first, for a page with several)."""
    return site.summary().sources


def source_link(site: NoteSite, source: Source, url: str, relative: Relative) -> tuple[str | None, str]:
    """(href or None, title) of a source."""
    kind, key = source
    if kind == "page":
        target, title = site.urls.get(key), site.title(key)
    else:
        target = site.source_urls.get(key)
        title = site.titles.get(("source", key)) or site.store.topic_names.get(key, key)
    return (relative(target, url) if target else None), title


def episode_sections(site: NoteSite, url: str, relative: Relative) -> list[SourceSection]:
    """Every episode with a page, by source (by title), each source's newest first; those without a source last."""
    sources = note_sources(site)
    grouped: dict[Source | None, list[EpisodeEntry]] = defaultdict(list)
    for video in site.videos():
        if site.episode_url(video) is None:
            continue
        paths = sorted(p.path for p in site.index.same_video(video) if p.path in site.notes)
        source = next((sources[p] for p in paths if p in sources), None)
        grouped[source].append(episode_entry(site, video, paths, url, relative))
    sections = []
    for source, entries in grouped.items():
        if source is not None:
            href, title = source_link(site, source, url, relative)
            sections.append(SourceSection(href, title, tuple(newest_first(entries))))
    sections.sort(key=lambda section: (section.title.casefold(), section.title))
    if None in grouped:
        sections.append(SourceSection(None, "Other episodes", tuple(newest_first(grouped[None]))))
    return sections


def home(site: NoteSite, url: str, relative: Relative, indexes: dict[str, str | None]) -> dict[str, object]:
    """What a generated home page lists: the sources, the newest episodes, the most-linked topics.

    `indexes`: the URL of each index page ("topic", "episode"...), None where there is none.
    """
    sources = note_sources(site)
    counted: dict[Source, set[str]] = defaultdict(set)
    for path, source in sources.items():
        counted[source].add(path)
    rows = []
    for source, paths in counted.items():
        href, title = source_link(site, source, url, relative)
        if href is not None:
            rows.append(IndexEntry(href, title, len(paths), episodes=len(by_episode(site, paths)[0])))
    rows.sort(key=lambda row: (-row.notes, row.title.casefold(), row.title))
    episodes = [
        episode_entry(site, video, sorted(p.path for p in site.index.same_video(video)), url, relative)
        for video in site.videos()
        if site.episode_url(video) is not None
    ]
    topics = most_linked(site, url, relative)
    episodes_index, topics_index = indexes.get("episode"), indexes.get("topic")
    return {
        "sources": rows,
        "episodes": newest_first(episodes)[:HOME_EPISODES],
        "episode_total": len(episodes),
        "episodes_href": relative(episodes_index, url) if episodes_index else None,
        "topics": topics[:HOME_TOPICS],
        "topic_total": len(topics),
        "topics_href": relative(topics_index, url) if topics_index else None,
    }


def most_linked(site: NoteSite, url: str, relative: Relative) -> list[CountedLink]:
    """Pages and topic pages by how many notes link to them (a `From:` line aside), most first."""
    found = []
    for (kind, key), notes in site.summary().linked.items():
        target = site.urls.get(key) if kind == "page" else site.topic_urls.get(key)
        if target is None:
            continue
        title = site.title(key) if kind == "page" else site.titles.get(("topic", key), key)
        found.append(CountedLink(relative(target, url), title, notes, kind == "topic"))
    found.sort(key=lambda link: (-link.links, link.title.casefold(), link.title))
    return found
