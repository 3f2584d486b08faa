"""The log of `mkdocs serve` on a large site full of real problems: the edit's own lines, then a line per kind.

The site is the benchmarks' generated one with its real problems planted
(`generate.py --problems`): hundreds of errors in dozens of notes (times that are
not clock times, broken anchors and links, front matter that is not YAML). A
rebuild after one edit lists that note's findings and sums up the rest; `-v` lists
every finding; and a warning that is summed up still fails `--strict`.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from mkdocs_pmnotes.lint.api import load_project
from mkdocs_pmnotes.lint.runner import Site, discover, lint

from .conftest import LOGGER, load_generator, write_site

pytestmark = pytest.mark.slow

NOTES = 300
LOCATED = re.compile(r"^(?P<path>[\w./-]+\.md):(?P<line>\d+):(?P<column>\d+): ")
FOUR_FIELD = '<a class="yt-timestamp" data-t="00:12:40:00">[00:12:40:00]</a>'
LOG_LINE = re.compile(r"^(?P<level>[A-Z]+) +-  pmnotes: (?P<message>.*)$")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A 300-note generated site with its real problems, built with MkDocs' own theme (the fastest)."""
    folder = tmp_path_factory.mktemp("serve-log") / "site"
    load_generator().generate(folder, NOTES, 7, problems=True)
    config = {
        "site_name": "Generated",
        "docs_dir": "docs",
        "theme": {"name": "mkdocs"},
        "plugins": [{"pmnotes": {"lint": True}}],
        "nav": [{"Home": "index.md"}],  # as the generator's own configs: no nav of 300 entries
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return folder


def _findings(folder: Path):
    """What `pmnotes lint` finds in the site, for comparison."""
    project = load_project(folder)
    targets, _, _ = discover([], project.roots, project.settings)
    return lint(
        targets, Site.from_roots(project.roots, project.settings.exclude, project.prefixes), project.settings
    ).findings


def _records(caplog) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage().removeprefix("pmnotes: ")) for r in caplog.records if r.name == LOGGER]


def test_the_generated_site_carries_hundreds_of_real_problems(generated, monkeypatch):
    monkeypatch.chdir(generated)
    findings = _findings(generated)
    errors = [f for f in findings if f.severity == "error"]
    assert len(errors) >= 200 and len({f.path for f in errors}) >= 40
    # Each planted kind is there, as the linter names it.
    assert {"PMN101", "PMN106", "PMN202", "PMN401", "PMN403"} <= {f.code for f in errors}


def test_a_rebuild_lists_the_edited_note_and_sums_up_the_rest(generated, caplog, monkeypatch):
    monkeypatch.chdir(generated)
    caplog.set_level(logging.INFO, logger=LOGGER)  # what a terminal shows without `-v`
    before = _findings(generated)
    quiet = {f.path for f in before}
    edited = next(p for p in sorted((generated / "docs").glob("*.md")) if f"docs/{p.name}" not in quiet)
    shown = f"docs/{edited.name}"
    original = edited.read_bytes()
    config_file = str(generated / "mkdocs.yml")
    first = load_config(config_file=config_file)
    first.plugins["pmnotes"].on_startup(command="serve", dirty=True)
    try:
        mkdocs_build(first, dirty=True)
        at_start = _records(caplog)
        caplog.clear()
        lines = original.decode().count("\n")
        edited.write_bytes(original + f"\nOne more claim about [[nowhere at all]] {FOUR_FIELD}.\n".encode())
        mkdocs_build(load_config(config_file=config_file), dirty=True)
        rebuild = _records(caplog)
        after = _findings(generated)
    finally:
        edited.write_bytes(original)
        first.plugins["pmnotes"].on_startup(command="build", dirty=False)
    # The first build edited nothing: every finding is summed up, real problems included.
    assert at_start and not [m for _, m in at_start if LOCATED.match(m)]
    assert len(rebuild) <= 20, "\n".join(m for _, m in rebuild)
    located = [m for _, m in rebuild if LOCATED.match(m)]
    assert located and all(m.startswith(f"{shown}:") for m in located)
    assert any(m.startswith(f"{shown}:{lines + 2}:") and " PMN101 `data-t` value `00:12:40:00`" in m for m in located)
    assert any("link to 'nowhere at all' matches no page" in m for m in located)
    # The other notes' times that are not clock times: one line, counting exactly them.
    others = [f for f in after if f.code == "PMN101" and f.path != shown]
    notes = len({f.path for f in others})
    assert len(others) > 100
    assert [m for _, m in rebuild if "(PMN101)" in m] == [
        f"{len(others)} errors in {notes} notes: `data-t` or its label is not a clock time (PMN101);"
        " `mkdocs serve -v` or `pmnotes lint` lists them"
    ]
    broken = len({f.path for f in after if f.code == "PMN401"})
    assert (
        "WARNING",
        f"{broken} notes with broken front matter (PMN401): built as plain text (`mkdocs serve -v` lists them)",
    ) in rebuild


def test_verbose_lists_every_finding(generated, tmp_path, monkeypatch):
    """`mkdocs build -v`, run as a user runs it: every finding on a line of its own."""
    monkeypatch.chdir(generated)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # no terminal: MkDocs does not wrap lines
    env["NO_MKDOCS_2_WARNING"] = "1"
    command = [sys.executable, "-m", "mkdocs", "build", "-v", "-f", "mkdocs.yml", "-d", str(tmp_path / "out")]
    done = subprocess.run(command, cwd=generated, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    messages = [m["message"] for m in map(LOG_LINE.match, done.stderr.splitlines()) if m]
    assert not [m for m in messages if "lists them" in m]  # nothing is left to a summary
    findings = _findings(generated)
    # Every finding of the linter's own rules, where `pmnotes lint` puts it.
    build_codes = ("PMN201", "PMN203", "PMN104", "PMN401", "PMN305")
    listed = sorted(m.split(" ", 2)[0] + " " + m.split(" ", 2)[1] for m in messages if re.match(r"\S+: PMN\d{3} ", m))
    assert listed == sorted(f"{f.path}:{f.line}:{f.column}: {f.code}" for f in findings if f.code not in build_codes)
    # The build's own facts: each note it could not read, each dangling link.
    broken = sorted(f.path for f in findings if f.code == "PMN401")
    assert sorted(m.split(" ")[1].split(":")[0] for m in messages if m.startswith("PMN401 ")) == broken
    assert sum("matches no page" in m for m in messages) == sum(f.code == "PMN201" for f in findings)


WARNED = "---\ntitle: Warned\n---\n\nThe caf\u00c3\u00a9 opens at nine.\n"  # mojibake: PMN301, a warning
CLEAN = "---\ntitle: Clean\n---\n\nNothing to say.\n"


@pytest.mark.parametrize("severity, fails", [("warning", True), ("info", False)])
def test_strict_fails_on_a_summed_up_warning(tmp_path, caplog, severity, fails):
    plugin = {"lint": True, "lint_level": "auto", "select": ["PMN301"], "severity": {"PMN301": severity}}
    config = write_site(
        tmp_path, {"docs/warned.md": WARNED, "docs/clean.md": CLEAN}, {"plugins": [{"pmnotes": plugin}]}
    )
    caplog.set_level(logging.INFO, logger=LOGGER)
    if fails:
        with pytest.raises(Abort):
            mkdocs_build(load_config(config_file=str(config), strict=True))
    else:
        mkdocs_build(load_config(config_file=str(config), strict=True))
    word = "warning" if severity == "warning" else "finding"
    # Summed up, not listed, at the level of what it stands for.
    assert _records(caplog) == [
        (
            "WARNING" if fails else "INFO",
            f"1 {word} in 1 note: UTF-8 text that was decoded as cp1252 or latin-1 (PMN301);"
            " `mkdocs build -v` or `pmnotes lint` lists them",
        )
    ]


def test_strict_fails_on_a_summed_up_note_it_could_not_read(tmp_path, caplog):
    broken = "---\ntitle: Episode 12: pricing\n---\n\nBody.\n"  # an unquoted colon: not YAML
    config = write_site(tmp_path, {"docs/broken.md": broken, "docs/clean.md": CLEAN})
    caplog.set_level(logging.INFO, logger=LOGGER)
    with pytest.raises(Abort):
        mkdocs_build(load_config(config_file=str(config), strict=True))
    assert _records(caplog) == [
        ("WARNING", "1 note with broken front matter (PMN401): built as plain text (`mkdocs build -v` lists them)")
    ]
