"""`initializationOptions`, read once: each option's value, or its default and a warning."""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.server.options import GUIDE_URL, Options

from .lsp_support import lsp, ready


def test_the_options_given_are_the_options_used():
    options = Options.read(
        {"guideUrl": "https://example.org/guide/", "debounceMs": 120, "diagnostics": "push", "indexProcesses": 0}
    )
    assert options == Options("https://example.org/guide/", 120.0, "push", 0)
    assert options.delay == 0.12 and options.problems == ()


def test_no_options_are_the_defaults():
    assert Options.read(None) == Options.read({}) == Options()
    assert Options().guide_url == GUIDE_URL and Options().index_processes is None


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ({"debounceMs": "fast"}, "debounceMs"),
        ({"debounceMs": True}, "debounceMs"),
        ({"debounceMs": float("nan")}, "debounceMs"),
        ({"indexProcesses": 2.5}, "indexProcesses"),
        ({"indexProcesses": False}, "indexProcesses"),
        ({"diagnostics": "pull"}, "diagnostics"),
        ({"guideUrl": 3}, "guideUrl"),
    ],
)
def test_a_value_of_the_wrong_kind_is_left_at_its_default_with_a_warning(raw, named):
    options = Options.read(raw)
    assert options == Options()
    assert len(options.problems) == 1 and named in options.problems[0]


def test_options_that_are_not_an_object_are_ignored_with_a_warning():
    options = Options.read(["debounceMs", 10])
    assert options == Options() and "not an object" in options.problems[0]


def test_a_negative_pause_is_no_pause():
    assert Options.read({"debounceMs": -5}).delay == 0.0


@lsp
async def test_the_server_says_which_option_it_left_at_its_default(server, site):
    client = await server(site, {"debounceMs": "soon"})
    await ready(client)
    said = [m.message for m in client.log_messages]
    assert any("initializationOptions.debounceMs" in line for line in said), said
