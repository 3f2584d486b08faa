"""pmnotes.js and pmnotes.css on a page written by hand to the HTML contract.

These tests need no site build: they pin down what the assets do with the
markup the plugin promises, so a failure here points at the JavaScript.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

pytestmark = pytest.mark.browser

ASSETS = Path(__file__).resolve().parents[2] / "mkdocs_pmnotes" / "render" / "assets"
FIXTURE = Path(__file__).parent / "fixtures" / "contract.html"
PLAYER = "https://www.youtube-nocookie.com/embed/"
SHIFTED = 'a.pmn-ts[data-t="06:33:00"]'
PLAIN = 'a.pmn-ts[data-t="00:28:47"]'
OTHER_VIDEO = 'a.pmn-ts[data-pmn-video="qNPPoj1qUG0"]'
FRAME = "iframe.pmn-player-frame"


@pytest.fixture
def fixture_url(tmp_path: Path, serve: Callable[[Path], str]) -> str:
    """The contract page, served with the packaged assets where the plugin puts them."""
    shutil.copy(FIXTURE, tmp_path / "contract.html")
    shutil.copytree(ASSETS, tmp_path / "assets" / "pmnotes")
    return serve(tmp_path) + "contract.html"


def player_frame(page: Page) -> Frame:
    frames = [f for f in page.frames if f.url.startswith(PLAYER)]
    assert len(frames) == 1, [f.url for f in page.frames]
    return frames[0]


def received(page: Page) -> list[dict[str, object]]:
    """Every command the player stub has received so far.

    A marker is posted after them; messages between two windows arrive in
    order, so once the marker is in, nothing sent before it is still on its way.
    """
    page.evaluate("document.querySelector('iframe.pmn-player-frame').contentWindow.postMessage('end', '*')")
    frame = player_frame(page)
    frame.wait_for_function("window.pmnReceived.indexOf('end') !== -1")
    messages = frame.evaluate("window.pmnReceived")
    return [json.loads(m) for m in messages[: messages.index("end")]]


def test_loading_the_page_asks_no_third_party(open_browser, fixture_url) -> None:
    browser = open_browser()
    page = browser.page()
    page.goto(fixture_url, wait_until="load")
    page.wait_for_selector(".pmn-player-start")  # the script has run
    assert browser.network.third_party() == []
    assert page.locator("iframe").count() == 0


def test_first_click_creates_the_nocookie_player_at_that_second(open_browser, fixture_url, screenshot) -> None:
    browser = open_browser()
    page = browser.page()
    page.goto(fixture_url)
    page.click(SHIFTED)
    frame = page.wait_for_selector(FRAME)
    assert frame.get_attribute("src") == f"{PLAYER}E_rNotqs--I?start=393&autoplay=1&enablejsapi=1"
    slot = page.locator(".pmn-player")
    assert slot.get_attribute("data-pmn-seconds") == "393"
    assert "pmn-player-active" in (slot.get_attribute("class") or "")
    assert page.locator(".pmn-player-start").count() == 0
    assert "pmn-ts-current" in (page.locator(SHIFTED).get_attribute("class") or "")
    assert page.url == fixture_url  # the click did not follow the href
    assert {u.split("?")[0] for u in browser.network.third_party()} == {f"{PLAYER}E_rNotqs--I"}
    screenshot(page, "contract-player")


def test_later_clicks_seek_the_same_player(open_browser, fixture_url) -> None:
    page = open_browser().page()
    page.goto(fixture_url)
    page.click(SHIFTED)
    page.wait_for_selector(f"{FRAME}[data-pmn-ready]", state="attached")
    page.click(PLAIN)
    assert page.locator(".pmn-player").get_attribute("data-pmn-seconds") == "1727"
    assert page.locator(FRAME).count() == 1
    assert received(page) == [
        {"event": "listening", "id": 1, "channel": "widget"},  # the handshake that made it ready
        {"event": "command", "func": "seekTo", "args": [1727, True]},
        {"event": "command", "func": "playVideo", "args": []},
    ]
    assert "pmn-ts-current" not in (page.locator(SHIFTED).get_attribute("class") or "")
    assert "pmn-ts-current" in (page.locator(PLAIN).get_attribute("class") or "")


def test_a_player_that_has_not_answered_is_started_again_at_the_new_second(open_browser, fixture_url) -> None:
    page = open_browser().page()
    # This player never answers the handshake, like one still starting up.
    page.route(f"{PLAYER}**", lambda route: route.fulfill(content_type="text/html", body="<p>silent</p>"))
    page.goto(fixture_url)
    page.click(SHIFTED)
    page.wait_for_selector(FRAME)
    page.click(PLAIN)
    frame = page.locator(FRAME)
    assert frame.count() == 1
    assert frame.get_attribute("src") == f"{PLAYER}E_rNotqs--I?start=1727&autoplay=1&enablejsapi=1"
    assert frame.get_attribute("data-pmn-ready") is None
    assert page.locator(".pmn-player").get_attribute("data-pmn-seconds") == "1727"


def test_start_button_plays_from_the_beginning(open_browser, fixture_url) -> None:
    page = open_browser().page()
    page.goto(fixture_url)
    page.click(".pmn-player-start")
    assert page.wait_for_selector(FRAME).get_attribute("src") == f"{PLAYER}E_rNotqs--I?start=0&autoplay=1&enablejsapi=1"


def test_timestamp_of_another_episode_opens_youtube(open_browser, fixture_url) -> None:
    browser = open_browser()
    page = browser.page()
    page.goto(fixture_url)
    with page.expect_popup() as popup:
        page.click(OTHER_VIDEO)
    popup.value.wait_for_load_state()
    assert popup.value.url == "https://www.youtube.com/watch?v=qNPPoj1qUG0&t=3s"
    assert page.locator("iframe").count() == 0


# Clicks a link with a synthetic event and reports whether pmnotes.js cancelled
# it; a listener on window runs last and stops the navigation itself.
CLICK_AND_REPORT = """([selector, init]) => {
    let cancelled = null;
    const spy = (event) => { cancelled = event.defaultPrevented; event.preventDefault(); };
    window.addEventListener("click", spy);
    const options = Object.assign({bubbles: true, cancelable: true, button: 0}, init);
    document.querySelector(selector).dispatchEvent(new MouseEvent("click", options));
    window.removeEventListener("click", spy);
    return cancelled;
}"""


@pytest.mark.parametrize("modifier", ["ctrlKey", "metaKey", "shiftKey", "altKey"])
def test_modified_click_is_left_to_the_browser(open_browser, fixture_url, modifier: str) -> None:
    page = open_browser().page()
    page.goto(fixture_url)
    assert page.evaluate(CLICK_AND_REPORT, [PLAIN, {modifier: True}]) is False
    assert page.locator("iframe").count() == 0
    assert page.evaluate(CLICK_AND_REPORT, [PLAIN, {}]) is True  # the same link, plainly clicked
    assert page.locator(FRAME).count() == 1


def test_instant_navigation_rebinds_without_doubling(open_browser, fixture_url) -> None:
    page = open_browser().page()
    page.goto(fixture_url + "?instant")
    page.click(SHIFTED)
    page.wait_for_selector(FRAME)
    # A second copy of the script must not make one click act twice.
    page.add_script_tag(url="assets/pmnotes/pmnotes.js")
    page.evaluate("swap()")
    assert page.locator(FRAME).count() == 0
    page.wait_for_selector('.pmn-player[data-pmn-video="qNPPoj1qUG0"] .pmn-player-start')

    page.click('a.pmn-ts[data-t="00:30:06"]')
    frame = page.wait_for_selector(f"{FRAME}[data-pmn-ready]", state="attached")
    assert frame.get_attribute("src") == f"{PLAYER}qNPPoj1qUG0?start=1806&autoplay=1&enablejsapi=1"
    page.click('a.pmn-ts[data-t="00:00:06"]')
    assert page.locator(".pmn-player").get_attribute("data-pmn-seconds") == "6"
    seeks = [m for m in received(page) if m.get("func") == "seekTo"]
    assert seeks == [{"event": "command", "func": "seekTo", "args": [6, True]}]
