"""`SiteFiles`: which files make the site and the name each has in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_pmnotes.core.site_files import Root, SiteFiles, real_path


def _write(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: T\n---\nBody.\n", encoding="utf-8")


def test_notes_are_walked_sorted_folder_by_folder(tmp_path):
    _write(tmp_path, "b.md", "a.markdown", "z/c.md", "y/d.MD", "notes.txt", "y/x/e.md")
    files = SiteFiles.of([(tmp_path, "")]).walk()
    assert list(files) == ["a.markdown", "b.md", "y/d.MD", "y/x/e.md", "z/c.md"]
    assert files["y/x/e.md"] == os.path.join(str(tmp_path), "y", "x", "e.md")


def test_a_root_sits_under_its_prefix_whatever_its_slashes(tmp_path):
    _write(tmp_path / "docs", "a.md")
    _write(tmp_path / "seeds", "s.md", "deep/t.md")
    site = SiteFiles.of([(tmp_path / "docs", ""), (tmp_path / "seeds", "/library/")])
    assert site.roots == (Root(str(tmp_path / "docs"), ""), Root(str(tmp_path / "seeds"), "library"))
    assert list(site.walk()) == ["a.md", "library/s.md", "library/deep/t.md"]  # a folder's files, then its folders


def test_exclude_globs_match_the_path_below_the_root(tmp_path):
    _write(tmp_path, "keep.md", "drafts/wip.md", "a/drafts/wip.md", "a/kept.md")
    assert list(SiteFiles.of([(tmp_path, "")]).walk()) == ["keep.md", "a/kept.md", "a/drafts/wip.md", "drafts/wip.md"]
    # A glob matches from the right, as `PurePosixPath.match` does: any folder named drafts.
    assert list(SiteFiles.of([(tmp_path, "")], ["drafts/*.md"]).walk()) == ["keep.md", "a/kept.md"]
    assert list(SiteFiles.of([(tmp_path, "")], ["a/*.md"]).walk()) == ["keep.md", "a/drafts/wip.md", "drafts/wip.md"]
    # The prefix is not part of what a glob sees.
    assert list(SiteFiles.of([(tmp_path, "n")], ["n/*.md"]).walk()) == [
        "n/keep.md",
        "n/a/kept.md",
        "n/a/drafts/wip.md",
        "n/drafts/wip.md",
    ]
    assert list(SiteFiles.of([(tmp_path, "n")], ["*.md"]).walk()) == []


def test_hidden_folders_are_left_out_but_hidden_files_are_not(tmp_path):
    _write(tmp_path, ".obsidian/a.md", ".git/b.md", "x/.trash/c.md", ".dotted.md", "x/seen.md")
    assert list(SiteFiles.of([(tmp_path, "")]).walk()) == [".dotted.md", "x/seen.md"]


def test_the_first_root_to_name_a_file_wins(tmp_path):
    _write(tmp_path / "one", "same.md", "only_one.md")
    _write(tmp_path / "two", "same.md", "only_two.md")
    files = SiteFiles.of([(tmp_path / "one", ""), (tmp_path / "two", "")]).walk()
    assert list(files) == ["only_one.md", "same.md", "only_two.md"]
    assert files["same.md"] == str(tmp_path / "one" / "same.md")
    swapped = SiteFiles.of([(tmp_path / "two", ""), (tmp_path / "one", "")]).walk()
    assert swapped["same.md"] == str(tmp_path / "two" / "same.md")


def test_a_folder_that_is_not_there_is_no_root(tmp_path):
    _write(tmp_path / "docs", "a.md")
    (tmp_path / "file.md").write_text("x", encoding="utf-8")
    site = SiteFiles.of([(tmp_path / "missing", "m"), (tmp_path / "file.md", ""), (tmp_path / "docs", "")])
    assert site.roots == (Root(str(tmp_path / "docs"), ""),)
    assert list(site.walk()) == ["a.md"]
    assert SiteFiles().walk() == {}


def test_a_root_written_with_a_trailing_separator_names_its_files_the_same(tmp_path):
    _write(tmp_path, "f/a.md")
    assert list(SiteFiles.of([(str(tmp_path) + os.sep, "p")]).walk()) == ["p/f/a.md"]


def test_a_file_is_named_by_the_root_that_holds_it(tmp_path):
    _write(tmp_path / "docs", "a.md", "sub/b.md")
    _write(tmp_path / "seeds", "s.md")
    site = SiteFiles.of([(tmp_path / "docs", ""), (tmp_path / "seeds", "library")])
    assert site.name_of(tmp_path / "docs" / "sub" / "b.md") == "sub/b.md"
    assert site.name_of(str(tmp_path / "seeds" / "s.md")) == "library/s.md"
    # Named as it would be, whether or not it is there (a new file, a deleted one).
    assert site.name_of(tmp_path / "seeds" / "new" / "n.md") == "library/new/n.md"


def test_a_file_outside_every_root_has_no_name(tmp_path):
    _write(tmp_path / "docs", "a.md")
    _write(tmp_path, "docs_old/a.md", "elsewhere.md")
    site = SiteFiles.of([(tmp_path / "docs", "")])
    assert site.name_of(tmp_path / "elsewhere.md") is None
    assert site.name_of(tmp_path / "docs_old" / "a.md") is None  # a sibling folder sharing the root's name
    assert site.name_of(tmp_path / "docs") is None  # the root itself


def test_a_relative_path_is_named_from_the_working_folder(tmp_path, monkeypatch):
    _write(tmp_path / "docs", "a.md")
    monkeypatch.chdir(tmp_path)
    site = SiteFiles.of([(Path("docs"), "")])
    assert site.name_of(Path("docs/a.md")) == "a.md"
    assert site.name_of(tmp_path / "docs" / "a.md") == "a.md"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_names_see_through_symlinks_on_either_side(tmp_path):
    _write(tmp_path / "real", "a.md", "f/b.md")
    _write(tmp_path / "outside", "c.md")
    try:
        (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    except OSError:
        pytest.skip("symlinks are not allowed here")
    through_link = SiteFiles.of([(tmp_path / "linked", "n")])
    assert list(through_link.walk()) == ["n/a.md", "n/f/b.md"]
    # The root is a symlink: a file named by its real path is still below it.
    assert through_link.name_of(tmp_path / "real" / "f" / "b.md") == "n/f/b.md"
    plain = SiteFiles.of([(tmp_path / "real", "")])
    # A file reached through a symlinked folder is named by where it really is.
    assert plain.name_of(tmp_path / "linked" / "a.md") == "a.md"
    (tmp_path / "real" / "away.md").symlink_to(tmp_path / "outside" / "c.md")
    assert plain.name_of(tmp_path / "real" / "away.md") is None  # it really lives outside


def test_names_of_lists_every_root_that_holds_a_file(tmp_path):
    _write(tmp_path / "docs", "inner/a.md")
    site = SiteFiles.of([(tmp_path / "docs", ""), (tmp_path / "docs" / "inner", "mounted")])
    path = tmp_path / "docs" / "inner" / "a.md"
    assert list(site.names_of(path)) == ["inner/a.md", "mounted/a.md"]
    assert site.name_of(path) == "inner/a.md"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_resolving_folders_once_finds_what_realpath_finds(tmp_path, monkeypatch):
    _write(tmp_path / "real", "a.md", "deep/b.md")
    (tmp_path / "elsewhere.md").write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real" / "link.md").symlink_to(tmp_path / "elsewhere.md")
    (tmp_path / "real" / "loop.md").symlink_to(tmp_path / "real" / "loop.md")
    monkeypatch.chdir(tmp_path)
    paths = [
        "linked/a.md",
        "linked/deep/b.md",
        "linked/link.md",  # a link to a file outside: the file itself is resolved
        "linked/loop.md",
        "linked/missing.md",
        "linked/deep/../a.md",
        "linked/.",
        "a.md",
        str(tmp_path / "linked" / "deep" / "b.md"),
    ]
    folders: dict[str, str] = {}
    for path in paths * 2:  # the second time from the folders kept
        assert real_path(path, folders) == os.path.realpath(path), path
    assert folders  # kept, so the second pass did not resolve them again
    assert real_path("linked/link.md", folders) == str(tmp_path / "elsewhere.md")
