"""The findings a rule makes past the linter's cap: one line says how many, in every format and from the cache."""

from __future__ import annotations

import json
import os
import time

import pytest
from cli_support import note

from mkdocs_pmnotes.lint import checker, linter


@pytest.fixture
def capped(project, monkeypatch):
    monkeypatch.setattr(linter, "MAX_FINDINGS_PER_RULE", 3)
    root = project({"docs/a.md": note("[[\n" * 10, "A"), "docs/b.md": note("[[\n" * 2, "B", video="bbbbbbbbbbb")})
    past = time.time() - 10
    for path in root.rglob("*.md"):
        os.utime(path, (past, past))
    return root


def test_the_summary_line_and_the_totals(capped, run):
    cold = run("lint")
    lines = cold.out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines if " PMN202 " in line] == [
        "docs/a.md:6:1:",
        "docs/a.md:7:1:",
        "docs/a.md:8:1:",
        "docs/a.md:9:1:",  # where the first finding not shown is
        "docs/b.md:6:1:",
        "docs/b.md:7:1:",  # each file has a cap of its own
    ]
    assert "docs/a.md:9:1: error PMN202 7 more PMN202 findings in this file are not shown" in lines
    assert lines[-1] == "Found 12 findings."
    assert cold.code == 1
    assert run("lint", "--statistics").out == "12\tPMN202\tmalformed-link\n"


def test_the_cache_gives_back_the_summary(capped, run, monkeypatch):
    cold = run("lint")
    for module in (checker, linter):
        monkeypatch.setattr(module, "parse_note", lambda *_: pytest.fail("parsed again: the cache was not used"))
    warm = run("lint")
    assert (warm.code, warm.out) == (cold.code, cold.out)
    assert run("lint", "--statistics").out == "12\tPMN202\tmalformed-link\n"  # the count comes from the cache too


def test_machine_formats_carry_the_summary_as_a_finding(capped, run):
    items = json.loads(run("lint", "--format", "json", "docs/a.md").out)
    assert [item["line"] for item in items] == [6, 7, 8, 9]
    assert items[-1]["code"] == "PMN202" and items[-1]["message"].startswith("7 more PMN202 findings")
    assert "fix" not in items[-1]
