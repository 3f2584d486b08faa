"""A site of hostile notes builds, runs no script of theirs in any page, and writes only into site_dir."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"


def _tree(folder: Path) -> dict[str, tuple[int, int] | None]:
    """Every file (size, mtime) and folder below `folder`, except the site being built."""
    found: dict[str, tuple[int, int] | None] = {}
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if not name.startswith("a/project/site"):
            found[name] = None if path.is_dir() else (path.stat().st_size, path.stat().st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    # Two folders deep, so a page written to `../../x` would land inside the watched tree.
    outer = tmp_path_factory.mktemp("hostile")
    project = outer / "a" / "project"
    shutil.copytree(FIXTURE, project)
    before = _tree(outer)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-4000:]
    assert _tree(outer) == before, "something was written outside site_dir"
    return project / "site", done


def test_the_hostile_notes_build_and_say_what_is_wrong(built):
    site, done = built
    assert "Traceback" not in done.stderr
    # No note was edited: a line per kind, real problems included (`mkdocs build -v` lists them).
    # The YAML bomb and a block split by a vertical tab.
    assert "pmnotes: 2 notes with broken front matter (PMN401): built as plain text" in done.stderr
    assert "pmnotes: 2 warnings in 2 notes: the front matter has no `title`" in done.stderr
    assert (site / "title_mapping" / "index.html").is_file()


def test_the_build_log_holds_no_control_character_of_the_notes(built):
    _, done = built
    assert [c for c in done.stderr if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)] == []


def test_links_to_headings_with_shifted_timestamps_land_on_their_ids(built):
    site, _ = built
    target = (site / "shifted_headings" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r' id="([^"]+)"', target))
    wanted = set(re.findall(r'href="#(part[^"]*)"', target))
    for html in (site / "episodes").rglob("index.html"):
        wanted |= set(re.findall(r'shifted_headings/#([^"]+)"', html.read_text(encoding="utf-8")))
    assert len(wanted) >= 8 and wanted <= ids
    assert "part-1-000633" in ids  # the heading shows the time its link plays


def test_no_page_runs_a_script_of_the_notes(built, serve: Callable[[Path], str], open_browser):
    site, _ = built
    base = serve(site)
    browser = open_browser()
    page = browser.page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html") if "search" not in p.parts)
    assert len(pages) > 20
    for path in pages:
        page.goto(base + ("" if path == "." else path + "/"), wait_until="load")
        # Every element's handlers get their chance: hover and focus everything on the page
        # (no clicks: a click on a timestamp rightly starts the player).
        page.evaluate("""() => { for (const el of document.querySelectorAll('*')) {
            for (const type of ['mouseover', 'mouseenter', 'focus']) {
                el.dispatchEvent(new Event(type, {bubbles: false}));
            } } }""")
        page.wait_for_timeout(50)
    assert dialogs == []
    assert browser.network.third_party() == []
