"""The seeds on MkDocs' built-in `mkdocs` theme: no `document$`, so pmnotes.js sets up on page load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PLAYER = "https://www.youtube-nocookie.com/embed/"
FRAME = "iframe.pmn-player-frame"

CONFIG = """\
site_name: Seeds on the mkdocs theme
theme:
  name: mkdocs
  highlightjs: false  # it would load highlight.js from a CDN
  color_mode: auto
plugins:
  - search
  - pmnotes:
      notes: [{seeds}]
      mount: {{{seeds}: notes}}
"""

HOME = """\
---
title: Home
---

# Home

Start with [[Challenges and advantages of AI in product management]].
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str], mkdocs_build) -> str:
    project = tmp_path_factory.mktemp("mkdocs-theme")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG.format(seeds=SEEDS.as_posix()), encoding="utf-8")
    return serve(mkdocs_build(project / "mkdocs.yml", project / "site"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_player_on_the_mkdocs_theme(open_browser, base: str, scheme: str, screenshot) -> None:
    browser = open_browser(color_scheme=scheme)
    page = browser.page()
    page.goto(base, wait_until="networkidle")
    page.click("a.pmn-link")
    page.wait_for_url(base + "notes/001_90afb0178530e277/")
    page.wait_for_selector(".pmn-player .pmn-player-start")
    assert browser.network.third_party() == []
    screenshot(page, f"mkdocs-theme-note-{scheme}")

    page.locator('a.pmn-ts[data-t="06:33:00"]').first.click()
    frame = page.wait_for_selector(f"{FRAME}[data-pmn-ready]", state="attached")
    assert frame.get_attribute("src") == f"{PLAYER}E_rNotqs--I?start=393&autoplay=1&enablejsapi=1"
    page.locator('a.pmn-ts[data-t="00:30:00"]').first.click()
    assert page.locator(".pmn-player").get_attribute("data-pmn-seconds") == "30"
    assert page.locator(FRAME).count() == 1
