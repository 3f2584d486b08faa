"""Concise output people scan: severity, fix marks that say what `--fix` does, colours only in a terminal."""

from __future__ import annotations

import io
import json
import re

from cli_support import note

from mkdocs_pmnotes.lint import output
from mkdocs_pmnotes.lint.rule import Applicability, Edit, Finding, Fix

SAFE = note("A mojibake â€“ dash.", "Safe")
UNSAFE = note('Label <a class="yt-timestamp" data-t="00:01:05">[00:01:06]</a> off.', "Unsafe")
NONE = note("A [[missing page]].", "None")


def _finding(fix=None, severity="warning"):
    return Finding("docs/a.md", 3, 7, "PMN999", "some-rule", "a message", severity, fix)


def test_fix_marks_say_which_flag_fixes_it():
    safe, unsafe = Fix((Edit(0, 1, "x"),), "fix it"), Fix((Edit(0, 1, "x"),), "fix it", Applicability.UNSAFE)
    assert output.concise([_finding(safe)]) == "docs/a.md:3:7: warning PMN999 [*] a message\n"
    assert output.concise([_finding(unsafe)]) == "docs/a.md:3:7: warning PMN999 [-] a message\n"
    assert output.concise([_finding(unsafe)], unsafe=True) == "docs/a.md:3:7: warning PMN999 [*] a message\n"
    assert output.concise([_finding(severity="error")]) == "docs/a.md:3:7: error PMN999 a message\n"


def test_colours_only_in_a_terminal_and_never_with_no_color():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert output.use_colour(Terminal(), {"TERM": "xterm"})
    assert not output.use_colour(Terminal(), {"TERM": "xterm", "NO_COLOR": "1"})
    assert not output.use_colour(io.StringIO(), {"TERM": "xterm"})  # piped
    assert not output.use_colour(Terminal(), {"TERM": "dumb"})
    assert output.use_colour(io.StringIO(), {"FORCE_COLOR": "1"})
    painted = output.concise([_finding(severity="error")], colour=True)
    assert "\x1b[31merror\x1b[0m" in painted
    assert re.sub(r"\x1b\[[0-9;]*m", "", painted) == output.concise([_finding(severity="error")])


def test_statistics_mark_only_what_fix_fixes(project, run):
    project({"docs/safe.md": SAFE, "docs/unsafe.md": UNSAFE, "docs/none.md": NONE})
    text = run("lint", "--statistics").out
    assert re.search(r"^\s*1\tPMN301\t\[\*\] mojibake$", text, re.M)
    assert re.search(r"^\s*1\tPMN102\t\[-\] timestamp-label-mismatch$", text, re.M)
    assert re.search(r"^\s*1\tPMN201\tdangling-link$", text, re.M)
    assert re.search(r"^\s*1\tPMN102\t\[\*\] ", run("lint", "--statistics", "--unsafe-fixes").out, re.M)
    stats = {s["code"]: s for s in json.loads(run("lint", "--statistics", "--format", "json").out)}
    assert (stats["PMN301"]["fixable"], stats["PMN301"]["unsafe_fixable"]) == (True, False)
    assert (stats["PMN102"]["fixable"], stats["PMN102"]["unsafe_fixable"]) == (False, True)
    assert (stats["PMN201"]["fixable"], stats["PMN201"]["unsafe_fixable"]) == (False, False)


def test_piped_output_has_no_escape_codes(project, run, monkeypatch):
    project({"docs/safe.md": SAFE})
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    result = run("lint")
    assert "\x1b" not in result.out and "warning PMN301 [*] mojibake" in result.out
