"""A site of hostile notes builds, runs no script of theirs in any page, and writes only into site_dir."""

from __future__ import annotations

import os
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
    assert "PMN401 docs/bomb.md:6: front matter stands for more than 10,000 values" in done.stderr
    # Real problems one by one; other findings in one summary line (`mkdocs build -v` lists them).
    assert "PMN402 ×2" in done.stderr
    assert (site / "title_mapping" / "index.html").is_file()


def test_no_page_runs_a_script_of_the_notes(built, serve: Callable[[Path], str], open_browser):
    site, _ = built
    base = serve(site)
    browser = open_browser()
    page = browser.page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html") if "search" not in p.parts)
    assert len(pages) > 12
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
