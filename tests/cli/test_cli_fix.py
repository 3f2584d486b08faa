"""`--fix`, `--unsafe-fixes` and `--diff`: what is written, and what is never touched."""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from cli_support import note

from mkdocs_pmnotes.lint import cache

ZWSP = "\u200b"
BROKEN = note(f"The dash â€“ stays{ZWSP} here, caf\u00c3\u00a9 &amp;amp; co, and [[nowhere]] dangles.")
REPAIRED = note("The dash – stays here, café &amp; co, and [[nowhere]] dangles.")
# A label that disagrees with data-t: only an unsafe fix may touch it.
MISMATCH = note(
    " ".join(
        f'Claim <a class="yt-timestamp" data-t="{t}">[{label}]</a>.'
        for t, label in [("00:10:17", "00:10:17"), ("00:25:43", "00:25:48"), ("01:05:31", "01:05:31")]
    ),
    title="Mismatch",
)


def test_fix_changes_only_the_flagged_spans(project, run):
    root = project({"docs/a.md": BROKEN})
    result = run("lint", "--fix")
    assert (root / "docs/a.md").read_bytes() == REPAIRED.encode("utf-8")
    # Only what cannot be fixed is reported, with the count of what was.
    assert [line.split(": ", 2)[1].split()[1] for line in result.out.splitlines() if line.startswith("docs/")] == [
        "PMN201"
    ]
    assert "Found 5 findings (4 fixed, 1 remaining)." in result.out
    assert result.code == 1


def test_second_fix_changes_nothing(project, run):
    root = project({"docs/a.md": BROKEN})
    run("lint", "--fix")
    first = (root / "docs/a.md").read_bytes()
    again = run("lint", "--fix")
    assert (root / "docs/a.md").read_bytes() == first
    assert "fixed" not in again.out


def test_crlf_file_stays_crlf(project, run):
    crlf = BROKEN.replace("\n", "\r\n").encode("utf-8")
    root = project({"docs/a.md": crlf})
    run("lint", "--fix")
    assert (root / "docs/a.md").read_bytes() == REPAIRED.replace("\n", "\r\n").encode("utf-8")


def test_no_trailing_newline_and_untouched_bytes_survive(project, run):
    body = BROKEN.rstrip("\n") + "\n\n\t  trailing spaces   \n\nlast line"
    root = project({"docs/a.md": body})
    run("lint", "--fix")
    data = (root / "docs/a.md").read_bytes()
    assert data.endswith(b"\n\n\t  trailing spaces   \n\nlast line")


def test_fix_is_atomic_and_keeps_the_file_mode(project, run):
    root = project({"docs/a.md": BROKEN})
    path = root / "docs/a.md"
    path.chmod(0o640)
    before = path.stat().st_ino
    run("lint", "--fix")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != before  # replaced by a new file, not rewritten in place
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["a.md"]  # no temp file left


def test_fix_through_a_symlink_replaces_the_target(project, run):
    root = project({"docs/real/a.md": BROKEN})
    (root / "docs/link.md").symlink_to(root / "docs/real/a.md")
    run("lint", "--fix", "docs/link.md")
    assert (root / "docs/link.md").is_symlink()
    assert (root / "docs/real/a.md").read_bytes() == REPAIRED.encode("utf-8")


def test_read_only_file_is_not_written(project, run):
    root = project({"docs/a.md": BROKEN})
    path = root / "docs/a.md"
    path.chmod(0o444)
    result = run("lint", "--fix")
    assert path.read_bytes() == BROKEN.encode("utf-8")
    assert "docs/a.md: file is read-only; fixes not written\n" in result.err
    assert result.code == 1


def test_file_that_is_not_utf8_is_never_written(project, run):
    data = BROKEN.encode("utf-8").replace(b"dangles", b"dangl\xe9s")
    root = project({"docs/a.md": data})
    result = run("lint", "--fix")
    assert (root / "docs/a.md").read_bytes() == data
    assert "docs/a.md: not valid UTF-8" in result.err
    assert "PMN305" in result.out


def test_unsafe_fixes_only_when_asked(project, run):
    root = project({"docs/m.md": MISMATCH})
    path = root / "docs/m.md"
    safe = run("lint", "--fix", "--select", "PMN102")
    assert path.read_text() == MISMATCH
    assert "1 more fixable with `--fix --unsafe-fixes`" in safe.out
    result = run("lint", "--fix", "--unsafe-fixes", "--select", "PMN102")
    assert result.code == 0
    assert path.read_text() == MISMATCH.replace("[00:25:48]", "[00:25:43]")


def test_diff_writes_nothing_and_shows_the_change(project, run):
    root = project({"docs/a.md": BROKEN})
    path = root / "docs/a.md"
    before = path.stat()
    result = run("lint", "--diff")
    after = path.stat()
    assert path.read_bytes() == BROKEN.encode("utf-8")
    assert (before.st_mtime_ns, before.st_ino) == (after.st_mtime_ns, after.st_ino)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[:2] == ["--- a/docs/a.md", "+++ b/docs/a.md"]
    assert "-" + BROKEN.splitlines()[5] in lines
    assert "+" + REPAIRED.splitlines()[5] in lines
    assert "Would fix 4 findings in 1 file." in result.err


def test_diff_of_a_clean_site_is_empty_and_exits_0(project, run):
    project({"docs/a.md": REPAIRED.replace("[[nowhere]]", "nothing")})
    result = run("lint", "--diff")
    assert (result.code, result.out) == (0, "")


def test_suppressed_findings_are_not_fixed(project, run):
    body = BROKEN.replace("The dash", "<!-- pmnotes-disable-next-line mojibake -->\nThe dash")
    root = project({"docs/a.md": body})
    run("lint", "--fix")
    assert "â€“" in (root / "docs/a.md").read_text()


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_after_fix_show_only_what_remains(project, run, fmt):
    project({"docs/a.md": BROKEN})
    data = json.loads(run("lint", "--fix", "--format", fmt).out)
    codes = [i["code"] for i in data] if fmt == "json" else [r["ruleId"] for r in data["runs"][0]["results"]]
    assert codes == ["PMN201"]


def test_a_file_changed_after_linting_is_not_overwritten(project, tmp_path):
    """The fixer compares the file with the text it linted before writing."""
    from mkdocs_pmnotes.core.settings import Settings
    from mkdocs_pmnotes.lint.fixes import FixError, repair
    from mkdocs_pmnotes.lint.runner import Site, lint

    root = project({"docs/a.md": BROKEN})
    path = root / "docs/a.md"
    result = lint([path], Site(), Settings(), keep_text=True)
    path.write_text(BROKEN + "edited meanwhile\n")
    shown = path.as_posix()
    with pytest.raises(FixError, match="changed while it was being linted"):
        repair(result.linter, path, shown, result.names[shown][1], result.findings, False, result.texts[shown])
    assert os.path.getsize(path) == len((BROKEN + "edited meanwhile\n").encode("utf-8"))


def test_a_note_that_links_outside_the_project_is_never_written(project, run, tmp_path):
    outside = tmp_path / "elsewhere" / "victim.md"
    outside.parent.mkdir()
    outside.write_text(BROKEN, encoding="utf-8")
    root = project({"docs/a.md": BROKEN})
    (root / "docs/link.md").symlink_to(outside)
    result = run("lint", "--fix")
    assert outside.read_bytes() == BROKEN.encode("utf-8")
    assert (root / "docs/a.md").read_bytes() == REPAIRED.encode("utf-8")  # the other notes are still fixed
    expected = f"docs/link.md: resolves to {outside.resolve()}, outside the project folder {root.resolve()}"
    assert expected + "; fixes not written\n" in result.err
    assert "Traceback" not in result.err
    assert sorted(p.name for p in outside.parent.iterdir()) == ["victim.md"]
    assert result.code == 1


def test_temporary_files_of_a_killed_fix_are_removed_by_the_next(project, run, tmp_path):
    root = project({"docs/a.md": BROKEN, "docs/b.md": REPAIRED.replace("[[nowhere]]", "nothing")})
    docs = root / "docs"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    (docs / ".a.md.zz_link1.tmp").symlink_to(outside)  # not a regular file: not ours
    planted = {
        ".a.md.k3j_x9q2.tmp": True,  # a killed `--fix` of a.md, two minutes ago: removed
        ".a.md.abcdefgh.tmp": False,  # just written: a run may be writing it now
        ".b.md.abcdefgh.tmp": False,  # b.md is not being fixed
        ".a.md.ABCDEFGH.tmp": False,  # not a name `write` makes
        ".a.md.abc.tmp": False,
        "a.md.abcdefgh.tmp": False,
    }
    old = time.time() - 120
    for name in planted:
        (docs / name).write_text("half a note", encoding="utf-8")
        if name != ".a.md.abcdefgh.tmp":
            os.utime(docs / name, (old, old))
    os.utime(docs / ".a.md.zz_link1.tmp", (old, old), follow_symlinks=False)
    run("lint", "--fix")
    assert (docs / "a.md").read_bytes() == REPAIRED.encode("utf-8")
    left = {p.name for p in docs.iterdir()}
    assert left == {"a.md", "b.md", ".a.md.zz_link1.tmp"} | {name for name, gone in planted.items() if not gone}
    assert outside.read_text(encoding="utf-8") == "keep\n"


def test_many_files_are_written_at_once_and_each_problem_named_in_order(project, run):
    files = {f"docs/n{i:02d}.md": BROKEN for i in range(12)}
    root = project(files)
    (root / "docs/n03.md").chmod(0o444)
    (root / "docs/n07.md").chmod(0o444)
    (root / "docs/z_link.md").symlink_to(root / "docs/n05.md")  # one file by two names: written once
    result = run("lint", "--fix")
    problems = [line for line in result.err.splitlines() if "fixes not written" in line]
    assert problems == [
        "docs/n03.md: file is read-only; fixes not written",
        "docs/n07.md: file is read-only; fixes not written",
        "docs/z_link.md: file changed while it was being linted; fixes not written",
    ]
    for i in range(12):
        expected = BROKEN if i in (3, 7) else REPAIRED
        assert (root / f"docs/n{i:02d}.md").read_bytes() == expected.encode("utf-8"), i
    assert sorted(p.name for p in (root / "docs").iterdir() if p.name.endswith(".tmp")) == []


def test_after_fixing_only_the_notes_on_fixed_videos_are_linted_again(project, run, monkeypatch):
    root = project(
        {
            "docs/a1.md": note("The dash â€“ here.", "A1", "aaaaaaaaaaa"),
            "docs/a2.md": note("See [[a1]] and [[nowhere]].", "A2", "aaaaaaaaaaa"),
            "docs/b.md": note("See [[nowhere]].", "B", "bbbbbbbbbbb"),
        }
    )
    forgotten: list[str] = []
    forget = cache.Cache.forget

    def recording(self: cache.Cache, names: Iterable[str]) -> None:
        forgotten.extend(names)
        forget(self, names)

    monkeypatch.setattr(cache.Cache, "forget", recording)
    fixed = run("lint", "--no-cache", "--fix", "--jobs", "1")
    assert sorted(forgotten) == ["a1.md", "a2.md"]  # b.md's findings still hold: kept for the second round
    assert (root / "docs/a1.md").read_text(encoding="utf-8") == note("The dash – here.", "A1", "aaaaaaaaaaa")
    after = run("lint", "--no-cache")
    assert fixed.out.replace("Found 3 findings (1 fixed, 2 remaining).", "Found 2 findings.") == after.out


def test_a_note_with_fixes_to_write_leaves_its_findings_out_of_the_first_round(project):
    from mkdocs_pmnotes.core.settings import Settings
    from mkdocs_pmnotes.lint.runner import Site, lint

    root = project({"docs/a.md": BROKEN, "docs/b.md": note("See [[nowhere]].", "B", "bbbbbbbbbbb")})
    targets = [root / "docs/a.md", root / "docs/b.md"]

    def first_round(fixing: bool | None) -> tuple[list[str], bool, int]:
        result = lint(targets, Site.from_roots([root / "docs"]), Settings(), fixing=fixing)
        return sorted({Path(f.path).name for f in result.findings}), result.left_out, len(result.repairs)

    assert first_round(None) == (["a.md", "b.md"], False, 0)
    # a.md is linted again once written: holding its findings meanwhile would be for nothing.
    assert first_round(False) == (["b.md"], True, 1)
    assert (root / "docs/a.md").read_text(encoding="utf-8") == BROKEN  # nothing is written here
    # Of each finding fixed, the repair keeps where it was and its rule, for the count and `--show-fixes`.
    (repair,) = lint(targets, Site.from_roots([root / "docs"]), Settings(), fixing=False).repairs
    assert sorted(f.code for f in repair.fixed) == ["PMN301", "PMN301", "PMN303", "PMN304"]
    assert all(f.fix is None and f.message == "" and f.line == 6 for f in repair.fixed)
