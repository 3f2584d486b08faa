"""The command line as ruff users expect it: stdin, `--output-format`, `--quiet`, `--color`, no abbreviations."""

from __future__ import annotations

import io
import json

import pytest
from cli_support import note

from mkdocs_pmnotes.cli import main

LINKED = note("See [[kept]] and [[nowhere]].")


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def test_a_note_from_stdin_is_linted_as_the_file_it_names(project, run, monkeypatch):
    project({"docs/kept.md": note("Body.", title="Kept"), "docs/a.md": note("On disk: nothing wrong.")})
    _stdin(monkeypatch, LINKED)
    result = run("lint", "-", "--stdin-filename", "docs/a.md", "--output-format", "json")
    found = json.loads(result.out)
    # [[kept]] resolves against the site on disk; only [[nowhere]] dangles, reported at the given path.
    assert [(f["path"], f["code"]) for f in found] == [("docs/a.md", "PMN201")]
    assert "nowhere" in found[0]["message"]


def test_stdin_takes_no_other_path_and_no_fix(project, run, monkeypatch):
    project({"docs/a.md": note("Body.")})
    _stdin(monkeypatch, LINKED)
    assert run("lint", "-", "docs/a.md").code == 2
    _stdin(monkeypatch, LINKED)
    result = run("lint", "-", "--fix")
    assert result.code == 2 and "need a file" in result.err


def test_quiet_shows_only_what_fails_and_no_summary(project, run):
    project(
        {"docs/a.md": note("See [[nowhere]]."), "docs/b.md": note("Dash â€“ here.", title="B")},
        plugin="severity: {PMN201: info}",
    )
    loud = run("lint")
    quiet = run("lint", "--quiet")
    assert "PMN201" in loud.out and "Found" in loud.out  # a dangling topic is info: shown, never failing
    assert "PMN201" not in quiet.out and "PMN301" in quiet.out and "Found" not in quiet.out
    assert quiet.code == loud.code == 1


def test_color_always_and_never(project, run):
    project({"docs/b.md": note("Dash â€“ here.")})
    assert "\x1b[" in run("lint", "--color", "always").out
    assert "\x1b[" not in run("lint", "--color", "never").out


def test_format_is_an_alias_of_output_format(project, run):
    project({"docs/b.md": note("Dash â€“ here.")})
    assert run("lint", "--format", "json").out == run("lint", "--output-format", "json").out


def test_abbreviations_are_refused_and_errors_show_the_subcommand_usage(project, capsys):
    project({"docs/a.md": note("Body.")})
    for argv in (["lint", "--form", "json"], ["lint", "--no-such-option"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("usage: pmnotes lint") and "unrecognized arguments" in err
