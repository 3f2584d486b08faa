"""Page-level rewriting without MkDocs: which text changes, and into what."""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core.files import page_from_front
from mkdocs_pmnotes.core.index import SiteIndex
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.times import analyse
from mkdocs_pmnotes.render.plan import PagePlan, by_clock, by_start
from mkdocs_pmnotes.render.rewrite import LinkResolver, PageRewriter, body_offset, splice

NOTES = {
    "notes/impact_of_ai.md": "---\ntitle: Impact of AI\n---\n\n## Some Heading\n\nText.\n",
    "notes/deep/pricing.md": "# Pricing\n\n## Value metrics\n",
    "a/twin.md": "A\n",
    "b/twin.md": "B\n",
}


def _resolver(topics: dict[str, str] | None = None) -> LinkResolver:
    notes = {path: parse_note(text, path) for path, text in NOTES.items()}
    index = SiteIndex.build(page_from_front(path, note.front.data) for path, note in notes.items())
    for note in notes.values():
        index.remember(note)
    urls = {path: path[:-3] + "/" for path in notes}
    return LinkResolver(index, urls, topics or {})


class Stash:
    """Stands in for Python-Markdown's htmlStash: placeholders in the text, HTML on the side."""

    def __init__(self) -> None:
        self.html: list[str] = []

    def store(self, html: str) -> str:
        self.html.append(html)
        return f"\x02{len(self.html) - 1}\x03"

    def expand(self, text: str) -> str:
        for number, html in enumerate(self.html):
            text = text.replace(f"\x02{number}\x03", html)
        return text


def rewrite(markdown: str, path: str = "notes/page.md", **kwargs) -> str:
    kwargs.setdefault("resolver", _resolver())
    rewriter = PageRewriter(path=path, href=lambda url: "/" + url, **kwargs)
    stash = Stash()
    return stash.expand(rewriter.rewrite(markdown, stash.store))


def test_link_to_a_page_by_stem_title_or_spelling():
    out = rewrite("See [[impact_of_ai | the impact]], [[Impact of AI]] and [[ IMPACT-of-ai ]].")
    assert out.count('<a class="pmn-link" href="/notes/impact_of_ai/">') == 3
    assert ">the impact</a>" in out and ">Impact of AI</a>" in out and ">IMPACT-of-ai</a>" in out


def test_heading_fragment_uses_the_target_pages_heading_id():
    out = rewrite("[[impact_of_ai#some heading | h]] and [[pricing#Value Metrics]]")
    assert 'href="/notes/impact_of_ai/#some-heading">h</a>' in out
    assert 'href="/notes/deep/pricing/#value-metrics">pricing &gt; Value Metrics</a>' in out


def test_missing_heading_links_to_the_page_and_says_so():
    out = rewrite("[[impact_of_ai#nowhere]]")
    assert 'href="/notes/impact_of_ai/" title="No heading “nowhere” on this page"' in out


def test_heading_on_the_same_page_is_a_fragment():
    out = rewrite("[[#Some Heading | up]]", path="notes/impact_of_ai.md")
    assert '<a class="pmn-link" href="#some-heading">up</a>' in out


def test_label_is_escaped():
    out = rewrite("[[impact_of_ai | <img src=x onerror=alert(1)> & co]]")
    assert ">&lt;img src=x onerror=alert(1)&gt; &amp; co</a>" in out
    assert "<img" not in out


def test_embed_becomes_a_link():
    assert '<a class="pmn-link pmn-embed" href="/notes/impact_of_ai/">impact_of_ai</a>' in rewrite("![[impact_of_ai]]")


@pytest.mark.parametrize(
    "code",
    [
        "`[[impact_of_ai]]`",
        "``a `[[impact_of_ai]]` b``",
        "```\n[[impact_of_ai]]\n```",
        "~~~\n[[impact_of_ai]]\n~~~",
        "````\n```\n[[impact_of_ai]]\n```\n````",
        "```\n[[impact_of_ai]]\n",  # unclosed: runs to the end
        "<!-- [[impact_of_ai]] -->",
    ],
)
def test_code_and_comments_stay_untouched(code):
    markdown = f"Before [[impact_of_ai]].\n\n{code}\n"
    out = rewrite(markdown)
    assert code in out
    assert out.count("pmn-link") == 1


def test_link_inside_an_html_attribute_stays_text():
    out = rewrite('<img alt="[[impact_of_ai]]"> and [[impact_of_ai]]')
    assert '<img alt="[[impact_of_ai]]">' in out and out.count("pmn-link") == 1


def test_table_cell_with_escaped_bar():
    out = rewrite("| a | [[impact_of_ai\\|impact]] |\n|---|---|\n")
    assert '<a class="pmn-link" href="/notes/impact_of_ai/">impact</a>' in out


def test_relative_folder_link():
    out = rewrite("[[deep/pricing]]", path="notes/page.md")
    assert 'href="/notes/deep/pricing/"' in out


def test_missing_target_goes_to_its_topic_page_or_stays_text():
    with_topics = rewrite("[[No Such Page | x]]", resolver=_resolver({"no_such_page": "topics/no_such_page/"}))
    assert with_topics == '<a class="pmn-link pmn-topic" href="/topics/no_such_page/">x</a>'
    without = rewrite("[[No Such Page | x]]")
    assert without == '<span class="pmn-dangling" title="No page for No Such Page">x</span>'


def test_ambiguous_target_from_a_third_folder():
    out = rewrite("[[twin]]", path="notes/page.md")
    assert out.startswith('<span class="pmn-dangling pmn-ambiguous"') and "a/twin.md, b/twin.md" in out
    assert 'href="/a/twin/"' in rewrite("[[twin]]", path="a/other.md")  # its own folder wins


SHIFTED = "---\nvideoId: E_rNotqs--I\n---\n" + "".join(
    f'Claim {i} <a class="yt-timestamp" data-t="{m:02d}:{s:02d}:00">[{m:02d}:{s:02d}:00]</a>.\n'
    for i, (m, s) in enumerate([(6, 33), (7, 2), (8, 28), (9, 6), (9, 32), (10, 5)])
)


def test_shifted_timestamps_link_to_the_corrected_second():
    note = parse_note(SHIFTED, "notes/ep.md")
    body = SHIFTED.split("---\n", 2)[2]
    reading = by_clock(analyse(note, [note]))
    out = rewrite(body, path="notes/ep.md", video="E_rNotqs--I", reading=reading, player=False)
    assert 'href="https://www.youtube.com/watch?v=E_rNotqs--I&amp;t=393s" data-t="06:33:00"' in out
    assert "plays 00:06:33, read as minutes:seconds" in out
    assert out.count("pmn-ts-shifted") == 6
    # Readers see the time each link plays; the page says once why.
    assert ">[00:06:33]</a>" in out and ">[06:33:00]</a>" not in out
    assert out.startswith('<p class="pmn-ts-note"') and out.count("pmn-ts-note") == 1
    assert "6 timestamps in this note" in out


def test_a_note_read_as_written_gets_no_correction_note():
    body = 'x <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>'
    assert "pmn-ts-note" not in rewrite(body, video="E_rNotqs--I", player=False)


def test_timestamps_without_a_video_are_spans():
    out = rewrite('x <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>', player=False)
    assert out == 'x <span class="pmn-ts pmn-ts-novideo">[00:01:05]</span>'


def test_broken_anchor_markup_is_left_as_written():
    text = 'x <a class="yt-timestamp">[00:01:05]</a>'
    assert rewrite(text, video="E_rNotqs--I").endswith(text)


def test_player_slot_comes_first_and_once():
    stash = Stash()
    rewriter = PageRewriter(path="notes/ep.md", resolver=_resolver(), href=lambda u: u, video="E_rNotqs--I")
    first = stash.expand(rewriter.rewrite("Text.", stash.store))
    second = stash.expand(rewriter.rewrite("More.", stash.store))
    assert first == '<div class="pmn-player" data-pmn-video="E_rNotqs--I"></div>\n\nText.'
    assert second == "More."


PLANNED = (
    "---\ntitle: T\nvideoId: E_rNotqs--I\n---\n\nSee [[impact_of_ai | it]] and `[[impact_of_ai]]`"
    ' <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>.\n\n![[deep/pricing#value metrics]]\n'
)


def _planned(markdown_of_page: str):
    note = parse_note(PLANNED, "notes/page.md")
    reading = by_start(analyse(note, [note]))
    plan = PagePlan(note, reading, body_offset(note, True), ("From:",))
    rewriter = PageRewriter(
        path="notes/page.md",
        resolver=_resolver(),
        href=lambda u: u,
        plan=plan,
        front_stripped=True,
        video="E_rNotqs--I",
        player=False,
    )
    return rewriter, rewriter.spots(markdown_of_page)


def test_plan_gives_back_the_spots_of_the_file_body():
    body = PLANNED.split("---\n", 2)[2].lstrip("\n")
    rewriter, (links, anchors) = _planned(body + "\n\n")  # Python-Markdown adds two newlines
    assert [(s.link.target, s.link.heading, s.link.label, s.link.embed) for s in links] == [
        ("impact_of_ai", None, "it", False),
        ("deep/pricing", "value metrics", None, True),
    ]
    assert [(body[s.start : s.end], s.data_t, s.label, s.seconds) for s in anchors] == [
        ('<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>', "00:01:05", "00:01:05", 65)
    ]
    # The same HTML as a fresh parse of the Markdown alone would give.
    note = parse_note(PLANNED, "notes/page.md")
    fresh = PageRewriter(
        path="notes/page.md",
        resolver=_resolver(),
        href=lambda u: u,
        front_stripped=True,
        video="E_rNotqs--I",
        player=False,
        reading=by_clock(analyse(note, [note])),
    )
    stash_a, stash_b = Stash(), Stash()
    assert stash_a.expand(rewriter.rewrite(body, stash_a.store)) == stash_b.expand(fresh.rewrite(body, stash_b.store))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            'x <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a> [[a]] <a class="yt-timestamp" data-t="9:99">[9:99]</a>',
            "H",
        ),
        (
            '---\nduration: "30:00:00"\n---\nx <a class="yt-timestamp" data-t="20:00:17">[20:00:17]</a> [[a]]',
            "i",
        ),  # 72017 s
        ("y" * 70000 + ' <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a> [[a]]', "i"),  # a long note
    ],
)
def test_plan_round_trip_in_both_widths(text, code):
    note = parse_note(text, "p.md")
    reading = by_start(analyse(note, [note]))
    plan = PagePlan(note, reading, 0, ("From:",))
    assert plan.anchors.typecode == code
    links, anchors = plan.spots(text + "\n\n")
    expected = [(a.start, a.data_t, t.seconds) for a, t in zip(note.anchors, analyse(note, [note]), strict=False)]
    assert [(s.start, s.data_t, s.seconds) for s in anchors] == expected
    assert [s.start for s in links] == [link.start for link in note.links]


def test_changed_markdown_is_parsed_afresh():
    _rewriter, (links, anchors) = _planned("Other text [[impact_of_ai]].\n")
    assert [s.start for s in links] == [11] and anchors == []


def test_splice_keeps_text_between_edits():
    stash = Stash()
    assert stash.expand(splice("a XX b YY c", [(7, 9, "<2>"), (2, 4, "<1>")], stash.store)) == "a <1> b <2> c"


def test_an_unclosed_opener_is_handed_to_markdown_as_stored_text():
    # Python-Markdown looks for the end of each `[` it meets: thousands of them cost it n**2.
    rewriter = PageRewriter(path="notes/page.md", resolver=_resolver(), href=lambda u: u)
    stash = Stash()
    text = rewriter.rewrite("See [[a and [[impact_of_ai]] and `[[code` [[b\n", stash.store)
    assert "[[" not in text.replace("`[[code`", "")
    assert stash.html.count("&#91;&#91;") == 2 and "[[" not in "".join(stash.html)


def test_unclosed_openers_render_as_written():
    from markdown import Markdown

    from mkdocs_pmnotes.markdown_ext import PmnotesExtension

    rewriter = PageRewriter(path="notes/page.md", resolver=_resolver(), href=lambda u: u, player=False)
    md = Markdown(extensions=[PmnotesExtension(bridge=lambda: rewriter)])
    html = md.convert("A [[x " * 3 + "and `[[y`.")
    assert html == "<p>A &#91;&#91;x A &#91;&#91;x A &#91;&#91;x and <code>[[y</code>.</p>"
