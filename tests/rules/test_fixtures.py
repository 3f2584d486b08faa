"""Every rule against its fixture: the findings are exactly the marked lines."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mkdocs_pmnotes.lint.registry import RULES

from .conftest import expectations, fixture_files, materialise

CODES = [rule.code for rule in RULES]


@pytest.mark.parametrize("code", CODES)
def test_every_rule_has_a_fixture_that_shows_it_firing_and_quiet(code: str) -> None:
    files = fixture_files(code)
    assert files, f"no fixture for {code}"
    marked = [e for f in files for e in expectations(f.name, f.read_text("utf-8"))]
    assert any(found == code for _, _, found in marked), f"{code}'s fixture never marks it firing"
    lines = sum(f.read_text("utf-8").count("\n") for f in files)
    assert lines > len({(f, line) for f, line, _ in marked}), "every line is marked: nothing shows it quiet"


@pytest.mark.parametrize("code", CODES)
def test_findings_are_exactly_the_marked_lines(code: str, tmp_path: Path) -> None:
    site = materialise(code, tmp_path)
    result = site.lint()
    assert result.errors == []
    expected = sorted(e for name in site.notes for e in expectations(name, site.text(name)))
    by_name = {path.as_posix(): name for name, path in site.notes.items()}
    found = sorted((by_name[f.path], f.line, f.code) for f in result.findings)
    assert found == expected


@pytest.mark.parametrize("code", CODES)
def test_findings_carry_the_rule_identity(code: str, tmp_path: Path) -> None:
    rule = next(r for r in RULES if r.code == code)
    result = materialise(code, tmp_path).lint()
    mine = [f for f in result.findings if f.code == code]
    assert mine
    assert {(f.name, f.severity) for f in mine} == {(rule.name, rule.severity)}
    for finding in mine:
        assert finding.message and "\n" not in finding.message
        assert finding.line >= 1 and finding.column >= 1
        if finding.fix is not None:
            assert rule.fixable == ("safe" if finding.fix.safe else "unsafe")


def test_no_rule_reports_one_place_twice(tmp_path: Path) -> None:
    """Two findings of one rule on one line must be at different columns."""
    for code in CODES:
        result = materialise(code, tmp_path / code).lint()
        places = Counter((f.path, f.line, f.column, f.code) for f in result.findings)
        assert [place for place, count in places.items() if count > 1] == []
