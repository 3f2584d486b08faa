"""A warm run prints what a cold run prints, in every format, on real sites.

The concise format prints an unchanged note as the cache keeps it, text and all: no
finding is made again. Every other format (and `--quiet`, `--statistics`, colours) makes
the findings again from the cache. Either way the bytes and the exit code are a cold run's.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from test_parallel_lint import ROOT, generated, lint_in

from mkdocs_pmnotes.lint import cache_entries, checker, linter, replay

VARIANTS = {
    "concise": (),
    "unsafe fixes": ("--unsafe-fixes",),
    "quiet": ("--quiet",),
    "statistics": ("--statistics",),
    "colour": ("--color", "always"),
    "full": ("--format", "full"),
    "json": ("--format", "json"),
    "sarif": ("--format", "sarif"),
    "github": ("--format", "github"),
    "exit zero": ("--exit-zero",),
}


def _with_problems(folder: Path, notes: int) -> Path:
    """A generated site with the real problems planted (`benchmarks/generate.py --problems`)."""
    generated(folder.with_name(folder.name + "-unused"), 1)  # loads the generator
    sys.modules["pmnotes_benchmark_generate"].generate(folder, notes, 3, problems=True)
    return folder


def _aged(site: Path) -> Path:
    """Notes written a while ago, as notes on disk usually are (a note written just now is always read again)."""
    past = 1_600_000_000
    for path in site.rglob("*.md"):
        os.utime(path, (past, past))
    return site


@pytest.fixture
def made(monkeypatch):
    """How many notes were parsed and how many findings were made from the cache, this run."""
    seen = {"parsed": 0, "from cache": 0}
    parse, finding = checker.parse_note, cache_entries.finding_of

    def parse_note(*args):
        seen["parsed"] += 1
        return parse(*args)

    def cached_finding(*args):
        seen["from cache"] += 1
        return finding(*args)

    for module in (checker, linter):
        monkeypatch.setattr(module, "parse_note", parse_note)
    monkeypatch.setattr(cache_entries, "finding_of", cached_finding)

    def take() -> dict[str, int]:
        found = dict(seen)
        seen.update({"parsed": 0, "from cache": 0})
        return found

    return take


def same_warm_as_cold(site: Path, made, monkeypatch) -> None:
    """Every variant's output, warm, is the cold one's; concise is printed from the cache as kept,
    whole (`lint.replay`) or, when the run is not the last one again, note by note."""
    cold = {name: lint_in(site, "--no-cache", "--jobs", "1", *extra) for name, extra in VARIANTS.items()}
    assert cold["concise"][0] == 1 and "PMN" in cold["concise"][1]
    lint_in(site, "--jobs", "1")  # fills the cache
    made()
    for replays in (True, False):
        if not replays:
            monkeypatch.setattr(replay, "replayed", lambda cache, mark: None)
        for name, extra in VARIANTS.items():
            assert lint_in(site, "--jobs", "1", *extra) == cold[name], (name, replays)
            counts = made()
            assert counts["parsed"] == 0, name
            if name in ("concise", "unsafe fixes", "exit zero"):
                assert counts["from cache"] == 0, name  # printed as kept
            else:
                assert counts["from cache"] > 0, name  # made again, each checked


def test_the_seeds_warm_are_the_seeds_cold(tmp_path, made, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "seeds", site / "docs")
    (site / "mkdocs.yml").write_text("site_name: Seeds\nplugins:\n  - pmnotes\n", encoding="utf-8")
    same_warm_as_cold(_aged(site), made, monkeypatch)


def test_a_generated_site_with_problems_warm_is_the_same_cold(tmp_path, made, monkeypatch):
    site = _aged(_with_problems(tmp_path / "site", 120))
    same_warm_as_cold(site, made, monkeypatch)
    unsafe = lint_in(site, "--jobs", "1", "--unsafe-fixes")[1]
    assert "[-]" in lint_in(site, "--jobs", "1")[1] and "[-]" not in unsafe  # the spans that differ are applied
    # One note changed: only it is checked again, and the output is still a cold run's.
    note = next(iter(sorted((site / "docs").rglob("*.md"))))
    note.write_text(note.read_text(encoding="utf-8") + "\nNow on [[a page that is nowhere]].\n", encoding="utf-8")
    os.utime(note, (1_600_000_100, 1_600_000_100))
    cold = lint_in(site, "--no-cache", "--jobs", "1")
    made()
    assert lint_in(site, "--jobs", "1") == cold
    assert made()["parsed"] >= 1 and "a page that is nowhere" in cold[1]


@pytest.mark.slow  # the bombs among them take a while in every format
def test_the_hostile_fixtures_warm_are_the_same_cold(tmp_path, made):
    site = tmp_path / "hostile"
    shutil.copytree(ROOT / "tests" / "fixtures" / "hostile", site, symlinks=True)
    cold = lint_in(site, "--no-cache", "--jobs", "1")
    lint_in(site, "--jobs", "1")
    for name, extra in VARIANTS.items():
        assert lint_in(site, "--jobs", "1", *extra) == lint_in(site, "--no-cache", "--jobs", "1", *extra), name
    assert lint_in(site, "--jobs", "1") == cold
