"""`pmnotes timestamps`: the second every link plays, how it was read and why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli_support import note

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _anchors(*times: str) -> str:
    return " ".join(f'Claim {i} <a class="yt-timestamp" data-t="{t}">[{t}]</a>.' for i, t in enumerate(times))


def test_json_has_a_row_per_anchor_in_document_order(project, run):
    project({"docs/a.md": note(_anchors("00:01:07", "00:12:45", "97:10:00"))})
    result = run("timestamps", "--format", "json", "docs")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert [(r["path"], r["line"], r["data_t"], r["plays"], r["how"]) for r in rows] == [
        ("docs/a.md", 6, "00:01:07", 67, "as written"),
        ("docs/a.md", 6, "00:12:45", 765, "as written"),
        ("docs/a.md", 6, "97:10:00", 5830, "minutes:seconds"),
    ]
    assert rows[0]["column"] == 9 and rows[0]["label"] == "00:01:07" and rows[0]["evidence"] == ""
    assert "past the end of the episode" in rows[2]["evidence"]


def test_text_names_the_reading_and_the_evidence(project, run):
    body = _anchors("00:01:07", "00:12:45") + ' <a class="yt-timestamp" data-t="99:59:59">[x]</a>'
    project({"docs/a.md": f"---\ntitle: A\nvideoId: abcdefghijk\nduration: 1:00:00\n---\n\n{body}\n"})
    result = run("timestamps", "docs/a.md")
    lines = result.out.splitlines()
    assert lines[0] == "docs/a.md:7:9: 00:01:07 -> 00:01:07 (as written)"
    # Nothing fits: the link plays nothing, never a silent 0 s.
    assert lines[2].startswith("docs/a.md:7:") and "99:59:59 [x] -> nothing (not playable): " in lines[2]
    assert "past the end of the episode (01:00:00, its `duration`) and no other reading fits" in lines[2]
    assert "3 timestamps: 2 as written, 1 not playable" in result.err


def test_siblings_count_as_in_lint(project, run):
    """A note linted alone is read with the notes on its video, as `pmnotes lint` reads it."""
    root = project({})
    shutil.copytree(SEEDS, root / "docs")
    alone = json.loads(run("timestamps", "--format", "json", "docs/004_8eb36e0c5cf3a945.md").out)
    whole = [
        r
        for r in json.loads(run("timestamps", "--format", "json").out)
        if r["path"].endswith("004_8eb36e0c5cf3a945.md")
    ]
    assert alone == whole and any(r["how"] == "minutes:seconds" for r in alone)


def test_a_missing_path_is_named_and_exits_1(project, run):
    project({"docs/a.md": note(_anchors("00:01:07"))})
    result = run("timestamps", "docs/a.md", "nope.md")
    assert result.code == 1 and "nope.md: no such file or directory" in result.err
    assert "docs/a.md:6:9: 00:01:07" in result.out


def test_a_broken_note_gives_rows_not_a_traceback(project, run):
    project({"docs/a.md": "---\ntitle: [unclosed\n---\n" + _anchors("00:01:07"), "docs/b.md": b"\xff\xfe bad"})
    result = run("timestamps", "--format", "json", "docs")
    assert result.code == 0, result.err
    assert [r["data_t"] for r in json.loads(result.out)] == ["00:01:07"]
