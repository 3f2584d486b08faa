"""Each cache file is sealed as a whole: a warm run checks a file once, not each of its entries.

A file whose seal does not hold (edited, swapped for another shard, sealed with another
key) is still read, but then every entry it holds is checked on its own, as before.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from cli_support import note

from mkdocs_pmnotes.lint import cache
from mkdocs_pmnotes.lint.cache_seal import SEAL, unsealed, with_seal

# These check how the cache answers each note: no run prints a kept output instead (`test_cli_replay.py`).
pytestmark = pytest.mark.usefixtures("no_replay")

SITE = {f"docs/n{i}.md": note(f"Text â€“ {i}, see [[n{i + 1}]] and [[nowhere{i}]].", f"N{i}") for i in range(12)}


def _warm(project, run) -> tuple[Path, str]:
    root = project(SITE)
    past = time.time() - 10
    for path in root.rglob("*.md"):
        os.utime(path, (past, past))
    cold = run("lint", "--no-cache").out
    run("lint")
    return next((root / ".pmnotes_cache").glob("*/*")), cold


def _entry_checks(monkeypatch) -> list[str]:
    """The kinds of entry whose own signature a run checks."""
    checked: list[str] = []
    signed = cache.Cache._signed

    def counting(self, kind, name, parts, signature):  # type: ignore[no-untyped-def]
        checked.append(kind)
        return signed(self, kind, name, parts, signature)

    monkeypatch.setattr(cache.Cache, "_signed", counting)
    return checked


def test_a_warm_run_checks_no_entry_of_a_sealed_file(project, run, monkeypatch):
    folder, cold = _warm(project, run)
    files = sorted(folder.glob("*.json"))
    assert files and all(unsealed(p.read_bytes()) is not None for p in files)
    checked = _entry_checks(monkeypatch)
    assert run("lint").out == cold
    assert checked == []


def test_an_edited_file_is_checked_entry_by_entry(project, run, monkeypatch):
    folder, cold = _warm(project, run)
    shown = next(p for p in sorted(folder.glob("shown-*.json")))
    data = json.loads(shown.read_bytes())
    assert SEAL in data
    shown.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + " ", encoding="utf-8"
    )  # one byte more
    checked = _entry_checks(monkeypatch)
    assert run("lint").out == cold
    assert checked.count("shown") == len(data) - 1  # every note of that file, each on its own


def test_a_seal_made_for_another_file_does_not_hold(project, run, monkeypatch, key_home):
    folder, cold = _warm(project, run)
    shown = sorted(folder.glob("shown-*.json"))[0]
    data = json.loads(shown.read_bytes())
    data.pop(SEAL)
    name = next(iter(data))
    data[name][1] = "forged\n"  # its own signature no longer holds
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Sealed with the user's own key, but as another shard: the seal names its file.
    key = (key_home / "pmnotes" / cache.KEY_FILE).read_bytes()
    signer = cache.Cache(folder.parent.parent, folder.name, secret=key)
    assert signer.usable
    seal = signer._seal("shown-999.json", text.encode())
    shown.write_text(with_seal(text, seal), encoding="utf-8")
    checked = _entry_checks(monkeypatch)
    assert run("lint").out == cold
    assert "shown" in checked
    # Sealed as itself, the forged entry would be taken: the seal is what is trusted.
    shown.write_text(with_seal(text, signer._seal(shown.name, text.encode())), encoding="utf-8")
    assert "forged" in run("lint").out


def test_sealing_adds_one_last_member_and_finds_it_again():
    for text in ("{}", '{"a.md":["x","y"]}', '{"q":"say \\",\\"\\\\u0000seal\\":\\"0"}'):
        sealed = with_seal(text, "ab" * 16)
        assert json.loads(sealed)[SEAL] == "ab" * 16
        assert unsealed(sealed.encode()) == (text.encode(), "ab" * 16)
    assert unsealed(b'{"a.md":["x"]}') is None
    assert unsealed(b"") is None


def test_a_sealed_file_is_decoded_in_one_pass(project, run, monkeypatch):
    folder, cold = _warm(project, run)
    one_by_one: list[str] = []
    loads = cache.cache_entries.loads

    def counting(text):  # type: ignore[no-untyped-def]
        one_by_one.append(text)
        return loads(text)

    monkeypatch.setattr(cache.cache_entries, "loads", counting)
    assert run("lint").out == cold
    assert one_by_one == []
    # An edited index is read entry by entry, each checked on its own.
    index = folder / "index.json"
    index.write_bytes(index.read_bytes() + b" ")
    assert run("lint").out == cold
    assert len(one_by_one) == len(SITE)
