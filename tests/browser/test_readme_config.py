"""The README's example configuration keeps the README's promise: loading a page asks no third party.

The `mkdocs.yml` block of the README's "Using the plugin" section is read from the
README itself and built as it is, over the seed notes (the folder it names) and a
home page. Its pages are loaded in Chromium with the network offline and
recorded: nothing may leave the machine before a click, and the first click on a
timestamp asks youtube-nocookie.com for the player and nothing else.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PLAYER = "https://www.youtube-nocookie.com/embed/"
NOTE = "notes/001_90afb0178530e277/"
HOME = """\
# My podcast notes

Start with [[Challenges and advantages of AI in product management]].
"""


def readme_config() -> str:
    """The README's example `mkdocs.yml`, exactly as printed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(# mkdocs\.yml\n.*?)```", readme, flags=re.DOTALL)
    assert len(blocks) == 1, "the README should have one ```yaml block starting with `# mkdocs.yml`"
    return blocks[0]


def test_the_example_is_a_whole_configuration() -> None:
    config = yaml.safe_load(readme_config())
    assert config["site_name"] and config["theme"]["name"] == "material"
    assert "pmnotes" in str(config["plugins"])


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str], mkdocs_build) -> str:
    project = tmp_path_factory.mktemp("readme-example")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    (project / "mkdocs.yml").write_text(readme_config(), encoding="utf-8")
    return serve(mkdocs_build(project / "mkdocs.yml", project / "site"))


@pytest.mark.parametrize("path", ["", NOTE, "episodes/E_rNotqs--I/", "topics/"])
def test_loading_a_page_of_the_example_asks_no_third_party(open_browser, base: str, path: str) -> None:
    browser = open_browser()
    page = browser.page()
    page.goto(base + path, wait_until="networkidle")
    assert page.locator("article h1").count() == 1
    assert browser.network.third_party() == []


def test_the_first_click_asks_only_for_the_player(open_browser, base: str) -> None:
    browser = open_browser()
    page = browser.page()
    page.goto(base + NOTE, wait_until="networkidle")
    page.wait_for_selector(".pmn-player .pmn-player-start")
    assert browser.network.third_party() == []
    page.locator('article a.pmn-ts[data-t="06:33:00"]').first.click()
    page.wait_for_selector("iframe.pmn-player-frame[data-pmn-ready]", state="attached")
    assert {url.split("?")[0] for url in browser.network.third_party()} == {PLAYER + "E_rNotqs--I"}
