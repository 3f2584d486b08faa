"""A server started again reads the names of only the notes that changed since the last run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lsprotocol import types

from mkdocs_pmnotes.server import page_cache
from mkdocs_pmnotes.server.scanner import read_pages

from .lsp_support import lsp, ready

HOUR = 3600 * 10**9


def _notes(root: Path, titles: dict[str, str], age_ns: int = HOUR) -> dict[str, str]:
    """Write the notes, dated `age_ns` ago (older than the racy window); site name -> file."""
    root.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, title in titles.items():
        path = root / name
        path.write_text(f"---\ntitle: {title}\n---\n", encoding="utf-8")
        then = page_cache.now() - age_ns
        os.utime(path, ns=(then, then))
        files[name] = str(path)
    return files


def test_what_is_kept_is_what_was_read(tmp_path):
    files = _notes(tmp_path / "site", {"a.md": "Alpha", "b.md": "Beta"})
    found = read_pages(files.items())
    cache = tmp_path / "cache" / "pages.json"
    page_cache.save(cache, files, found, page_cache.now())
    kept, unknown = page_cache.split(page_cache.load(cache), files)
    assert kept == found and unknown == []


def test_a_changed_note_is_read_again(tmp_path):
    files = _notes(tmp_path / "site", {"a.md": "Alpha", "b.md": "Beta"})
    cache = tmp_path / "pages.json"
    page_cache.save(cache, files, read_pages(files.items()), page_cache.now())
    Path(files["b.md"]).write_text("---\ntitle: Beta, edited\n---\n", encoding="utf-8")
    kept, unknown = page_cache.split(page_cache.load(cache), files)
    assert [page.title for page, *_ in kept] == ["Alpha"] and unknown == [("b.md", files["b.md"])]


def test_a_note_changed_just_before_it_was_read_is_not_kept(tmp_path):
    files = _notes(tmp_path / "site", {"a.md": "Alpha", "fresh.md": "Fresh"})
    now = page_cache.now()
    os.utime(files["fresh.md"], ns=(now, now))  # within the file system's clock resolution of the read
    cache = tmp_path / "pages.json"
    page_cache.save(cache, files, read_pages(files.items()), now)
    assert sorted(page_cache.load(cache)) == ["a.md"]


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b"[]", b'{"format": 0, "entries": {}}', b'{"format": 1, "version": "0", "entries": {}}'],
)
def test_an_unusable_cache_file_is_ignored(tmp_path, content):
    cache = tmp_path / "pages.json"
    cache.write_bytes(content)
    assert page_cache.load(cache) == {}


def test_an_entry_of_the_wrong_shape_is_read_again(tmp_path):
    files = _notes(tmp_path / "site", {"a.md": "Alpha"})
    status = os.stat(files["a.md"])
    entries = {"a.md": [files["a.md"], status.st_size, status.st_mtime_ns, ["not", "a title"], [], None, [], []]}
    assert page_cache.split(entries, files) == ([], [("a.md", files["a.md"])])


@lsp
async def test_a_second_start_takes_the_kept_names_of_unchanged_notes(server, tmp_path):
    root = tmp_path / "kept"
    files = _notes(root, {"a.md": "Alpha", "b.md": "Beta"})
    client = await server(root)
    await ready(client)
    # Same size and time: the next start does not open the file, so it keeps the old title.
    quiet = Path(files["a.md"])
    status = os.stat(quiet)
    quiet.write_text("---\ntitle: Alpho\n---\n", encoding="utf-8")
    os.utime(quiet, ns=(status.st_atime_ns, status.st_mtime_ns))
    Path(files["b.md"]).write_text("---\ntitle: Beta, edited\n---\n", encoding="utf-8")
    again = await server(root)
    await ready(again)
    found = await again.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert sorted(s.name for s in found) == ["Alpha", "Beta, edited"]


def test_the_cache_folder_keeps_the_sites_used_last(tmp_path):
    folder = tmp_path / "cache"
    files = _notes(tmp_path / "site", {"a.md": "Alpha"})
    found = read_pages(files.items())
    model = tmp_path / "pages-model.json"
    page_cache.save(model, files, found, page_cache.now())
    folder.mkdir()
    kept = [folder / f"pages-{n:02d}.json" for n in range(page_cache.KEEP + 3)]
    for age, path in enumerate(kept, start=1):  # the first used last
        path.write_bytes(model.read_bytes())
        then = page_cache.now() - age * HOUR
        os.utime(path, ns=(then, then))
    oldest = kept[-1]
    assert page_cache.load(oldest)  # read now: used last, so it stays
    page_cache.save(folder / "pages-new.json", files, found, page_cache.now())
    left = {p.name for p in folder.glob("pages-*.json")}
    assert left == {"pages-new.json", oldest.name, *(p.name for p in kept[: page_cache.KEEP - 2])}
    assert not list(folder.glob(".pages-*"))  # no temporary file left behind
