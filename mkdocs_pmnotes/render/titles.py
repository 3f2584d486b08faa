"""What the site calls each episode, and the order episodes are listed in.

An episode is named, the first that applies:

1. by an `episode:` key in its notes' front matter;
2. by the text of a Markdown link to its video anywhere in the site, such as a
   channel's note listing its episodes as `### [Title](https://www.youtube.com/watch?v=...)`
   (`core.episodes` says which links are titles); the first in path order, so a build
   names it the same whichever notes it read first;
3. by its video and its notes' source: "Episode <videoId> (<source>)".

Never after one of its notes: the episode page would share that note's title in search
results. The names are gathered from each episode's facts as the site takes them in,
never worked out from the episode's own notes alone: under `mkdocs serve` an episode
whose notes did not change is taken over, and its title may come from another note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar


@dataclass
class EpisodeNames:
    """Every name the site has for its episodes, by video."""

    named: dict[str, str] = field(default_factory=dict)  # video -> `episode` front matter
    linked: dict[str, tuple[str, str]] = field(default_factory=dict)  # video -> (path, title) of its first link
    sources: dict[str, str] = field(default_factory=dict)  # video -> its notes' `From:` target, as written

    def take(
        self,
        named: Iterable[tuple[str, str]],
        linked: Iterable[tuple[str, str, str]],
        sources: Iterable[tuple[str, str]],
    ) -> None:
        """Keep one episode's names (`named`, `sources`) and the titled links of its notes, (path, video, title)."""
        self.named.update(named)
        self.sources.update(sources)
        for path, video, title in linked:
            known = self.linked.get(video)
            if known is None or path < known[0]:
                self.linked[video] = (path, title)

    def title(self, video: str) -> str:
        named = self.named.get(video)
        if named:
            return named
        linked = self.linked.get(video)
        if linked:
            return linked[1]
        source = self.sources.get(video)
        return f"Episode {video} ({source})" if source else f"Episode {video}"

    def is_made_up(self, video: str) -> bool:
        """Is the name this plugin's own ("Episode <videoId> ..."), not one the notes give?"""
        return video not in self.named and video not in self.linked


class Dated(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def date(self) -> str | None: ...


D = TypeVar("D", bound=Dated)


def newest_first(entries: Iterable[D]) -> list[D]:
    """Entries with a date newest first, then those without; each run by title."""
    by_title = sorted(entries, key=lambda entry: (entry.title.casefold(), entry.title))
    return sorted(by_title, key=lambda entry: entry.date or "", reverse=True)  # a stable sort keeps titles in order
