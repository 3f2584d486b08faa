"""Lint a set of files against the index of the whole site they belong to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.files import read_note, read_page, walk_notes
from ..core.index import SiteIndex
from .registry import selected
from .rule import Finding, LintContext
from .settings import Settings


@dataclass
class Site:
    """The notes a run knows about: site name (POSIX, root-relative) -> file."""

    files: dict[str, Path] = field(default_factory=dict)
    _names: dict[Path, str] | None = field(default=None, repr=False)

    @classmethod
    def from_roots(cls, roots: Sequence[Path], exclude: Sequence[str] = ()) -> Site:
        site = cls()
        for root in roots:
            if root.is_dir():
                for path in walk_notes(root, exclude):
                    site.files.setdefault(path.relative_to(root).as_posix(), path)
        return site

    def name_of(self, path: Path) -> str:
        """The site name of a file, adding it when it is outside every root."""
        if self._names is None:
            self._names = {known.resolve(): name for name, known in self.files.items()}
        resolved = path.resolve()
        if resolved in self._names:
            return self._names[resolved]
        name = path.as_posix()
        self.files[name] = path
        self._names[resolved] = name
        return name

    def index(self) -> SiteIndex:
        return SiteIndex.build(
            (read_page(path, name) for name, path in self.files.items()),
            load=lambda name: read_note(self.files[name], name)[1],
        )


@dataclass
class Result:
    findings: list[Finding]
    errors: list[str]  # "path: problem", for paths that are not notes at all


def lint(targets: Sequence[Path], site: Site, settings: Settings) -> Result:
    """Run the selected rules over `targets`, resolving links against `site`."""
    rules = [rule() for rule in selected(settings.select, settings.ignore)]
    names = [(path, site.name_of(path)) for path in targets]
    index = site.index()
    findings: list[Finding] = []
    errors: list[str] = []
    for path, name in names:
        source, note = read_note(path, name)
        if note is None:
            errors.append(f"{path}: {source.problem}")
            continue
        index.remember(note)
        ctx = LintContext(path.as_posix(), name, source, note, index, settings)
        for rule in rules:
            findings.extend(rule.check(ctx))
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    return Result(findings, errors)
