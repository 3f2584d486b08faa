"""One line model: `pmnotes lint` and the editor name the same line and column, bare CR included."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from mkdocs_pmnotes.cli import main
from mkdocs_pmnotes.core.scan import line_starts, position
from mkdocs_pmnotes.server.lines import LineMap

from .lsp_support import diagnostics, lsp, open_note, ready

CR_NOTE = (
    "---\ntitle: Old Mac\nvideoId: abcdefghijk\n---\n\n"
    "first line\rsecond [[nowhere at all]] line\r\n"
    'third <a class="yt-timestamp" data-t="01:99:00">[01:99:00]</a>\r'
    "fourth caf\u00c3\u00a9 [[also nowhere]]\n"
)


@pytest.mark.parametrize(
    "text",
    ["a\nb", "a\r\nb\r\n", "a\rb\r\nc\nd\r", "\r\r\n\n", "", "no break", "x\r"],
)
def test_the_core_starts_a_line_after_every_lsp_line_break(text):
    starts = list(line_starts(text))
    assert starts == LineMap(text).starts.tolist()
    expected = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n" or (ch == "\r" and text[i + 1 : i + 2] != "\n")]
    assert starts == expected


def test_a_core_position_after_a_bare_cr_is_on_the_next_line():
    text = "one\rtwo"
    assert position(line_starts(text), text.index("two")) == (2, 1)


@lsp
async def test_cli_and_server_positions_agree_on_a_note_with_bare_crs(server, tmp_path, monkeypatch):
    root = tmp_path / "cr"
    root.mkdir()
    path = root / "old_mac.md"
    path.write_bytes(CR_NOTE.encode("utf-8"))
    monkeypatch.chdir(root)
    out = io.StringIO()
    with redirect_stdout(out):
        main(["lint", "--no-cache", "--format", "json", "old_mac.md"])
    cli = [
        (f["code"], f["line"], f["column"], f["end_line"], f["end_column"])
        for f in sorted(json.loads(out.getvalue()), key=lambda f: (f["line"], f["column"], f["code"]))
    ]
    assert {code for code, *_ in cli} >= {"PMN201", "PMN101", "PMN301"}
    assert max(line for _, line, *_ in cli) == 9  # the bare CRs count: the last line is the ninth
    client = await server(root)
    await ready(client)
    uri = open_note(client, Path(path), CR_NOTE)
    found = await diagnostics(client, uri, version=1)
    editor = [
        (
            d.code,
            d.range.start.line + 1,
            d.range.start.character + 1,
            d.range.end.line + 1 if cli_end(cli, d) else None,
            d.range.end.character + 1 if cli_end(cli, d) else None,
        )
        for d in found
    ]
    assert editor == cli


def cli_end(cli, diagnostic) -> bool:
    """Does the CLI give this finding an end? (Without one, the editor marks the rest of the line.)"""
    for code, line, column, end_line, _ in cli:
        if (code, line, column) == (
            diagnostic.code,
            diagnostic.range.start.line + 1,
            diagnostic.range.start.character + 1,
        ):
            return end_line is not None
    return True
