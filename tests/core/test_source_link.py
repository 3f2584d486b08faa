"""`is_source_link`: a link that a source prefix (`From:`) alone precedes on its line."""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core.parse import is_source_link, parse_note


@pytest.mark.parametrize(
    ("text", "prefixes", "expected"),
    [
        ("From: [[lennyspodcast]] <br/>", ("From:",), [True]),
        ("  From:\t [[lennyspodcast]]", ("From:",), [True]),
        ("From:[[a]]", ("From:",), [True]),
        ("From: [[a]] [[b]]", ("From:",), [True, False]),
        ("Taken From: [[a]]", ("From:",), [False]),
        ("xFrom: [[a]]", ("From:",), [False]),
        ("From:\n[[a]]", ("From:",), [False]),
        ("intro\r\nFrom: [[a]]", ("From:",), [True]),
        ("Source: [[a]]\nFrom: [[b]]", ("From:", " Source: "), [True, True]),
        ("[[a]] and [[b]]", ("",), [True, False]),
        ("See [[a]]", ("From:",), [False]),
    ],
)
def test_is_source_link(text: str, prefixes: tuple[str, ...], expected: list[bool]) -> None:
    note = parse_note(text)
    assert [is_source_link(note, link, prefixes) for link in note.links] == expected


def test_links_deep_in_one_long_line() -> None:
    text = "From: [[show]] " + "words [[topic]] " * 20000
    note = parse_note(text)
    flags = [is_source_link(note, link) for link in note.links]
    assert flags[0] is True and not any(flags[1:]) and len(flags) == 20001
