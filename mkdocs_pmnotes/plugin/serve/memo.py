"""What `mkdocs serve` carries from one rebuild to the next, keyed by content.

A rebuild reads every note's bytes (cheap) and parses only the notes whose bytes
changed. An episode's facts (its pages' plans, mentions, report and lint findings)
are taken over from the previous build when its notes' bytes are the same and so
is everything else they were computed from: the index of the site (every page's
path, title, aliases, video and headings) and the options. Anything else makes
them computed again, so a result is never served that a fresh build would not
give. Each build makes a new memo holding only what it used: nothing grows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ...core.index import Page
from ...core.model import Heading
from ...render.site import GroupFacts
from ..report import Logged, NoteReport

Linked = tuple[str, str | None]  # a link's target and heading: a plain tuple the collector can forget


@dataclass(frozen=True, slots=True)
class Entry:
    """One note as the last build read it."""

    digest: bytes
    page: Page
    outline: tuple[Heading, ...] | None  # its headings, for `[[page#heading]]`; None: unreadable


@dataclass(frozen=True, slots=True)
class GroupResult:
    """Everything the build computed for one episode's notes."""

    facts: GroupFacts
    reports: tuple[tuple[str, NoteReport], ...]
    findings: tuple[tuple[str, tuple[Logged, ...]], ...]
    outgoing: tuple[tuple[str, tuple[Linked, ...]], ...]  # each note's links, for `--dirty`'s change keys
    replacements: tuple[tuple[str, str], ...]  # text handed to MkDocs instead of the file's


@dataclass
class Memo:
    options: str = ""  # what the options and settings were
    signature: str = ""  # what the index was
    entries: dict[str, Entry] = field(default_factory=dict)
    groups: dict[tuple[tuple[str, bytes], ...], GroupResult] = field(default_factory=dict)


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def index_signature(options: str, pages: dict[str, Page], headings: dict[str, tuple[tuple[int, str], ...]]) -> str:
    """A digest of what every link resolution and lint finding may depend on.

    The memo lives in one process, so Python's own hash of plain values will do.
    """
    return str(
        hash(
            (
                options,
                tuple(
                    (path, page.title, page.aliases, page.video_id, headings.get(path))
                    for path, page in sorted(pages.items())
                ),
            )
        )
    )
