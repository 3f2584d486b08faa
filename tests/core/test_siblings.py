"""Sibling citations: the indexed search finds exactly the pairs a comparison of all would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_pmnotes.core import siblings
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.readings import Cite
from mkdocs_pmnotes.core.siblings import MIN_WORDS, Citations, similar

VOCABULARY = [f"word{letter}" for letter in "abcdefghijklmnop"]


def _note(path: str, count: int):
    anchors = " ".join(f'<a class="yt-timestamp" data-t="00:0{i}:00">[00:0{i}:00]</a>' for i in range(count))
    note = parse_note(f"---\ntitle: T\nvideoId: abcdefghijk\n---\nText {anchors}\n", path)
    assert len(note.anchors) == count
    return note


def _every_pair(notes, words, seconds, common):
    """The definition: different notes, similar sentences, a word shared that few anchors hold."""
    posted = [w for sets in words.values() for w in sets if len(w) >= MIN_WORDS]
    holders = {word: sum(1 for w in posted if word in w) for w in posted for word in w}
    found = {}
    for path, sets in words.items():
        found[path] = []
        for mine in sets:
            cites = []
            for note in notes:
                if note.path == path:
                    continue
                for j, theirs in enumerate(words[note.path]):
                    if not (len(theirs) >= MIN_WORDS and similar(mine, theirs)):
                        continue
                    rare = any(holders[word] <= common for word in mine & theirs)
                    if rare and seconds[note.path][j] is not None:
                        cites.append(Cite(seconds[note.path][j], note.path, note.anchors[j].data_t))
            found[path].append(sorted(cites, key=lambda c: (c.name, c.seconds, c.data_t)))
    return found


sentence = st.frozensets(st.sampled_from(VOCABULARY), max_size=9)
group = st.lists(st.lists(st.tuples(sentence, st.none() | st.integers(0, 99)), max_size=6), min_size=2, max_size=5)


@settings(max_examples=300, deadline=None)
@given(group=group, common=st.integers(1, 6))
def test_citations_match_a_comparison_of_every_pair(group, common):
    notes = [_note(f"n{i}.md", len(anchors)) for i, anchors in enumerate(group)]
    words = {n.path: [w for w, _ in anchors] for n, anchors in zip(notes, group, strict=True)}
    seconds = {n.path: [s for _, s in anchors] for n, anchors in zip(notes, group, strict=True)}
    before = siblings.COMMON
    siblings.COMMON = common  # few anchors per word here: a small limit makes some words common
    try:
        citations = Citations(notes, words, seconds)
        found = {n.path: citations.for_note(n.path) for n in notes}
    finally:
        siblings.COMMON = before
    assert found == _every_pair(notes, words, seconds, common)


def test_a_shared_sentence_is_cited_and_a_common_word_alone_is_not():
    notes = [_note("a.md", 2), _note("b.md", 1)]
    words = {
        "a.md": [frozenset({"alpha", "beta", "gamma", "delta"}), frozenset({"alpha", "omega", "sigma", "kappa"})],
        "b.md": [frozenset({"alpha", "beta", "gamma", "delta", "theta"})],
    }
    seconds = {"a.md": [61, 62], "b.md": [300]}
    citations = Citations(notes, words, seconds)
    assert citations.for_note("a.md") == [[Cite(300, "b.md", "00:00:00")], []]
    assert citations.for_note("b.md") == [[Cite(61, "a.md", "00:00:00")]]
