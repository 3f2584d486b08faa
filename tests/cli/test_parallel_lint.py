"""`pmnotes lint --jobs N`: notes checked in several processes, reported exactly as by one.

And JSON written a finding at a time: its peak memory is the concise format's, not a
document's worth more.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import sys
import tracemalloc
from pathlib import Path

import pytest
from cli_support import note

from mkdocs_pmnotes.cli import main
from mkdocs_pmnotes.core import processes
from mkdocs_pmnotes.lint import checker, fixes, linter

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ("concise", "json", "sarif")


class Sink:
    """Standard output that keeps nothing but a count and a digest of what was written."""

    def __init__(self) -> None:
        self.size = 0
        self.parts: list[str] | None = []

    def write(self, text: str) -> int:
        self.size += len(text)
        if self.parts is not None:
            self.parts.append(text)
        return len(text)

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass


def lint_in(folder: Path, *args: str, keep: bool = True) -> tuple[int, str, int]:
    """Run `pmnotes lint` in `folder`: (exit code, standard output, its length in characters)."""
    sink = Sink()
    if not keep:
        sink.parts = None
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(sink):  # type: ignore[type-var]
            code = main(["lint", *args])
    finally:
        os.chdir(cwd)
    return code, "".join(sink.parts or []), sink.size


def generated(folder: Path, notes: int) -> Path:
    name = "pmnotes_benchmark_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "generate.py")
        assert spec is not None and spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    sys.modules[name].generate(folder, notes, 3)
    return folder


@pytest.fixture
def parsed(tmp_path, monkeypatch):
    """(process, note) for each note parsed this run, forked workers included."""
    record = tmp_path / "parsed"
    parse = checker.parse_note

    def parse_note(text, name, *rest):
        with open(record, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {name}\n")
        return parse(text, name, *rest)

    for module in (checker, linter):
        monkeypatch.setattr(module, "parse_note", parse_note)

    def take() -> list[tuple[int, str]]:
        lines = record.read_text(encoding="utf-8").split("\n") if record.exists() else []
        record.unlink(missing_ok=True)
        return [(int(pid), name) for pid, name in (line.split(" ", 1) for line in lines if line)]

    return take


@pytest.fixture
def pids(parsed):
    """The processes that parsed a note this run (forked workers inherit the patch)."""
    return lambda: {pid for pid, _ in parsed()}


def same_either_way(folder: Path, pids, *extra: str) -> None:
    for form in FORMATS:
        serial = lint_in(folder, "--no-cache", "--format", form, "--jobs", "1", *extra)
        assert pids() == {os.getpid()}
        shared = lint_in(folder, "--no-cache", "--format", form, "--jobs", "2", *extra)
        workers = pids()
        assert os.getpid() not in workers and len(workers) == 2, "--jobs 2 checks in two other processes"
        assert shared == serial, form


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_the_seeds_are_reported_the_same_by_one_process_or_two(tmp_path, pids):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "seeds", site / "docs")
    (site / "mkdocs.yml").write_text("site_name: Seeds\nplugins:\n  - pmnotes\n", encoding="utf-8")
    same_either_way(site, pids)
    code, out, _ = lint_in(site, "--no-cache", "--jobs", "2")
    assert code == 1 and "PMN" in out


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_a_generated_site_is_reported_the_same_by_one_process_or_two(tmp_path, pids):
    site = generated(tmp_path / "site", 300)
    same_either_way(site, pids)
    # --fix writes the same notes whichever way they were checked.
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    fixed = lint_in(site, "--no-cache", "--fix", "--unsafe-fixes", "--jobs", "1")
    fixed_shared = lint_in(copy, "--no-cache", "--fix", "--unsafe-fixes", "--jobs", "2")
    assert "fixed" in fixed[1] and fixed_shared == fixed
    for path in (site / "docs").glob("*.md"):
        assert (copy / "docs" / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_the_hostile_fixtures_are_reported_the_same_by_one_process_or_two(pids):
    same_either_way(ROOT / "tests" / "fixtures" / "hostile", pids)


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_the_cache_written_by_two_processes_serves_one(tmp_path, pids):
    site = generated(tmp_path / "site", 40)
    past = 1_600_000_000
    for path in site.rglob("*.md"):
        os.utime(path, (past, past))
    cold = lint_in(site, "--no-cache", "--jobs", "1")
    pids()
    assert lint_in(site, "--jobs", "2") == cold
    assert len(pids()) == 2
    assert lint_in(site, "--jobs", "1") == cold
    assert pids() == set(), "a warm run after a parallel one parses nothing"


def test_auto_stays_in_one_process_below_the_threshold(project, pids):
    project({f"docs/n{i}.md": note(f"See [[nowhere{i}]].", f"N{i}", video=f"v{i:010d}") for i in range(5)})
    code, out, _ = lint_in(Path.cwd())
    assert code == 1 and out.count("PMN201") == 5
    assert pids() == {os.getpid()}


def test_auto_uses_every_cpu_on_a_large_site(monkeypatch):
    monkeypatch.setattr(processes, "cpus", lambda: 4)
    assert processes.workers(processes.PARALLEL_MIN - 1, None) == 1
    assert processes.workers(processes.PARALLEL_MIN, None) == 4
    assert processes.workers(3, 2) == 2  # given: obeyed whatever the size
    assert processes.workers(10_000, 1) == 1


def test_chunks_keep_each_video_whole_and_in_order():
    groups = [[(Path(f"{g}-{i}.md"), f"{g}-{i}.md") for i in range(size)] for g, size in enumerate([5, 1, 1, 7, 2])]
    chunks = processes.chunked(groups, [len(g) for g in groups], 3)
    assert [g for chunk in chunks for g in chunk] == groups
    assert len(chunks) == 3


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_a_bad_jobs_value_is_a_usage_error(project, value, capsys):
    project({"docs/a.md": note("Text.")})
    with pytest.raises(SystemExit) as stop:
        main(["lint", "--jobs", value])
    assert stop.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_json_is_written_as_it_goes(project):
    """JSON's peak memory is the concise format's: no document, no texts held whole."""
    body = "\n".join(f"Line {i} says [12:{i % 60:02d}] aloud\u200b and on." for i in range(120))
    project({f"docs/n{i:02d}.md": note(body, f"N{i}", video=f"v{i:010d}") for i in range(30)})
    peaks = {}
    sizes = {}
    for form in ("concise", "json"):
        lint_in(Path.cwd(), "--no-cache", "--jobs", "1", "--format", form, keep=False)  # imports, caches
        tracemalloc.start()
        try:
            code, _, sizes[form] = lint_in(Path.cwd(), "--no-cache", "--jobs", "1", "--format", form, keep=False)
            peaks[form] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert code == 1
    assert sizes["json"] > 5 * sizes["concise"] > 2_500_000  # a document far larger than the list
    assert peaks["json"] <= 1.2 * peaks["concise"] + 1_000_000, peaks


def test_fix_without_a_cache_lints_again_only_what_the_fixes_touched(project, parsed):
    project(
        {
            "docs/a.md": note("A mojibake â€“ dash.", "A", video="aaaaaaaaaaa"),
            "docs/a2.md": note("Same video, nothing to fix.", "A2", video="aaaaaaaaaaa"),
            "docs/b.md": note("Nothing to fix here.", "B", video="bbbbbbbbbbb"),
        }
    )
    _, out, _ = lint_in(Path.cwd(), "--no-cache", "--fix", "--jobs", "1")
    assert "1 fixed" in out and "–" in Path("docs/a.md").read_text(encoding="utf-8")
    names = [name for _, name in parsed()]
    # a.md: linted, fixed (one round), linted again; b.md, on another video, linted once.
    assert names.count("a.md") == 3 and names.count("b.md") == 1


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_fixes_are_made_where_the_notes_are_checked(tmp_path, monkeypatch):
    site = generated(tmp_path / "site", 40)
    record = tmp_path / "fixed-by"
    fix_text = fixes.fix_text

    def recording(linter, shown, *rest):
        with open(record, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return fix_text(linter, shown, *rest)

    monkeypatch.setattr(fixes, "fix_text", recording)
    _, out, _ = lint_in(site, "--no-cache", "--fix", "--unsafe-fixes", "--jobs", "2")
    assert "fixed" in out
    by = set(map(int, record.read_text(encoding="utf-8").split()))
    assert os.getpid() not in by and len(by) == 2, "the two processes that check the notes fix them"
