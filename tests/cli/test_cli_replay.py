"""A run whose every input is unchanged prints what the last run printed, with its exit code.

Any change a run's output could depend on (a note's content or stat, a note added,
the files named, the working directory, `--unsafe-fixes`, the settings) means the
run is made again; so does a note changed just now, a run with an error line, or a
kept output that is not sealed with the user's key.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from cli_support import note

from mkdocs_pmnotes.lint import cache, replay, runner
from mkdocs_pmnotes.lint.cache_seal import SEAL, with_seal

SITE = {
    "docs/a.md": note("See [[b]] and [[nowhere]] at 06:33:00.", "A"),
    "docs/b.md": note("Text â€“ fine, back to [[a]].", "B"),
    "docs/sub/c.md": note("Nothing wrong here.", "C", "cccccccccc1"),
}


def _aged(root: Path) -> None:
    past = time.time() - 10
    for path in root.rglob("*.md"):
        os.utime(path, (past, past))


@pytest.fixture
def site(project) -> Path:
    root = project(SITE)
    _aged(root)
    return root


@pytest.fixture
def linted(monkeypatch) -> list[int]:
    """How many times the notes were linted (a replayed run lints none)."""
    calls: list[int] = []
    lint = runner.lint

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return lint(*args, **kwargs)

    monkeypatch.setattr("mkdocs_pmnotes.cli.lint", counting)
    return calls


def _kept(root: Path) -> Path:
    return next((root / ".pmnotes_cache").glob(f"*/*/{replay.FILE}"))


def test_an_unchanged_site_is_replayed_with_its_exit_code(site, run, linted):
    cold = run("lint", "--no-cache")
    assert cold.code == 1 and "PMN" in cold.out
    first = run("lint")
    assert (first.code, first.out) == (cold.code, cold.out) and len(linted) == 2
    again = run("lint")
    assert (again.code, again.out) == (cold.code, cold.out)
    assert len(linted) == 2  # printed as kept, nothing linted
    assert run("lint", "--exit-zero").code == 0
    assert len(linted) == 2


def test_without_the_kept_output_the_cache_still_answers_each_note(site, run, linted):
    cold = run("lint", "--no-cache")
    run("lint")
    _kept(site).unlink()
    assert run("lint").out == cold.out and len(linted) == 3


@pytest.mark.parametrize(
    "change",
    ["edit", "touch", "new note", "removed note", "other files", "unsafe fixes", "other folder", "settings"],
)
def test_any_change_makes_the_run_again(site, run, linted, change, monkeypatch):
    run("lint")
    args: list[str] = []
    a = site / "docs" / "a.md"
    if change == "edit":
        a.write_text(a.read_text(encoding="utf-8").replace("[[nowhere]]", "[[elsewhere]]"), encoding="utf-8")
        _aged(site)
    elif change == "touch":
        os.utime(a, (time.time() - 100, time.time() - 100))
    elif change == "new note":
        (site / "docs" / "d.md").write_text(note("Links to [[a]].", "D"), encoding="utf-8")
        _aged(site)
    elif change == "removed note":
        (site / "docs" / "b.md").unlink()
    elif change == "other files":
        args = ["docs/sub"]
    elif change == "unsafe fixes":
        args = ["--unsafe-fixes"]
    elif change == "other folder":
        monkeypatch.chdir(site / "docs")
        args = ["--config", str(site / "mkdocs.yml"), "--cache-dir", str(site / ".pmnotes_cache")]
    elif change == "settings":
        args = ["--ignore", "PMN104"]
    before = len(linted)
    warm = run("lint", *args)
    assert len(linted) == before + 1, change
    assert warm.out == run("lint", "--no-cache", *args).out, change


def test_a_note_changed_just_now_keeps_no_output(site, run, linted):
    (site / "docs" / "b.md").write_text(note("Changed [[a]].", "B"), encoding="utf-8")
    run("lint")
    assert not list((site / ".pmnotes_cache").glob(f"*/*/{replay.FILE}"))
    run("lint")
    assert len(linted) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_run_with_an_error_line_is_made_again(site, run, linted):
    os.mkfifo(site / "docs" / "x.md")
    first = run("lint")
    assert first.err == "docs/x.md: is a FIFO, not a regular file\n"
    second = run("lint")
    assert (first.code, first.out, first.err) == (second.code, second.out, second.err)
    assert len(linted) == 2


def test_a_file_named_that_is_not_there_is_no_replay(site, run, linted):
    run("lint")
    run("lint", "docs", "docs/gone.md")
    missing = run("lint", "docs", "docs/gone.md")
    assert missing.code == 1 and "docs/gone.md: no such file or directory" in missing.err
    assert len(linted) == 3


def test_a_kept_output_not_sealed_with_the_users_key_is_not_printed(site, run, linted, key_home):
    cold = run("lint", "--no-cache")
    run("lint")
    kept = _kept(site)
    data = json.loads(kept.read_bytes())
    assert SEAL in data and data["text"] == cold.out
    data.pop(SEAL)
    data["text"] = "All checks passed!\n"
    data["failing"] = False
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    kept.write_text(text, encoding="utf-8")  # no seal at all
    assert run("lint").out == cold.out
    # Sealed, but with another key.
    forger = cache.Cache(kept.parent.parent.parent, kept.parent.name, secret=b"k" * 32)
    assert forger.usable
    kept.write_text(with_seal(text, forger._seal(replay.FILE, text.encode())), encoding="utf-8")
    again = run("lint")
    assert (again.code, again.out) == (cold.code, cold.out)
    # Positive control: sealed with the user's own key, the same forged text is printed.
    key = (key_home / "pmnotes" / cache.KEY_FILE).read_bytes()
    owner = cache.Cache(kept.parent.parent.parent, kept.parent.name, secret=key)
    assert owner.usable
    kept.write_text(with_seal(text, owner._seal(replay.FILE, text.encode())), encoding="utf-8")
    assert run("lint").out == "All checks passed!\n"


def test_a_note_changed_while_the_run_lints_keeps_no_output(site, run, monkeypatch):
    lint = runner.lint

    def changing(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = lint(*args, **kwargs)
        b = site / "docs" / "b.md"
        b.write_text(b.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        os.utime(b, (time.time() - 50, time.time() - 50))
        return result

    monkeypatch.setattr("mkdocs_pmnotes.cli.lint", changing)
    run("lint")
    assert not list((site / ".pmnotes_cache").glob(f"*/*/{replay.FILE}"))
