"""A finding's data is part of it: kept whole by the cache, with its enums."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_pmnotes.core.settings import Settings
from mkdocs_pmnotes.lint.cache import Cache, settings_key
from mkdocs_pmnotes.lint.registry import RULES
from mkdocs_pmnotes.lint.rule import Finding
from mkdocs_pmnotes.lint.runner import Site, lint

from .conftest import materialise

CODES = [rule.code for rule in RULES]


@pytest.mark.parametrize("code", ["PMN104", "PMN203", "PMN303", "PMN305"])
def test_a_cached_finding_is_the_finding_with_its_data(code: str, tmp_path: Path) -> None:
    site = materialise(code, tmp_path)
    settings = Settings(select=[code])
    targets = [site.notes[name] for name in sorted(site.notes)]

    def run() -> list[Finding]:
        cache = Cache(tmp_path / "cache", settings_key(settings, CODES))
        return lint(targets, Site.from_roots([site.root]), settings, cache=cache).findings

    fresh, warm = run(), run()
    assert fresh and any(f.data for f in fresh)
    assert warm == fresh
    assert [(type(f.severity), f.fix and type(f.fix.applicability)) for f in warm] == [
        (type(f.severity), f.fix and type(f.fix.applicability)) for f in fresh
    ]
