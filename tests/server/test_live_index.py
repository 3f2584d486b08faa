"""The index kept up to date page by page equals the index built afresh over the same pages."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_pmnotes.core.index import Page, SiteIndex
from mkdocs_pmnotes.core.notes import NoteCache
from mkdocs_pmnotes.server.live_index import LiveIndex

from .lsp_support import run_apart

PATHS = ["pricing.md", "topics/pricing.md", "a/jane_doe.md", "b/jane_doe.md", "growth.md", "b2b.md"]
TITLES = [None, "Pricing", "Jane Doe", "Growth loops", "B2B sales", "pricing"]
VIDEOS = [None, "abcdefghijk", "bcdefghijkl"]
ALIASES = [(), ("Price",), ("growth",)]

pages = st.builds(
    Page, st.sampled_from(PATHS), st.sampled_from(TITLES), st.sampled_from(ALIASES), st.sampled_from(VIDEOS)
)
steps = st.lists(
    st.one_of(st.tuples(st.just("put"), pages), st.tuples(st.just("remove"), st.sampled_from(PATHS))), max_size=25
)


def tables(index: SiteIndex) -> tuple:
    def paths(table):
        return {key: [p.path for p in bucket] for key, bucket in table.items() if bucket}

    return paths(index._by_stem), paths(index._by_key), paths(index._by_video), dict(index.pages)


@settings(max_examples=300, deadline=None)
@given(start=st.lists(pages, max_size=6), steps=steps)
def test_put_and_remove_leave_the_index_a_fresh_build_would_be(start, steps):
    current: dict[str, Page] = {}
    for page in start:
        current[page.path] = page
    live = LiveIndex.of(current.values())
    for action, value in steps:
        if action == "put":
            current[value.path] = value
            live.put(value)
        else:
            current.pop(value, None)
            live.remove(value)
    fresh = SiteIndex.build(current.values())
    assert tables(live) == tables(fresh)
    assert {k: sorted(p.path for p in v) for k, v in live.collisions().items()} == {
        k: sorted(p.path for p in v) for k, v in fresh.collisions().items()
    }
    for target in ["pricing", "Pricing", "jane doe", "Jane Doe", "growth", "Price", "b2b", "topics/pricing"]:
        for origin in ["", "a/x.md", "b/x.md", "topics/x.md"]:
            assert live.resolve(target, origin) == fresh.resolve(target, origin)


def test_the_index_filled_as_the_first_pass_reads_is_the_one_built_after_it(tmp_path):
    """Slices come back in any order, some notes from the page cache: the index made as they
    come is the one `LiveIndex.of` makes over the pass's pages, in the order of the walk."""

    from mkdocs_pmnotes.server import indexing, page_cache
    from mkdocs_pmnotes.server.scanner import read_pages
    from mkdocs_pmnotes.server.workspace import Workspace

    titles = ["Pricing", "Jane Doe", "Growth loops", "pricing", None, "B2B sales"]
    for n in range(40):
        folder = tmp_path / f"f{n % 3}"
        folder.mkdir(exist_ok=True)
        title = titles[n % len(titles)]
        front = f"---\ntitle: {title}\nvideoId: abcdefghij{n % 2}\n---\n" if title else ""
        (folder / f"note_{n % 7}_{n}.md").write_text(front + "Body.\n", encoding="utf-8")
    ws = Workspace(tmp_path)
    files = ws.site_files.walk()
    # Every third note kept from a last run: those come in first, out of the walk's order.
    then = page_cache.now() - 3600 * 10**9
    for path in list(files.values())[::3]:
        os.utime(path, ns=(then, then))
    cache = tmp_path / "kept.json"
    page_cache.save(cache, files, read_pages(list(files.items())[::3]), page_cache.now())
    kept = page_cache.load(cache)
    assert kept
    index = LiveIndex(notes=NoteCache(ws.load))

    async def run():
        workers = indexing.Workers(0, print)
        old, indexing.PAGE_SLICE = indexing.PAGE_SLICE, 4
        try:
            known, unknown = page_cache.split(kept, files)
            start = indexing.Start(files, kept, known, unknown, None, page_cache.now())
            return await indexing.scan_pages(ws, start, workers, index)
        finally:
            indexing.PAGE_SLICE = old

    scan = run_apart(run())
    index.settle()
    fresh = LiveIndex.of(scan.pages.values(), NoteCache(ws.load), scan.keys)
    assert list(scan.pages) == [name for name in files if name in scan.pages]
    assert tables(index) == tables(fresh) and list(index.pages) == list(fresh.pages)
    assert index._rank == fresh._rank and index.collisions() == fresh.collisions()
