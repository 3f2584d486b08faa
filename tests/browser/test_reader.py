"""What a reader meets on the project's site: timelines, topic pages, previews, the player, the graph.

Same site and offline network as test_site.py. Each test keeps screenshots in
test-artifacts/; the guide shows copies of some of them (docs/images/).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PLAYER = "https://www.youtube-nocookie.com/embed/"
FRAME = "iframe.pmn-player-frame"
CONTENT = "article.md-content__inner"
NOTE_001 = "notes/001_90afb0178530e277/"  # shifted time throughout, video E_rNotqs--I
NOTE_000 = "notes/000_89ad6f01fa81b329/"  # the only note of video qNPPoj1qUG0

EPISODE = "episodes/E_rNotqs--I/"
TOPIC = "topics/ai_product_management_strategies/"
PHONE = {"width": 390, "height": 844}


def around(page: Page, *selectors: str, margin: int = 12) -> dict:
    """The part of the window holding every element of `selectors`, for a screenshot in the guide."""
    boxes = [page.locator(s).first.bounding_box() for s in selectors]
    assert all(boxes), selectors
    left = max(min(b["x"] for b in boxes) - margin, 0)
    top = max(min(b["y"] for b in boxes) - margin, 0)
    right = max(b["x"] + b["width"] for b in boxes) + margin
    bottom = max(b["y"] + b["height"] for b in boxes) + margin
    return {"x": left, "y": top, "width": right - left, "height": bottom - top}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str], mkdocs_build) -> str:
    """The project's site, built and served (the server first: see test_site.py)."""
    site_dir = tmp_path_factory.mktemp("reader-site")
    url = serve(site_dir)
    mkdocs_build(ROOT / "mkdocs.yml", site_dir, PMNOTES_SITE_URL=url)
    return url


def ts(data_t: str) -> str:
    return f'{CONTENT} a.pmn-ts[data-t="{data_t}"]'


def received(page: Page) -> list[dict[str, object]]:
    """The commands the player stub has received (see test_assets.py)."""
    page.evaluate(f"document.querySelector('{FRAME}').contentWindow.postMessage('end', '*')")
    frame = next(f for f in page.frames if f.url.startswith(PLAYER))
    frame.wait_for_function("window.pmnReceived.indexOf('end') !== -1")
    messages = frame.evaluate("window.pmnReceived")
    return [json.loads(m) for m in messages[: messages.index("end")]]


def test_an_episode_timeline_click_seeks_its_own_player(open_browser, base: str, screenshot) -> None:
    browser = open_browser(color_scheme="light")
    page = browser.page()
    page.goto(base + EPISODE, wait_until="networkidle")
    assert browser.network.third_party() == []
    claims = page.locator(f"{CONTENT} ol.pmn-timeline > li.pmn-claim")
    seconds = [int(s) for s in claims.locator("a.pmn-ts").evaluate_all("l => l.map(a => a.dataset.pmnSeconds)")]
    assert len(seconds) > 50 and seconds == sorted(seconds)  # every claim of both notes, in playing order
    titles = set(claims.locator(".pmn-claim-where > a.pmn-link:first-child").all_inner_texts())
    assert titles == {
        "Challenges and advantages of AI in product management",
        "Role and impact of AI in product management",
    }
    assert page.locator(f"{CONTENT} h1").inner_text() not in titles  # named for the episode, not one note
    screenshot(page, "site-episode-timeline-light")
    screenshot(page, "guide-episode-timeline", clip=around(page, f"{CONTENT} h1", f"{CONTENT} .pmn-claim:nth-child(5)"))

    first = claims.nth(10).locator("a.pmn-ts")
    first.click()
    frame = page.wait_for_selector(f"{FRAME}[data-pmn-ready]", state="attached")
    assert frame.get_attribute("src") == f"{PLAYER}E_rNotqs--I?start={seconds[10]}&autoplay=1&enablejsapi=1"
    assert page.url == base + EPISODE
    claims.nth(40).locator("a.pmn-ts").click()
    assert {"event": "command", "func": "seekTo", "args": [seconds[40], True]} in received(page)
    assert page.locator(FRAME).count() == 1


def test_a_note_links_to_its_episode_near_the_player(open_browser, base: str) -> None:
    page = open_browser().page()
    page.goto(base + NOTE_000)
    ref = page.locator(f"{CONTENT} .pmn-episode-link a")
    # One note on this video: still an episode page, and the word "Episode" said once.
    assert page.locator(f"{CONTENT} .pmn-episode-link").inner_text() == "Episode: qNPPoj1qUG0 (lennyspodcast)"
    ref.click()
    page.wait_for_url(base + "episodes/qNPPoj1qUG0/")
    page.wait_for_selector(f"{CONTENT} li.pmn-claim")
    assert page.locator(f"{CONTENT} li.pmn-claim").count() > 10


def test_a_topic_page_counts_notes_and_groups_by_episode(open_browser, base: str, screenshot) -> None:
    page = open_browser(color_scheme="light").page()
    page.goto(base + TOPIC)
    assert page.locator(f"{CONTENT} h1").inner_text() == "AI product management strategies"
    summary = page.locator(f"{CONTENT} .pmn-summary").inner_text()
    assert "2 mentions in 1 note, and 1 other page" in summary  # the guide is not counted as a note
    groups = page.locator(f"{CONTENT} section.pmn-episode > h2").all_inner_texts()
    assert groups == ["Episode qNPPoj1qUG0 (lennyspodcast)", "Other pages"]
    titles = page.locator(f"{CONTENT} .pmn-note-title").all_inner_texts()
    assert titles == ["Overcoming challenges in AI product management", "mkdocs-pmnotes"]
    assert not set(titles) & set(groups)  # no title repeated under a heading of the same title
    assert page.locator(f"{CONTENT} li.pmn-mention a.pmn-ts").count() >= 1
    screenshot(page, "site-topic-light")
    screenshot(page, "guide-topic", clip=around(page, f"{CONTENT} h1", f"{CONTENT} section.pmn-episode:last-of-type"))
    page.set_viewport_size(PHONE)
    screenshot(page, "site-topic-mobile-light", full_page=True)


def test_a_preview_appears_on_hover_of_a_wiki_link(open_browser, base: str, screenshot) -> None:
    browser = open_browser(color_scheme="light")
    page = browser.page()
    page.goto(base, wait_until="networkidle")
    link = page.locator(f'{CONTENT} a.pmn-link[data-preview]:text-is("AI product management strategies")')
    link.hover()
    tip = page.locator(".md-tooltip2").filter(has=page.locator("h3"))
    tip.wait_for(state="visible")
    assert tip.locator("h3").first.inner_text() == "AI product management strategies"
    # A topic's preview shows its mentions with their moments.
    assert tip.locator("li.pmn-mention q").count() >= 2
    assert tip.locator("a.pmn-ts").count() >= 1
    assert browser.network.third_party() == []
    page.wait_for_timeout(400)  # the preview fades in
    screenshot(page, "site-preview-light")
    screenshot(
        page,
        "guide-preview",
        clip=around(
            page,
            ".md-tooltip2 h3",
            f'{CONTENT} a.pmn-link:text-is("AI product management strategies")',
            ".md-tooltip2 .md-tooltip2__inner",
        ),
    )


def test_the_timestamp_tooltip_is_not_a_title(open_browser, base: str) -> None:
    page = open_browser().page()
    page.goto(base + NOTE_001)
    chip = page.locator(ts("06:33:00")).first
    assert chip.get_attribute("title") is None
    after = "el => getComputedStyle(el, '::after').opacity"
    assert chip.evaluate(after) == "0"
    chip.hover()
    page.wait_for_function(f"document.querySelector('{ts('06:33:00')}').matches(':hover')")
    page.wait_for_timeout(200)  # the tooltip fades in
    assert chip.evaluate(after) == "1"
    assert "plays 00:06:33" in chip.evaluate("el => getComputedStyle(el, '::after').content")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "mobile"])
def test_the_clicked_timestamp_stays_put_when_the_player_opens(open_browser, base: str, viewport, screenshot) -> None:
    page = open_browser(viewport=viewport, color_scheme="light").page()
    page.goto(base + NOTE_001)
    chip = page.locator(ts("00:44:00")).first  # in the first paragraph, under the player
    # Wholly on screen, or the click would first scroll it there.
    chip.evaluate("el => el.scrollIntoView({block: 'center'})")
    before = chip.bounding_box()
    chip.click()
    page.wait_for_selector(f"{FRAME}[data-pmn-ready]", state="attached")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    after = chip.bounding_box()
    assert before is not None and after is not None
    assert abs(after["y"] - before["y"]) <= 3, (before, after)
    screenshot(page, f"site-player-opened-{'mobile' if viewport is PHONE else 'desktop'}-light")


def test_the_docked_player_is_a_compact_bar_on_a_phone(open_browser, base: str, screenshot) -> None:
    page = open_browser(viewport=PHONE, color_scheme="light").page()
    page.goto(base + NOTE_001)
    late = page.locator(ts("04:32:00")).first
    late.click()
    page.wait_for_selector(".pmn-player.pmn-player-docked")
    box = page.locator(".pmn-player-box").bounding_box()
    assert box is not None
    assert box["width"] * box["height"] < 0.25 * PHONE["width"] * PHONE["height"]
    assert box["y"] + box["height"] <= PHONE["height"] + 1  # along the bottom edge
    close = page.locator(".pmn-player-close").bounding_box()
    assert close is not None and box["y"] <= close["y"] and close["y"] + close["height"] <= box["y"] + box["height"]
    # The page can scroll its last lines clear of the bar.
    assert page.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)") >= box["height"] - 1
    screenshot(page, "site-player-docked-mobile-light")

    page.keyboard.press("Escape")  # closes it, and the reader's place is kept
    assert page.locator("iframe").count() == 0
    assert page.evaluate("document.activeElement.matches('a.pmn-ts[data-t=\"04:32:00\"]')")


def test_the_docked_player_leaves_the_desktop_text_readable(open_browser, base: str) -> None:
    page = open_browser(color_scheme="light").page()
    page.goto(base + NOTE_001)
    page.locator(ts("04:32:00")).first.click()
    page.wait_for_selector(".pmn-player.pmn-player-docked")
    box = page.locator(".pmn-player-box").bounding_box()
    assert box is not None and box["width"] <= 1280 / 3
    assert page.locator(".pmn-player-box").get_attribute("class") == "pmn-player-box"
    status = page.locator(".pmn-player-status")
    assert status.get_attribute("role") == "status" and "Escape closes" in status.inner_text()
    assert page.locator(".pmn-player").get_attribute("aria-label") == "Episode player"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_graph_renders_offline_in_both_palettes(open_browser, base: str, scheme: str, screenshot) -> None:
    browser = open_browser(color_scheme=scheme)
    page = browser.page()
    page.goto(base + NOTE_001, wait_until="networkidle")
    figure = page.locator(f"{CONTENT} figure.pmn-graph")
    figure.scroll_into_view_if_needed()
    assert figure.is_visible()
    data = json.loads(figure.get_attribute("data-pmn-graph") or "{}")
    nodes = figure.locator("svg a.pmn-graph-node")
    assert nodes.count() == len(data["nodes"]) > 3
    assert browser.network.third_party() == []
    fill = nodes.first.locator("circle").evaluate("c => getComputedStyle(c).fill")
    text = nodes.first.locator("text").evaluate("t => getComputedStyle(t).fill")
    expected = {"light": "default", "dark": "slate"}[scheme]
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    page.evaluate(
        "document.body.setAttribute('data-md-color-scheme', '%s')" % ("slate" if scheme == "light" else "default")
    )
    assert nodes.first.locator("text").evaluate("t => getComputedStyle(t).fill") != text  # follows the palette
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{expected}')")
    assert fill
    screenshot(page, f"site-graph-{scheme}")
    screenshot(page, f"guide-graph-{scheme}", clip=around(page, f"{CONTENT} figure.pmn-graph"))

    # Usable from the keyboard: a node takes focus and Enter follows it.
    nodes.first.focus()
    href = html.unescape(data["nodes"][0]["href"])
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.rstrip("/").endswith(href.strip("./").rstrip("/")))


def test_without_javascript_there_is_no_graph(open_browser, base: str) -> None:
    page = open_browser(java_script_enabled=False).page()
    page.goto(base + NOTE_001)
    assert page.locator("figure.pmn-graph").count() == 1
    assert not page.locator("figure.pmn-graph").is_visible()


def test_the_home_tab_is_titled_once(open_browser, base: str) -> None:
    page = open_browser().page()
    page.goto(base)
    assert page.title() == "mkdocs-pmnotes"


BREAKS = """code => {
    const text = code.textContent, range = document.createRange(), node = code.firstChild;
    let breaks = [], top = null;
    for (const part of code.childNodes) {
        if (part.nodeType !== 3) continue;
        for (let i = 0; i < part.length; i++) {
            range.setStart(part, i); range.setEnd(part, i + 1);
            const y = range.getBoundingClientRect().top;
            if (top !== null && y > top + 2) breaks.push(part.textContent.slice(0, i) + "|");
            top = y;
        }
    }
    return breaks;
}"""


def test_option_names_break_only_after_an_underscore(open_browser, base: str, screenshot) -> None:
    page = open_browser(viewport=PHONE).page()
    page.goto(base + "configuration/")
    names = page.locator("code.pmn-option")
    assert names.count() > 10
    for i in range(names.count()):
        for broken in names.nth(i).evaluate(BREAKS):
            assert broken == "|" or broken.endswith("_|"), broken
    names.first.scroll_into_view_if_needed()
    screenshot(page, "site-options-mobile")


GLOBAL_PREVIEWS = """\
site_name: Seeds with every link previewed
site_url: {url}
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.instant.preview]
plugins:
  - search
  - pmnotes:
      notes: [{seeds}]
      mount: {{{seeds}: notes}}
"""


def test_the_timestamp_tooltip_survives_material_previews_for_every_link(
    tmp_path: Path, serve: Callable[[Path], str], mkdocs_build, open_browser
) -> None:
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    url = serve(site_dir)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\nSee [[Challenges and advantages of AI in product management]].\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(GLOBAL_PREVIEWS.format(url=url, seeds=ROOT / "seeds"), encoding="utf-8")
    mkdocs_build(tmp_path / "mkdocs.yml", site_dir)
    page = open_browser().page()
    page.goto(url + "notes/001_90afb0178530e277/")
    chip = page.locator(ts("06:33:00")).first
    chip.hover()
    page.wait_for_timeout(200)  # the tooltip fades in
    assert chip.evaluate("el => getComputedStyle(el, '::after').opacity") == "1"
    assert "plays 00:06:33" in chip.evaluate("el => getComputedStyle(el, '::after').content")
