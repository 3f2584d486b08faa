"""Output formats, rule selection, exit codes and the rule catalogue commands."""

from __future__ import annotations

import inspect
import json
import re

import pytest
from cli_support import note, position

from mkdocs_pmnotes.lint import output
from mkdocs_pmnotes.lint.registry import RULES
from mkdocs_pmnotes.lint.rule import Finding

DANGLING = note("Intro line.\n\nSee [[nowhere_at_all | a topic]] and [[b]].")
MOJIBAKE = note("The dash â€“ is broken, and [[a]] works.", title="B note")


@pytest.fixture
def site(project):
    return project({"docs/a.md": DANGLING, "docs/b.md": MOJIBAKE})


def test_concise_is_path_line_col_severity_code_message(site, run):
    result = run("lint", "docs/a.md")
    line, column = position(DANGLING, "[[nowhere_at_all")
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first == f"docs/a.md:{line}:{column}: warning PMN201 `nowhere_at_all` matches no page (dangling topic)"
    assert "Found 1 finding." in result.out


def test_json_lists_every_field_and_a_fix_only_when_there_is_one(site, run):
    result = run("lint", "--format", "json")
    items = json.loads(result.out)
    assert {item["path"] for item in items} == {"docs/a.md", "docs/b.md"}
    for item in items:
        assert {"path", "line", "column", "code", "name", "message", "severity"} <= set(item)
    dangling = next(i for i in items if i["code"] == "PMN201")
    assert "fix" not in dangling and dangling["name"] == "dangling-link"
    mojibake = next(i for i in items if i["code"] == "PMN301")
    line, column = position(MOJIBAKE, "â€“")
    assert (mojibake["line"], mojibake["column"]) == (line, column)
    fix = mojibake["fix"]
    assert fix["applicability"] == "safe"
    assert fix["edits"] == [
        {"content": "–", "line": line, "column": column, "end_line": line, "end_column": column + 3}
    ]


def test_github_annotations(site, run):
    result = run("lint", "--format", "github", "docs/a.md")
    line, column = position(DANGLING, "[[nowhere_at_all")
    assert result.out.startswith(f"::warning file=docs/a.md,line={line},col={column},")
    assert "title=PMN201 dangling-link::PMN201 `nowhere_at_all` matches no page" in result.out
    assert "Found" not in result.out  # machine formats carry no summary


def test_github_escapes_what_would_break_a_workflow_command():
    finding = Finding("a,b:c.md", 1, 2, "PMN201", "dangling-link", "50% off\nnext", "error")
    assert (
        output.github([finding])
        == "::error file=a%2Cb%3Ac.md,line=1,col=2,title=PMN201 dangling-link::PMN201 50%25 off%0Anext\n"
    )


def test_sarif_has_the_rule_catalogue_and_one_result_per_finding(site, run):
    listed = json.loads(run("lint", "--format", "json").out)
    log = json.loads(run("lint", "--format", "sarif").out)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    sarif_run = log["runs"][0]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    assert all(r["fullDescription"]["text"] and r["shortDescription"]["text"] for r in rules)
    results = sarif_run["results"]
    assert len(results) == len(listed)
    for result, item in zip(results, listed, strict=False):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == item["code"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (item["line"], item["column"])
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[item["severity"]]
    assert any("fixes" in r for r in results if r["ruleId"] == "PMN301")


def test_full_shows_the_line_and_a_caret_under_the_span(site, run):
    result = run("lint", "--format", "full", "docs/a.md")
    line, _column = position(DANGLING, "[[nowhere_at_all")
    lines = result.out.splitlines()
    shown = next(i for i, text in enumerate(lines) if text.startswith(f"{line} | "))
    assert "See [[nowhere_at_all | a topic]]" in lines[shown]
    caret = lines[shown + 1]
    start = caret.index("^")
    assert lines[shown][start:].startswith("[[nowhere_at_all | a topic]]")
    assert caret.count("^") == len("[[nowhere_at_all | a topic]]")


def test_statistics_count_per_rule(site, run):
    listed = json.loads(run("lint", "--format", "json").out)
    stats = json.loads(run("lint", "--statistics", "--format", "json").out)
    counts = {}
    for item in listed:
        counts[item["code"]] = counts.get(item["code"], 0) + 1
    assert {s["code"]: s["count"] for s in stats} == counts
    text = run("lint", "--statistics").out
    assert re.search(r"^\s*1\tPMN301\t\[\*\] mojibake$", text, re.M)


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (["--select", "PMN201"], {"PMN201"}),
        (["--select", "PMN3"], {"PMN301"}),
        (["--select", "mojibake"], {"PMN301"}),
        (["--ignore", "PMN201"], {"PMN301"}),
        (["--ignore", "dangling-link,mojibake"], set()),
        (["--select", "ALL", "--ignore", "PMN2"], {"PMN301"}),
    ],
)
def test_select_and_ignore_by_code_prefix_or_name(site, run, args, codes):
    items = json.loads(run("lint", "--format", "json", *args).out)
    assert {item["code"] for item in items} == codes


def test_exit_codes(site, run):
    assert run("lint").code == 1
    clean = run("lint", "--select", "PMN4")
    assert (clean.code, clean.out) == (0, "All checks passed!\n")
    assert run("lint", "--exit-zero").code == 0
    assert run("lint", "--select", "PMN999").code == 2
    assert run("lint", "--no-such-flag").code == 2
    assert run("lint", "--format", "xml").code == 2
    assert run().code == 2


def test_nothing_to_lint_exits_zero(project, run):
    project({}, mkdocs=False)
    result = run("lint")
    assert result.code == 0
    assert result.err == "pmnotes: no notes to lint\n"


def test_rules_lists_every_rule(project, run):
    result = run("rules")
    assert result.code == 0
    assert [line.split()[0] for line in result.out.splitlines()] == [r.code for r in RULES]
    data = json.loads(run("rules", "--format", "json").out)
    assert [(d["code"], d["name"]) for d in data] == [(r.code, r.name) for r in RULES]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_prints_the_explanation(run, rule):
    for asked in (rule.code, rule.code.lower(), rule.name):
        result = run("rule", asked)
        assert result.code == 0
        assert result.out.startswith(f"# {rule.name} ({rule.code})\n")
        assert inspect.cleandoc(rule.__doc__) in result.out


def test_unknown_rule_is_a_usage_error(run):
    result = run("rule", "PMN999")
    assert result.code == 2
    assert result.err == "pmnotes: unknown rule `PMN999` (see `pmnotes rules`)\n"


# A byte that is not UTF-8, an escape sequence and a line break, each in a file name.
ODD_NAMES = [b"caf\xe9.md", b"red\x1b[31m.md", b"two\nlines.md"]


def test_file_names_are_escaped_for_each_format(project, run):
    import os

    root = project({})
    (root / "docs").mkdir()
    for number, raw in enumerate(ODD_NAMES):
        text = note("See [[nowhere_at_all]].", title=f"Odd {number}")
        (root / "docs" / os.fsdecode(raw)).write_text(text, encoding="utf-8")
    shown = ["docs/caf\\xE9.md", "docs/red\\x1b[31m.md", "docs/two\\nlines.md"]
    concise = run("lint").out
    for out in (concise, run("lint", "--format", "full").out, run("lint", "--format", "github").out):
        out.encode("utf-8")  # no lone surrogate: valid UTF-8 on any stdout
        assert "\x1b" not in out
    assert sorted(line.split(":")[0] for line in concise.splitlines() if " PMN201 " in line) == sorted(shown), concise
    items = json.loads(run("lint", "--format", "json").out.encode("utf-8"))
    assert sorted(item["path"] for item in items) == sorted(shown)
    sarif = json.loads(run("lint", "--format", "sarif").out.encode("utf-8"))
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"])
    assert uris == ["docs/caf%E9.md", "docs/red%1B%5B31m.md", "docs/two%0Alines.md"]
    assert all("\n" not in line.split("::", 2)[1] for line in run("lint", "--format", "github").out.splitlines())
