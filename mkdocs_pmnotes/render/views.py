"""The values the templates of panels and generated pages are filled with.

Plain frozen records: a template reads their fields by name, so the names here are
the ones the styling guide documents for sites that override a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class MentionView:
    """One mention as the lists show it; `moment_html` is a rendered timestamp or ''."""

    href: str
    title: str
    sentence: str
    moment_html: str = ""


class NoteMentions(NamedTuple):
    """The mentions of one note in a row, under its title."""

    href: str
    title: str
    mentions: tuple[MentionView, ...]


@dataclass(frozen=True, slots=True)
class EpisodeGroup:
    """Mentions from the notes of one episode (or of notes with no video)."""

    title: str
    href: str | None
    mentions: tuple[MentionView, ...]

    @property
    def notes(self) -> list[NoteMentions]:
        """The mentions in runs of one note each, so each title is shown once, above its mentions."""
        runs: list[NoteMentions] = []
        run: list[MentionView] = []
        for item in self.mentions:
            if run and item.href != run[0].href:
                runs.append(NoteMentions(run[0].href, run[0].title, tuple(run)))
                run = []
            run.append(item)
        if run:
            runs.append(NoteMentions(run[0].href, run[0].title, tuple(run)))
        return runs


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One moment of a timeline: its rendered timestamp, the claim, where it is written."""

    moment_html: str
    sentence: str
    note_href: str
    note_title: str
    section_href: str | None = None
    section: str = ""


class Count(NamedTuple):
    """A topic's mentions, the notes they are in, and the other pages (0 when not listed)."""

    mentions: int
    notes: int
    others: int = 0


class NoteLink(NamedTuple):
    """A note in a list; `episode_href` leads to its episode page, on a source page."""

    href: str
    title: str
    episode_href: str | None = None


class CountedLink(NamedTuple):
    """A page an episode's notes link to, and how often; `topic` when it has no note."""

    href: str
    title: str
    links: int
    topic: bool


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A row of an index page: the page, its notes, and for a topic its counts (for a source, its episodes)."""

    href: str
    title: str
    notes: int
    count: Count | None = None
    episodes: int = 0


@dataclass(frozen=True, slots=True)
class EpisodeEntry:
    """An episode in a list, by its title: its page (None without one), how many of its notes
    the list stands for, those notes where they are listed, and the newest `date` among them."""

    href: str | None
    title: str
    count: int
    notes: tuple[NoteLink, ...] = ()
    date: str | None = None


@dataclass(frozen=True, slots=True)
class SourceSection:
    """A source and its episodes, newest first: a section of the Episodes index."""

    href: str | None
    title: str
    episodes: tuple[EpisodeEntry, ...]
