"""Inputs no fixture can hold: empty files, bare BOMs, NULs, CRLF line ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_pmnotes.core.settings import Settings
from mkdocs_pmnotes.lint.runner import Site, lint

FRONT = b"---\ntitle: T\nvideoId: qNPPoj1qUG0\n---\n"


def _lint(tmp_path: Path, data: bytes) -> list[tuple[int, int, str]]:
    path = tmp_path / "note.md"
    path.write_bytes(data)
    result = lint([path], Site.from_roots([tmp_path]), Settings())
    assert result.errors == []
    return [(f.line, f.column, f.code) for f in result.findings]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", [(1, 1, "PMN401")]),
        (b"\xef\xbb\xbf", [(1, 1, "PMN401")]),
        (b"\xef\xbb\xbf" + FRONT + b"A leading BOM is valid UTF-8.\n", []),
        (FRONT + b"\xef\xbb\xbf later\n", [(5, 1, "PMN303")]),
        (b"\x00" * 8, [(1, 1, "PMN303"), (1, 1, "PMN401")]),
        (FRONT + b"a\x00b\n", [(5, 2, "PMN303")]),
        (b"\xff\xfe" + FRONT, [(1, 1, "PMN305"), (1, 1, "PMN401")]),
        (FRONT.decode().encode("utf-16") + "caf\u00e9 \u200b".encode("utf-16-le"), [(1, 1, "PMN305"), (1, 1, "PMN401")]),
        (FRONT.replace(b"\n", b"\r\n") + b"x \xe2\x80\x8b<a class=\"yt-timestamp\" data-t=\"0:61:00\">[0:61:00]</a>\r\n",
         [(5, 3, "PMN303"), (5, 36, "PMN101"), (5, 46, "PMN101")]),
    ],
)  # fmt: skip
def test_edge_inputs(tmp_path: Path, data: bytes, expected: list[tuple[int, int, str]]) -> None:
    assert sorted(_lint(tmp_path, data)) == sorted(expected)


def test_mojibake_in_front_matter_is_found_and_fixed_in_place(tmp_path: Path) -> None:
    data = "---\ntitle: Caf\u00c3\u00a9 talk\nvideoId: qNPPoj1qUG0\n---\n".encode()
    path = tmp_path / "note.md"
    path.write_bytes(data)
    result = lint([path], Site.from_roots([tmp_path]), Settings(select=["PMN301"]))
    (finding,) = result.findings
    assert (finding.line, finding.column) == (2, 11)
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    text = data.decode()
    assert text[: edit.start] + edit.replacement + text[edit.end :] == text.replace("Caf\u00c3\u00a9", "Café")
