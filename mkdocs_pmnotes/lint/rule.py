"""What a lint rule is, what it reports, and what it may change."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Literal

from ..core.files import NoteFile
from ..core.index import Resolution, SiteIndex
from ..core.kinds import StrEnum
from ..core.model import Note, WikiLink
from ..core.parse import is_source_link
from ..core.settings import Settings
from ..core.settings import Severity as Severity  # re-exported: a rule names it with its other parts
from ..core.times import AnchorTime, analyse

SEVERITIES = tuple(Severity)

# What a rule needs to decide: the note alone, or other pages of the site (its index).
Scope = Literal["note", "site"]
# How a build's log reports the fact a rule finds, in its own words: a note it could not
# read as written ("problem"), a link to no page or to several ("dangling"), timestamps
# it corrected ("shifted").
BuildReport = Literal["problem", "dangling", "shifted"]
# What an editor offers for a finding beyond its fix and a pragma: a note for the target.
QuickFix = Literal["create-note"]

# What a finding's data field may hold: what JSON (and so the cache) keeps as it is.
Value = str | int | bool | tuple[str, ...] | None


class Applicability(StrEnum):
    """Whether `--fix` applies a fix on its own (safe), only with `--unsafe-fixes`, or there is none.

    `NONE` is false, as the `None` it replaces was, so `if rule.fixable:` still reads right.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    NONE = "none"

    def __bool__(self) -> bool:
        return self is not Applicability.NONE


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `text[start:end]` (offsets into the decoded note) with `replacement`."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    description: str
    applicability: Applicability = Applicability.SAFE

    @property
    def safe(self) -> bool:
        """Does `--fix` apply it without `--unsafe-fixes`?"""
        return self.applicability == Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    name: str
    message: str
    severity: Severity
    fix: Fix | None = None
    end_line: int | None = None
    end_column: int | None = None
    # The fields `message` was built from; not hashed, so a Finding stays hashable.
    data: Mapping[str, Value] = field(default_factory=dict, hash=False)


@dataclass
class LintContext:
    """Everything a rule may look at for one file."""

    path: str  # as shown to the user
    name: str  # the note's path in the site index
    source: NoteFile
    note: Note | None
    index: SiteIndex
    settings: Settings = field(default_factory=Settings)

    @cached_property
    def resolved(self) -> list[tuple[WikiLink, Resolution]]:
        """Each wiki link with what its target resolves to, resolved once for all rules.

        Source links (`From: [[lennyspodcast]]`) are left out: they name the
        podcast, which gets a source page, not a topic.
        """
        if self.note is None:
            return []
        prefixes = self.settings.source_prefixes
        return [
            (link, self.index.resolve(link.target, self.name))
            for link in self.note.links
            if not is_source_link(self.note, link, prefixes)
        ]

    @cached_property
    def times(self) -> list[AnchorTime]:
        """Every anchor's reading, with the evidence of the notes on its video."""
        if self.note is None:
            return []
        group = [self.note]
        if self.note.video_id:
            for page in self.index.same_video(self.note.video_id):
                other = self.index.note(page.path)
                if other is not None and other.path != self.note.path:
                    group.append(other)
        return analyse(self.note, group, self.settings.default_end)


class Rule:
    """Base of every rule. The subclass docstring is its explanation.

    A docstring has three parts, as in ruff's catalogue: what it does, why it
    matters, and an example.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[Applicability] = Applicability.NONE
    # Fixes decided once, from the notes as they were: a later fix round, which sees this
    # note fixed and its siblings not yet, would read the fixed values afresh.
    decided_once: ClassVar[bool] = False
    # "site": its findings need every page's names, so an editor shows them once the site is indexed.
    scope: ClassVar[Scope] = "note"
    build_report: ClassVar[BuildReport | None] = None  # None: the build log lists its findings as they are
    quick_fixes: ClassVar[tuple[QuickFix, ...]] = ()

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        raise NotImplementedError

    def message(self, *args: Any, **fields: Any) -> str:
        """The finding's text, built from the fields it carries as `data`.

        Each rule takes its fields as keyword-only arguments; this is the one
        place its wording lives, so a test can read the fields instead of
        parsing the text.
        """
        raise NotImplementedError

    def at(
        self, ctx: LintContext, start: int, *, end: int | None = None, fix: Fix | None = None, **data: Value
    ) -> Finding:
        """A finding at a text offset of the note, its message built from `data`."""
        assert ctx.note is not None
        line, column = ctx.note.position(start)
        end_line = end_column = None
        if end is not None:
            end_line, end_column = ctx.note.position(end)
        return self.at_line(ctx, line, column, end_line=end_line, end_column=end_column, fix=fix, **data)

    def at_line(
        self,
        ctx: LintContext,
        line: int,
        column: int,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
        fix: Fix | None = None,
        **data: Value,
    ) -> Finding:
        """A finding at a line and column. Fields given as None are left out of `data`."""
        fields = {key: value for key, value in data.items() if value is not None}
        message = self.message(**fields)
        return Finding(
            ctx.path, line, column, self.code, self.name, message, self.severity, fix, end_line, end_column, fields
        )
