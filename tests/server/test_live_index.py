"""The index kept up to date page by page equals the index built afresh over the same pages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_pmnotes.core.index import Page, SiteIndex
from mkdocs_pmnotes.server.live_index import LiveIndex

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
