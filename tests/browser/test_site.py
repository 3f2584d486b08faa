"""The project's own site in a real browser: Material, the plugin's HTML and pmnotes.js together.

The site is built from the repository's `mkdocs.yml` (the user guide plus the
seed notes mounted under /notes/), served on 127.0.0.1, and driven in Debian's
chromium. The network is offline: YouTube is answered by stub pages (see
conftest.py), everything else off this machine is refused and recorded.
Screenshots are kept in test-artifacts/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PLAYER = "https://www.youtube-nocookie.com/embed/"
NOTE_001 = "notes/001_90afb0178530e277/"  # shifted time throughout, video E_rNotqs--I
NOTE_000 = "notes/000_89ad6f01fa81b329/"  # real clock time, video qNPPoj1qUG0
NOTE_004 = "notes/004_8eb36e0c5cf3a945/"  # same video as 001
TITLE_001 = "Challenges and advantages of AI in product management"
FRAME = "iframe.pmn-player-frame"
CONTENT = "article.md-content__inner"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str], mkdocs_build) -> tuple[Path, str]:
    """The site folder and its URL. The server starts first: Material's instant
    navigation only swaps pages whose sitemap address has the served port."""
    site_dir = tmp_path_factory.mktemp("project-site")
    url = serve(site_dir)
    mkdocs_build(ROOT / "mkdocs.yml", site_dir, PMNOTES_SITE_URL=url)
    return site_dir, url


@pytest.fixture(scope="module")
def site(served: tuple[Path, str]) -> Path:
    return served[0]


@pytest.fixture(scope="module")
def base(served: tuple[Path, str]) -> str:
    return served[1]


def ts(data_t: str) -> str:
    return f'{CONTENT} a.pmn-ts[data-t="{data_t}"]'


def player_frame(page: Page) -> Frame:
    frames = [f for f in page.frames if f.url.startswith(PLAYER)]
    assert len(frames) == 1, [f.url for f in page.frames]
    return frames[0]


def received(page: Page) -> list[dict[str, object]]:
    """The commands the player stub has received, up to a marker posted after them (see test_assets)."""
    page.evaluate(f"document.querySelector('{FRAME}').contentWindow.postMessage('end', '*')")
    frame = player_frame(page)
    frame.wait_for_function("window.pmnReceived.indexOf('end') !== -1")
    messages = frame.evaluate("window.pmnReceived")
    return [json.loads(m) for m in messages[: messages.index("end")]]


def click_instantly(page: Page, selector: str, lands_on: str) -> None:
    """Click a same-site link and check Material swapped the page in place, without a reload."""
    page.evaluate("window.pmnNoReload = true; window.pmnOldTitle = document.querySelector('article h1')")
    page.click(selector)
    page.wait_for_url(lands_on)
    # The address changes first; the content is swapped in when it has arrived.
    page.wait_for_function("() => ![null, window.pmnOldTitle].includes(document.querySelector('article h1'))")
    assert page.evaluate("window.pmnNoReload === true"), "the page was reloaded, not swapped"


@pytest.mark.parametrize("path", ["", NOTE_001, NOTE_000, "episodes/E_rNotqs--I/", "topics/", "reference/rules/"])
def test_loading_a_page_asks_no_third_party(open_browser, base: str, path: str) -> None:
    browser = open_browser()
    page = browser.page()
    page.goto(base + path, wait_until="networkidle")
    assert page.locator(f"{CONTENT} h1").count() == 1
    assert browser.network.third_party() == []
    assert page.locator("iframe").count() == 0


def test_timestamps_are_real_youtube_links(open_browser, base: str) -> None:
    page = open_browser().page()
    page.goto(base + NOTE_001)
    shifted = page.locator(ts("06:33:00")).first
    # The note says 06:33:00; the core reads the whole episode as shifted: 6 min 33 s.
    assert shifted.get_attribute("href") == "https://www.youtube.com/watch?v=E_rNotqs--I&t=393s"
    assert "pmn-ts-shifted" in (shifted.get_attribute("class") or "")
    assert "plays 00:06:33" in (shifted.get_attribute("data-pmn-tip") or "")
    # The reader sees the time it plays; the written value stays in an attribute.
    assert shifted.inner_text() == "[00:06:33]" and shifted.get_attribute("data-pmn-written") == "06:33:00"
    assert page.locator(".pmn-ts-note").count() == 1 and page.locator(".pmn-ts-note").is_visible()
    assert shifted.get_attribute("target") == "_blank"

    page.goto(base + NOTE_000)
    plain = page.locator(ts("00:28:47")).first
    assert plain.get_attribute("href") == "https://www.youtube.com/watch?v=qNPPoj1qUG0&t=1727s"
    assert "pmn-ts-shifted" not in (plain.get_attribute("class") or "")
    written = len(re.findall(r'class="yt-timestamp"', (SEEDS / "000_89ad6f01fa81b329.md").read_text(encoding="utf-8")))
    assert (
        page.locator(f"{CONTENT} a.pmn-ts[href^='https://www.youtube.com/watch?v=qNPPoj1qUG0&t=']").count() == written
    )


def test_wiki_links_land_on_their_targets(open_browser, base: str) -> None:
    page = open_browser().page()
    page.goto(base)
    click_instantly(page, f'{CONTENT} a.pmn-link:text-is("{TITLE_001}")', base + NOTE_001)
    assert page.locator(f"{CONTENT} h1").inner_text() == TITLE_001

    topic = page.locator(f"{CONTENT} h2 a.pmn-link.pmn-topic").first
    assert topic.inner_text() == "Role of AI in Product Management"
    click_instantly(page, f"{CONTENT} h2 a.pmn-link.pmn-topic", base + "topics/the_role_of_ai_in_product_management/")
    # The topic page lists the mention it came from, and leads back to the note.
    mention = page.locator(f"{CONTENT} li.pmn-mention").first
    assert "The Role of AI in Product Management" in mention.locator("q").inner_text()
    click_instantly(page, f"{CONTENT} .pmn-note-title a.pmn-link", base + NOTE_001)


def test_a_click_plays_the_moment_and_the_next_click_seeks(open_browser, base: str, screenshot) -> None:
    browser = open_browser(color_scheme="light")
    page = browser.page()
    page.goto(base + NOTE_001, wait_until="networkidle")
    assert browser.network.third_party() == []
    start = page.locator(".pmn-player .pmn-player-start")
    assert start.is_visible()
    screenshot(page, "site-note-light")

    page.locator(ts("06:33:00")).first.click()
    frame = page.wait_for_selector(f"{FRAME}[data-pmn-ready]", state="attached")
    assert frame.get_attribute("src") == f"{PLAYER}E_rNotqs--I?start=393&autoplay=1&enablejsapi=1"
    assert page.url == base + NOTE_001  # the player, not YouTube
    assert {u.split("?")[0] for u in browser.network.third_party()} == {f"{PLAYER}E_rNotqs--I"}

    page.locator(ts("00:30:00")).first.click()
    slot = page.locator(".pmn-player")
    assert slot.get_attribute("data-pmn-seconds") == "30"
    assert {"event": "command", "func": "seekTo", "args": [30, True]} in received(page)
    assert page.locator(FRAME).count() == 1
    screenshot(page, "site-player-light")


def test_the_player_docks_instead_of_pulling_the_reader_back(open_browser, base: str, screenshot) -> None:
    page = open_browser(color_scheme="light").page()
    page.goto(base + NOTE_001)
    late = page.locator(ts("04:32:00")).first  # near the end of the note
    late.click()
    slot = page.locator(".pmn-player")
    page.wait_for_selector(".pmn-player.pmn-player-docked")
    assert late.is_visible() and page.evaluate("window.scrollY") > 1000  # the reader stayed where they were
    box = page.locator(".pmn-player-box").bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"]
    assert box["x"] > viewport["width"] / 2 and box["y"] > viewport["height"] / 2  # the bottom-right corner
    screenshot(page, "site-player-docked-light")

    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_selector(".pmn-player:not(.pmn-player-docked) iframe.pmn-player-frame")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_selector(".pmn-player.pmn-player-docked")
    page.click(".pmn-player-close")
    assert page.locator("iframe").count() == 0
    assert slot.locator(".pmn-player-start").count() == 1
    assert "pmn-player-active" not in (slot.get_attribute("class") or "")


def test_backlinks_panel_shows_the_linking_sentence(open_browser, base: str, site: Path, screenshot) -> None:
    page = open_browser(color_scheme="light").page()
    page.goto(base + NOTE_001)
    panel = page.locator("aside.pmn-backlinks")
    panel.scroll_into_view_if_needed()
    assert panel.is_visible()
    assert panel.get_attribute("data-search-exclude") is not None
    assert panel.locator("h2").inner_text().strip().startswith("Linked from")
    assert (
        panel.locator(".pmn-note-title a.pmn-link").first.inner_text() == "mkdocs-pmnotes"
    )  # the home page links here
    assert panel.locator("li.pmn-mention q").first.inner_text().startswith(TITLE_001)
    screenshot(page, "site-backlinks-light")

    # The panel's words are not in the search index, so a page is not found by what links to it.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d["text"] for d in index["docs"] if d["location"].startswith(NOTE_001))
    assert "Challenges and advantages of AI in product management writes every" not in texts
    assert "Linked from" not in texts


def test_palette_toggle_restyles_the_plugin_markup(open_browser, base: str, screenshot) -> None:
    page = open_browser(color_scheme="light").page()
    page.goto(base + NOTE_001)
    body = page.locator("body")
    chip = page.locator(ts("00:30:00")).first
    styles = "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
    assert body.get_attribute("data-md-color-scheme") == "default"
    light = chip.evaluate(styles)

    page.click('label[title="Switch to dark mode"]')
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = chip.evaluate(styles)
    assert dark != light  # the timestamp follows the palette's variables
    screenshot(page, "site-note-dark")
    page.locator(ts("06:33:00")).first.click()
    page.wait_for_selector(FRAME)
    screenshot(page, "site-player-dark")
    page.locator("aside.pmn-backlinks").scroll_into_view_if_needed()
    screenshot(page, "site-backlinks-dark")

    page.click('label[title="Switch to light mode"]')
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert chip.evaluate(styles) == light


def test_click_to_seek_survives_instant_navigation(open_browser, base: str) -> None:
    page = open_browser().page()
    page.goto(base)
    click_instantly(page, f'{CONTENT} a.pmn-link:text-is("{TITLE_001}")', base + NOTE_001)
    # The per-page set-up ran again for the swapped-in page.
    page.wait_for_selector('.pmn-player[data-pmn-video="E_rNotqs--I"] .pmn-player-start')
    page.locator(ts("07:02:00")).first.click()
    frame = page.wait_for_selector(f"{FRAME}[data-pmn-ready]", state="attached")
    assert frame.get_attribute("src") == f"{PLAYER}E_rNotqs--I?start=422&autoplay=1&enablejsapi=1"

    click_instantly(page, f'.md-nav a[href$="{NOTE_000.split("/")[1]}/"]', base + NOTE_000)
    assert page.locator(FRAME).count() == 0
    page.wait_for_selector('.pmn-player[data-pmn-video="qNPPoj1qUG0"] .pmn-player-start')
    page.locator(ts("00:28:47")).first.click()
    frame = page.wait_for_selector(f"{FRAME}[data-pmn-ready]", state="attached")
    assert frame.get_attribute("src") == f"{PLAYER}qNPPoj1qUG0?start=1727&autoplay=1&enablejsapi=1"
    page.locator(ts("00:30:06")).first.click()
    assert page.locator(".pmn-player").get_attribute("data-pmn-seconds") == "1806"
    seeks = [m for m in received(page) if m.get("func") == "seekTo"]
    assert seeks == [{"event": "command", "func": "seekTo", "args": [1806, True]}]


def test_without_javascript_a_timestamp_is_a_plain_link(open_browser, base: str, screenshot) -> None:
    browser = open_browser(java_script_enabled=False)
    page = browser.page()
    page.goto(base + NOTE_001)
    assert page.locator(".pmn-player-start").count() == 0
    screenshot(page, "site-note-no-javascript")
    with page.expect_popup() as popup:
        page.locator(ts("06:33:00")).first.click()
    popup.value.wait_for_load_state()
    assert popup.value.url == "https://www.youtube.com/watch?v=E_rNotqs--I&t=393s"
    assert page.locator("iframe").count() == 0
    assert browser.network.third_party() == ["https://www.youtube.com/watch?v=E_rNotqs--I&t=393s"]
