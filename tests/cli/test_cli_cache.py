"""The lint cache: a warm run reads only what changed, and never reports what a cold run would not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import note

from mkdocs_pmnotes.lint import checker, linter, site
from mkdocs_pmnotes.lint.cache_seal import SEAL

# These check how the cache answers each note: no run prints a kept output instead (`test_cli_replay.py`).
pytestmark = pytest.mark.usefixtures("no_replay")

SITE = {
    "docs/a.md": note("See [[b#Intro]] and [[nowhere]].", "A"),
    "docs/b.md": note("# Other\n\nText with a mojibake â€“ dash.", "B", video="bbbbbbbbbbb"),
    "docs/c.md": note("Unrelated [[a]].", "C", video="ccccccccccc"),
}


@pytest.fixture
def reads(monkeypatch):
    """The site names the linter parsed and the files it opened for the index, this run."""
    seen = {"parsed": [], "indexed": []}
    parse, page = checker.parse_note, site.read_page
    for module in (checker, linter):
        monkeypatch.setattr(
            module, "parse_note", lambda text, name, *rest: seen["parsed"].append(name) or parse(text, name, *rest)
        )
    monkeypatch.setattr(
        site, "read_page", lambda path, name, *rest: seen["indexed"].append(name) or page(path, name, *rest)
    )

    def take():
        found = {k: sorted(v) for k, v in seen.items()}
        for v in seen.values():
            v.clear()
        return found

    return take


def _entries(path: Path) -> dict:
    """A cache file's entries, without the seal over the whole file (`cache_seal`)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop(SEAL, None)
    return data


def _age(root, seconds=10):
    """Make every note look written a while ago, as notes on disk usually are."""
    past = time.time() - seconds
    for path in root.rglob("*.md"):
        os.utime(path, (past, past))


def test_a_warm_run_reads_nothing_and_reports_the_same(project, run, reads):
    root = project(SITE)
    _age(root)
    cold = run("lint")
    assert reads()["parsed"] == ["a.md", "b.md", "c.md"]
    warm = run("lint")
    assert reads() == {"parsed": [], "indexed": []}
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)
    assert "PMN204" in cold.out and "PMN201" in cold.out and "PMN301" in cold.out
    assert run("lint", "--no-cache").out == cold.out


def test_one_changed_note_is_the_only_one_read_again(project, run, reads):
    root = project(SITE)
    _age(root)
    run("lint")
    reads()
    (root / "docs/c.md").write_text(note("Unrelated [[a]], now longer.", "C", video="ccccccccccc"), encoding="utf-8")
    warm = run("lint")
    assert reads() == {"parsed": ["c.md"], "indexed": ["c.md"]}
    assert warm.out == run("lint", "--no-cache").out


def test_a_new_heading_relints_the_notes_linking_to_it(project, run, reads):
    root = project(SITE)
    _age(root)
    assert "PMN204" in run("lint").out
    reads()
    (root / "docs/b.md").write_text(
        note("# Intro\n\nText with a mojibake â€“ dash.", "B", video="bbbbbbbbbbb"), encoding="utf-8"
    )
    warm = run("lint")
    assert "PMN204" not in warm.out
    assert reads()["parsed"] == ["a.md", "b.md"]  # c links to a without a heading: taken from the cache


def test_a_new_page_relints_every_note(project, run, reads):
    root = project(SITE)
    _age(root)
    assert "`nowhere` matches no page" in run("lint").out
    (root / "docs/nowhere.md").write_text(note("Now it exists.", "Nowhere", video="nnnnnnnnnnn"), encoding="utf-8")
    reads()
    warm = run("lint")
    assert "nowhere" not in warm.out
    assert reads()["parsed"] == ["a.md", "b.md", "c.md", "nowhere.md"]


def test_settings_are_part_of_the_key(project, run):
    root = project(SITE)
    _age(root)
    assert "PMN301" in run("lint").out
    (root / "pyproject.toml").write_text('[tool.pmnotes]\nignore = ["PMN301"]\n', encoding="utf-8")
    assert "PMN301" not in run("lint").out


def test_a_broken_cache_is_rebuilt_never_trusted(project, run):
    root = project(SITE)
    _age(root)
    cold = run("lint")
    folder = next((root / ".pmnotes_cache").glob("*/*"))
    files = sorted(folder.glob("*.json"))
    assert files and (root / ".pmnotes_cache/.gitignore").read_text(encoding="utf-8").endswith("*\n")
    garbage = [
        b"\x00\xff not json",
        b'{"a.md": [1, 2]}',
        b'{"a.md": ["x", [], [[1, 1, "PMN999", "n", "m", "error", null, null, null]]]}',
        b"[]",
    ]
    for i, path in enumerate(files):
        path.write_bytes(garbage[i % len(garbage)])
    (folder / "index.json").write_bytes(b"\x00 broken")
    assert run("lint").out == cold.out
    for path in folder.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # written afresh
    assert len(_entries(folder / "index.json")) == len(SITE)
    # An entry that names the right context but holds nonsense is dropped too: findings a format
    # makes again from the cache (JSON here), and the text the concise format prints as it is.
    expected = run("lint", "--no-cache", "--format", "json").out
    _rewrite(folder, "findings", lambda entry: entry.__setitem__(0, '[["one", 2, 3, 4, 5, 6, 7, 8, 9]]'))
    assert run("lint", "--format", "json").out == expected
    _rewrite(folder, "shown", lambda entry: entry.__setitem__(1, "docs/c.md:1:1: error PMN999 nonsense\n"))
    assert run("lint").out == cold.out


def _rewrite(folder, kind, change):
    """Apply `change` to every entry of the cache's `kind` files (`shown` or `findings`)."""
    paths = list(folder.glob(f"{kind}-*.json"))
    assert paths
    for path in paths:
        data = _entries(path)
        for entry in data.values():
            change(entry)
        path.write_text(json.dumps(data), encoding="utf-8")


def test_a_partly_broken_index_drops_only_the_bad_entries(project, run, reads):
    root = project(SITE)
    _age(root)
    cold = run("lint")
    index = next((root / ".pmnotes_cache").glob("*/*")) / "index.json"
    data = _entries(index)
    good = data["b.md"]
    entries = {name: json.loads(text) for name, (text, _) in data.items()}  # each kept as the text signed
    entries["a.md"][7] = ["a", None, "|"]  # a lookup key that is not a string
    entries["c.md"][1] = True  # a size that is not a number
    for name in ("a.md", "c.md"):
        data[name][0] = json.dumps(entries[name])
    index.write_text(json.dumps(data), encoding="utf-8")
    reads()
    assert run("lint").out == cold.out
    assert reads()["indexed"] == ["a.md", "c.md"]  # read again; b.md's sound entry is still used
    again = {name: json.loads(text) for name, (text, _) in _entries(index).items()}
    assert (
        again["b.md"] == json.loads(good[0]) and again["a.md"][7] != ["a", None, "|"] and again["c.md"][1] is not True
    )


def test_no_cache_and_cache_dir(project, run, tmp_path):
    root = project(SITE)
    run("lint", "--no-cache")
    assert not (root / ".pmnotes_cache").exists()
    run("lint", "--cache-dir", str(tmp_path / "elsewhere"))
    assert list((tmp_path / "elsewhere").glob("*/*/index.json")) and not (root / ".pmnotes_cache").exists()
    (root / "pyproject.toml").write_text('[tool.pmnotes]\ncache-dir = "build/lint-cache"\n', encoding="utf-8")
    run("lint")
    assert list((root / "build/lint-cache").glob("*/*/index.json"))
    (root / "pyproject.toml").write_text("[tool.pmnotes]\ncache-dir = 5\n", encoding="utf-8")
    assert run("lint").code == 2


@pytest.mark.slow
def test_runs_at_once_each_write_whole_files(project):
    root = project(
        {
            **SITE,
            **{
                f"docs/n{i}.md": note(
                    f"Note {i} on [[a]] and [[t{i}]].", f"N{i}", video="abcdefghij" + "kmnopqrs"[i % 8]
                )
                for i in range(40)
            },
        }
    )
    _age(root)
    command = [sys.executable, "-m", "mkdocs_pmnotes.cli", "lint"]
    expected = subprocess.run([*command, "--no-cache"], cwd=root, capture_output=True, text=True).stdout
    for _ in range(3):
        running = [subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True) for _ in range(4)]
        outputs = [p.communicate()[0] for p in running]
        assert outputs == [expected] * 4
    leftovers = [p.name for p in (root / ".pmnotes_cache").rglob("*.tmp")]
    assert not leftovers


@pytest.mark.parametrize("marker", [".gitignore", "CACHEDIR.TAG"])
def test_a_planted_link_among_the_markers_is_never_followed(project, run, tmp_path, marker):
    root = project(SITE)
    target = tmp_path / "outside" / "planted"
    target.parent.mkdir()
    (root / ".pmnotes_cache").mkdir()
    (root / ".pmnotes_cache" / marker).symlink_to(target)  # dangling: writing through it would create it
    expected = run("lint", "--no-cache")
    for _ in range(2):
        result = run("lint")
        assert (result.code, result.out, result.err) == (expected.code, expected.out, expected.err)
        assert "PMN201" in result.out
    assert not target.exists() and list(target.parent.iterdir()) == []
    assert (root / ".pmnotes_cache" / marker).is_symlink()
    assert list((root / ".pmnotes_cache").rglob("*.json")) == []  # a cache someone tampered with is left unwritten


def test_cache_folders_and_files_that_are_links_are_neither_read_nor_written_through(project, run, tmp_path):
    from mkdocs_pmnotes.lint import cache

    root = project(SITE)
    run("lint")
    folder = next((root / ".pmnotes_cache").glob("*/*"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.json").write_text("{}", encoding="utf-8")
    link = folder / "linked.json"
    link.symlink_to(elsewhere / "index.json")
    assert cache._read_bytes(link) is None
    # The folder of one version and settings, made a link to a folder outside: nothing is written there.
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.symlink_to(elsewhere)
    assert "PMN201" in run("lint").out
    assert sorted(p.name for p in elsewhere.iterdir()) == ["index.json"]
    assert (elsewhere / "index.json").read_text(encoding="utf-8") == "{}"
