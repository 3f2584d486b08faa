"""A rule's `scope` is what it needs: one of the note alone finds the same without the site.

The editor shows a note's findings of "note" rules before the site is indexed, when
no other page is known; a rule that said "note" and read the site would show wrong
findings then. So each rule's fixture site is linted twice, as the server lints an open
note: with no page known, and with every page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_pmnotes.lint.api import BY_CODE, RULES, lint_text
from mkdocs_pmnotes.server.diagnostics import is_local
from mkdocs_pmnotes.server.workspace import Workspace

from .conftest import materialise

CODES = [rule.code for rule in RULES]


def _found(ws: Workspace, path: Path, codes: set[str]) -> list[tuple[int, int, str, str]]:
    name, shown = ws.name_for(path)
    text = path.read_bytes().decode("utf-8", "replace")
    _, findings = lint_text(ws.linter, shown, name, text)
    return sorted((f.line, f.column, f.code, f.message) for f in findings if f.code in codes)


@pytest.mark.parametrize("code", CODES)
def test_the_rules_of_the_note_alone_find_the_same_without_the_site(code: str, tmp_path: Path) -> None:
    site = materialise(code, tmp_path)
    alone = Workspace(site.root)  # not indexed: no page is known
    indexed = Workspace(site.root)
    indexed.install_pages(indexed.scan_pages())
    assert len(indexed.pages) > 1 and not alone.pages
    local = {rule.code for rule in RULES if rule.scope == "note"}
    for path in site.notes.values():
        assert _found(alone, path, local) == _found(indexed, path, local), path.name


def test_the_server_tells_the_scopes_apart_by_the_rules() -> None:
    assert {code for code in BY_CODE if is_local(code)} == {r.code for r in RULES if r.scope == "note"}
    assert is_local("PMN999")  # no such rule: nothing of the site to wait for
