"""The build log on the seeds: a line per kind, each fact once, details with `-v` or for edited notes."""

from __future__ import annotations

import logging
import re
import shutil

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from mkdocs_pmnotes.lint.api import BY_CODE, load_project
from mkdocs_pmnotes.lint.runner import Site, discover, lint

from .conftest import LOGGER, SEEDS, build, write_site

pytestmark = pytest.mark.slow

LOCATION = re.compile(r"^[\w./-]+\.md:\d+:\d+: ")


def _project(tmp_path, **options):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    plugin = {"notes": ["seeds"], "mount": {"seeds": "notes"}, "lint": True, **options}
    return write_site(tmp_path, {"docs/index.md": "# Home\n"}, {"plugins": [{"pmnotes": plugin}]})


def _lines(caplog, level=logging.INFO):
    caplog.set_level(level, logger=LOGGER)
    return lambda: [(r.levelname, r.getMessage().removeprefix("pmnotes: ")) for r in caplog.records if r.name == LOGGER]


def _findings(tmp_path):
    """What `pmnotes lint` finds in the same project, for comparison."""
    project = load_project(tmp_path)
    targets, _, _ = discover([], project.roots, project.settings)
    return lint(
        targets, Site.from_roots(project.roots, project.settings.exclude, project.prefixes), project.settings
    ).findings


def _summary(code, found, command="build"):
    """The line that sums up one rule's findings, as a reader expects it."""
    count, notes = len(found), len({f.path for f in found})
    word = {"error": "error", "warning": "warning"}.get(found[0].severity, "finding")
    return (
        f"{count} {word}{'s' if count > 1 else ''} in {notes} note{'s' if notes > 1 else ''}:"
        f" {BY_CODE[code].summary} ({code}); `mkdocs {command} -v` or `pmnotes lint` lists them"
    )


def test_a_build_on_the_seeds_logs_one_line_per_kind(tmp_path, caplog, monkeypatch):
    config = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    logs = _lines(caplog)
    build(config)
    messages = [m for _, m in logs()]
    findings = _findings(tmp_path)
    dangling = [f for f in findings if f.code == "PMN201"]
    rest = [f for f in findings if f.code not in ("PMN201", "PMN203", "PMN104")]
    topics = [p for p in (tmp_path / "site/topics").iterdir() if p.is_dir()]
    by_code: dict[str, list] = {}
    for finding in rest:
        by_code.setdefault(finding.code, []).append(finding)
    # The seeds have plenty to say, real problems (errors) among them.
    assert len(dangling) > 10 and any(f.severity == "error" for f in rest) and len(by_code) > 1
    severity = {"error": 0, "warning": 1, "info": 2}
    assert messages == [
        f"{len(dangling)} links to {len(topics)} missing pages go to topic pages (`mkdocs build -v` lists them)",
        "2 notes use shifted timestamps (minutes:seconds written as hours:minutes); links corrected (`mkdocs build -v` lists them)",
        # One line per rule, errors first: no note was edited, so even real problems are summed up.
        *(
            _summary(code, found)
            for code, found in sorted(by_code.items(), key=lambda i: (severity[i[1][0].severity], i[0]))
        ),
    ]


def test_verbose_lists_every_fact_once(tmp_path, caplog, monkeypatch):
    config = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    logs = _lines(caplog, logging.DEBUG)
    build(config)
    messages = [m for _, m in logs()]
    located = [m for m in messages if LOCATION.match(m)]
    findings = _findings(tmp_path)
    # Each dangling link once, from the build (not again as the linter's PMN201).
    assert sum("matches no page" in m for m in located) == sum(f.code == "PMN201" for f in findings)
    assert not [m for m in located if " PMN201 " in m or " PMN104 " in m]
    assert sum("read as minutes:seconds" in m for m in messages) == 2
    # Every other finding once, where `pmnotes lint` puts it.
    expected = sorted(
        f"{f.path}:{f.line}:{f.column}: {f.code}" for f in findings if f.code not in ("PMN201", "PMN203", "PMN104")
    )
    assert (
        sorted(m.split(" ", 2)[0] + " " + m.split(" ", 2)[1] for m in located if re.search(r": PMN\d{3} ", m))
        == expected
    )
    assert len(messages) == len(set(messages))
    assert not [m for m in messages if "lists them" in m]  # nothing is left to a summary


def test_serve_details_the_edited_note_only(tmp_path, caplog, monkeypatch):
    config = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    logs = _lines(caplog)
    first = load_config(config_file=str(config))
    first.plugins["pmnotes"].on_startup(command="serve", dirty=False)
    try:
        mkdocs_build(first)
        caplog.clear()
        edited = tmp_path / "seeds/004_8eb36e0c5cf3a945.md"
        edited.write_bytes(edited.read_bytes() + b"\nOne more line about [[nowhere at all]].\n")
        mkdocs_build(load_config(config_file=str(config)))
    finally:
        first.plugins["pmnotes"].on_startup(command="build", dirty=False)
    messages = [m for _, m in logs()]
    located = [m for m in messages if LOCATION.match(m)]
    # Only the edited note, line by line; the other notes' real problems (errors) are summed up.
    assert located and all(m.startswith("seeds/004_8eb36e0c5cf3a945.md:") for m in located)
    assert any("link to 'nowhere at all' matches no page" in m for m in located)
    assert any(" PMN301 " in m for m in located)  # the edited note's own findings
    summary = [m for m in messages if "go to topic pages" in m]  # the other notes' dangling links
    assert len(summary) == 1 and summary[0].endswith("(`mkdocs serve -v` lists them)")
    index = [f for f in _findings(tmp_path) if f.path == "docs/index.md" and f.code == "PMN401"]
    assert index and _summary("PMN401", index, "serve") in messages


@pytest.mark.parametrize("severity, fails", [("warning", True), ("info", False)])
def test_strict_still_fails_where_the_levels_say(tmp_path, monkeypatch, severity, fails):
    config = _project(tmp_path, lint_level="auto", select=["PMN201"], severity={"PMN201": severity})
    monkeypatch.chdir(tmp_path)
    if fails:
        with pytest.raises(Abort):
            mkdocs_build(load_config(config_file=str(config), strict=True))
    else:
        mkdocs_build(load_config(config_file=str(config), strict=True))


@pytest.mark.parametrize("dirty", [False, True])
def test_serve_on_a_big_site_suggests_dirty_once(tmp_path, caplog, monkeypatch, dirty):
    from mkdocs_pmnotes.plugin import plugin as plugin_module

    monkeypatch.setattr(plugin_module, "HINT_PAGES", 3)  # the seeds and a home page stand in for a big site
    config = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    logs = _lines(caplog)
    first = load_config(config_file=str(config))
    first.plugins["pmnotes"].on_startup(command="serve", dirty=dirty)
    try:
        for _ in range(2):
            mkdocs_build(load_config(config_file=str(config)), dirty=dirty)
    finally:
        first.plugins["pmnotes"].on_startup(command="build", dirty=False)
    hints = [m for _, m in logs() if "--dirty" in m]
    assert hints == ([] if dirty else ["4 pages: `mkdocs serve --dirty` rebuilds only the pages an edit changes"])
