"""Inline `<!-- pmnotes-... -->` comments that silence findings."""

from __future__ import annotations

import json

import pytest
from cli_support import note

from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.lint.pragmas import pragmas


def lines_of(run, path: str = "docs/a.md", *args: str) -> list[tuple[int, str]]:
    items = json.loads(run("lint", "--format", "json", *args, path).out)
    return [(i["line"], i["code"]) for i in items]


# Line numbers: the front matter takes lines 1-4, a blank line 5, the body starts on line 6.
CASES = [
    pytest.param(
        "[[gone_1]]\n<!-- pmnotes-disable PMN201 -->\n[[gone_2]] â€“\n<!-- pmnotes-enable -->\n[[gone_3]]",
        [(6, "PMN201"), (8, "PMN301"), (10, "PMN201")],
        id="disable-a-code-until-enable",
    ),
    pytest.param(
        "[[gone_1]]\n<!-- pmnotes-disable -->\n[[gone_2]] â€“\n<!-- pmnotes-enable PMN201 -->\n[[gone_3]] â€“",
        [(6, "PMN201"), (10, "PMN201")],
        id="disable-all-then-enable-one",
    ),
    pytest.param(
        "<!-- pmnotes-disable dangling-link, mojibake -->\n[[gone_1]] â€“\n<!-- pmnotes-enable mojibake -->\n[[gone_2]] â€“",
        [(9, "PMN301")],
        id="names-and-commas",
    ),
    pytest.param(
        "<!-- pmnotes-disable-next-line PMN201 -->\n[[gone_1]] â€“\n[[gone_2]]",
        [(7, "PMN301"), (8, "PMN201")],
        id="next-line-only",
    ),
    pytest.param(
        "<!--\npmnotes-disable-next-line\n-->\n[[gone_1]] â€“\n[[gone_2]]",
        [(10, "PMN201")],
        id="next-line-after-a-multi-line-comment",
    ),
    pytest.param(
        "[[gone_1]] â€“\n\n<!-- pmnotes-disable-file PMN2 -->",
        [(6, "PMN301")],
        id="file-with-a-prefix-anywhere",
    ),
    pytest.param("[[gone_1]] â€“\n<!-- pmnotes-disable-file -->", [], id="file-all"),
    pytest.param(
        "`<!-- pmnotes-disable-file -->`\n\n```\n<!-- pmnotes-disable-file -->\n```\n[[gone_1]]",
        [(11, "PMN201")],
        id="not-in-code",
    ),
    pytest.param(
        "[[gone_1]] <!-- pmnotes-disable PMN201 --> [[gone_2]]",
        [(6, "PMN201")],
        id="from-the-comment-on-within-a-line",
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_pragmas(project, run, body, expected):
    project({"docs/a.md": note(body)})
    assert lines_of(run, "docs/a.md", "--select", "PMN201,PMN301") == expected


def test_pragma_silences_a_front_matter_finding(project, run):
    project({"docs/a.md": "---\ntitle: [broken\n---\n<!-- pmnotes-disable-file PMN401 -->\n"})
    assert all(code != "PMN401" for _, code in lines_of(run))


def test_pragmas_are_read_from_comments_with_their_positions():
    text = note("x\n<!-- pmnotes-disable PMN104 PMN201 -->\n<!-- just a comment -->\n<!--pmnotes-enable-->")
    found = pragmas(parse_note(text, "a.md"))
    assert [(p.kind, p.selectors, p.line) for p in found] == [
        ("disable", ("PMN104", "PMN201"), 7),
        ("enable", (), 9),
    ]
