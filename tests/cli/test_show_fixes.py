"""`--show-fixes` lists the fixes `--fix` made, per file and rule, as ruff does."""

from __future__ import annotations

from cli_support import note


def test_the_fixes_made_are_listed_per_file_and_rule(project, run):
    root = project(
        {
            "docs/a.md": note("The dash â€“ is broken, and Q&amp;amp;A too."),
            "docs/b.md": note("Fine text.", title="B"),
        }
    )
    result = run("lint", "--fix", "--show-fixes", "--select", "PMN301,PMN304")
    assert result.code == 0, result.err
    assert result.out.startswith(
        "Fixed 2 findings:\n- docs/a.md:\n    1 × PMN301 (mojibake)\n    1 × PMN304 (double-escaped-entity)\n"
    )
    assert "â€“" not in (root / "docs/a.md").read_text(encoding="utf-8")


def test_without_the_option_nothing_is_listed(project, run):
    project({"docs/a.md": note("The dash â€“ is broken.")})
    result = run("lint", "--fix", "--select", "PMN301")
    assert "Fixed 1 finding" not in result.out and "×" not in result.out
