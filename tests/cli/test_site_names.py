"""The linter's `Site`: the notes of its roots, and the name a linted file has in the site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_pmnotes.lint.site import Site


def _write(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Body.\n", encoding="utf-8")


def test_the_site_holds_every_root_under_its_prefix(tmp_path):
    _write(tmp_path / "docs", "a.md", "drafts/wip.md")
    _write(tmp_path / "seeds", "s.md", "a.md")
    site = Site.from_roots(
        [tmp_path / "docs", tmp_path / "seeds", tmp_path / "missing"],
        ["drafts/*"],
        {tmp_path / "seeds": "/library/"},
    )
    assert list(site.files) == ["a.md", "library/a.md", "library/s.md"]
    assert site.files["library/s.md"] == str(tmp_path / "seeds" / "s.md")


def test_a_file_below_a_root_is_named_as_the_site_names_it(tmp_path):
    _write(tmp_path / "docs", "a.md", "f/b.md")
    _write(tmp_path / "seeds", "s.md")
    site = Site.from_roots([tmp_path / "docs", tmp_path / "seeds"], (), {tmp_path / "seeds": "library"})
    assert site.name_of(tmp_path / "docs" / "f" / "b.md") == "f/b.md"
    assert site.name_of(tmp_path / "seeds" / "s.md") == "library/s.md"
    assert len(site.files) == 3  # nothing added


def test_a_file_outside_every_root_is_named_by_its_posix_path_and_added(tmp_path, monkeypatch):
    _write(tmp_path / "docs", "a.md")
    _write(tmp_path, "loose.md")
    monkeypatch.chdir(tmp_path)
    site = Site.from_roots([tmp_path / "docs"])
    assert site.name_of(Path("loose.md")) == "loose.md"
    assert site.files["loose.md"] == Path("loose.md")
    assert site.name_of(Path("./loose.md")) == "loose.md"  # the same file, found again by its real path


def test_a_file_a_root_leaves_out_is_named_by_its_path(tmp_path):
    _write(tmp_path / "docs", "a.md", "drafts/wip.md", ".obsidian/h.md")
    site = Site.from_roots([tmp_path / "docs"], ["drafts/*"])
    wip = tmp_path / "docs" / "drafts" / "wip.md"
    hidden = tmp_path / "docs" / ".obsidian" / "h.md"
    assert site.name_of(wip) == wip.as_posix()
    assert site.name_of(hidden) == hidden.as_posix()


def test_a_later_root_names_a_file_the_first_one_leaves_out(tmp_path):
    """Roots may nest: the name is the first root's that the site knows the file by."""
    _write(tmp_path / "docs", "inner/a.md")
    site = Site.from_roots(
        [tmp_path / "docs", tmp_path / "docs" / "inner"], ["inner/*"], {tmp_path / "docs" / "inner": "n"}
    )
    assert list(site.files) == ["n/a.md"]
    assert site.name_of(tmp_path / "docs" / "inner" / "a.md") == "n/a.md"


def test_a_file_linked_into_a_root_is_named_by_its_link(tmp_path):
    _write(tmp_path / "docs", "a.md")
    _write(tmp_path / "elsewhere", "real.md")
    try:
        os.symlink(tmp_path / "elsewhere" / "real.md", tmp_path / "docs" / "linked.md")
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not allowed here")
    site = Site.from_roots([tmp_path / "docs"])
    assert site.name_of(tmp_path / "elsewhere" / "real.md") == "linked.md"
    assert site.name_of(tmp_path / "docs" / "linked.md") == "linked.md"
