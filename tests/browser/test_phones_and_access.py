"""A generated site on phones, tablets and desktops, from the keyboard and under axe-core.

One site of generated notes (benchmarks/generate.py) is built twice from the same
`docs/`: with the plugin, and without it (the plain build every comparison is made
against). Both use Material with `navigation.instant` and a palette toggle. A
sample of pages (a note with corrected timestamps, a note with a large graph, a
topic, an episode, a source and the home page) is checked for width on phones,
for the player after a tap, for the docked player beside the text, for what a
keyboard reaches first, and with axe-core in both palettes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
ASSETS = ROOT / "mkdocs_pmnotes" / "render" / "assets"
NOTES = 60
PHONES = (320, 390, 430)
PLAYER = "https://www.youtube-nocookie.com/embed/"

CONFIG = """\
site_name: Phones and access
site_url: {url}
docs_dir: docs
theme:
  name: material
  font: false
  features: [navigation.instant]
  palette:
    - scheme: default
      toggle: {{icon: material/weather-night, name: Switch to dark mode}}
    - scheme: slate
      toggle: {{icon: material/weather-sunny, name: Switch to light mode}}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - def_list
  - footnotes
  - tables
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed: {{alternate_style: true}}
plugins:
  - search
{plugin}
nav:
  - Home: index.md
validation:
  nav:
    omitted_files: ignore
"""
PLUGIN = "  - pmnotes:\n      graph: true\n"


@dataclass(frozen=True)
class Sites:
    plugin: str  # base URL of the build with the plugin
    plain: str  # ... and without it
    plugin_dir: Path
    plain_dir: Path
    sample: dict[str, str]  # kind -> path of the page, from the site's root

    def has_plain(self, path: str) -> bool:
        return (self.plain_dir / path / "index.html").is_file()


def _largest(site: Path, pattern: str) -> str:
    """The path of the biggest page matching `pattern`: the one with the most on it."""
    pages = sorted(site.glob(pattern), key=lambda p: (-p.stat().st_size, p.as_posix()))
    assert pages, pattern
    return pages[0].parent.relative_to(site).as_posix() + "/"


def _most(site: Path, pattern: str, count: Callable[[str], int]) -> str:
    scored = [(count(p.read_text(encoding="utf-8")), p.parent.relative_to(site).as_posix()) for p in site.glob(pattern)]
    best = max(scored)
    assert best[0] > 0, pattern
    return best[1] + "/"


def _graph_size(html: str) -> int:
    found = re.search(r'data-pmn-graph="([^"]*)"', html)
    if not found:
        return 0
    data = json.loads(unescape(found[1]))
    return 100 * data["more"] + len(data["nodes"])


def _intro_timestamps(html: str) -> int:
    """Corrected timestamps on a note whose first timestamp comes before its first h2."""
    article = html[html.find("<article") :]
    first_ts, first_h2 = article.find('class="yt-timestamp'), article.find("<h2")
    return html.count("data-pmn-tip=") if -1 < first_ts < first_h2 else 0


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str], mkdocs_build) -> Sites:
    project = tmp_path_factory.mktemp("phones")
    generated = project / "generated"
    command = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(generated), "--notes", str(NOTES)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    shutil.move(generated / "docs", project / "docs")
    dirs = {}
    urls = {}
    for name, plugin in (("plugin", PLUGIN), ("plain", "")):
        # The server first: Material's instant navigation only swaps pages whose
        # sitemap address has the served port.
        dirs[name] = project / f"site-{name}"
        dirs[name].mkdir()
        urls[name] = serve(dirs[name])
        config = project / f"mkdocs-{name}.yml"
        config.write_text(CONFIG.format(url=urls[name], plugin=plugin), encoding="utf-8")
        mkdocs_build(config, dirs[name])
    site = dirs["plugin"]
    sample = {
        "home": "",
        "note": _most(site, "[0-9][0-9][0-9]_*/index.html", _intro_timestamps),
        "graph": _most(site, "*/index.html", _graph_size),
        "topic": _largest(site, "topics/*/index.html"),
        "episode": _largest(site, "episodes/*/index.html"),
        "source": _largest(site, "sources/*/index.html"),
    }
    return Sites(urls["plugin"], urls["plain"], site, dirs["plain"], sample)


def ready(page: Page) -> None:
    """Wait until pmnotes.js has set the page up (the start button, the graph)."""
    page.wait_for_function(
        "[...document.querySelectorAll('.pmn-player[data-pmn-video]')].every(s => s.firstElementChild)"
        " && [...document.querySelectorAll('figure.pmn-graph')].every(f => f.querySelector('svg'))"
    )


WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"
RIGHTMOST = (
    "chips => chips.reduce((best, c, i) => c.getBoundingClientRect().right >"
    " chips[best].getBoundingClientRect().right ? i : best, 0)"
)
TIP_BOX = """chip => {
    const style = getComputedStyle(chip, '::after');
    return [parseFloat(style.left), parseFloat(style.top), parseFloat(style.width), parseFloat(style.height),
            style.position, style.content];
}"""


# --- Phones -------------------------------------------------------------------------


@pytest.mark.parametrize("width", PHONES)
def test_no_page_is_wider_than_a_phone(open_browser, sites: Sites, width: int) -> None:
    page = open_browser(viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True).page()
    wider = []
    for kind, path in sites.sample.items():
        page.goto(sites.plugin + path)
        ready(page)
        scroll_width, inner = page.evaluate(WIDTH)
        if scroll_width > inner:
            wider.append((kind, path, scroll_width))
        # With the tooltip of the rightmost corrected timestamp open, too.
        chips = page.locator("article a.pmn-ts[data-pmn-tip]")
        if chips.count():
            chip = chips.nth(chips.evaluate_all(RIGHTMOST))
            chip.evaluate("el => el.scrollIntoView({block: 'center'})")
            chip.focus()
            assert "pmn-tip-open" in (chip.get_attribute("class") or "")
            left, top, tip_width, tip_height, position, content = chip.evaluate(TIP_BOX)
            assert position == "fixed" and "plays" in content
            assert left >= 0 and left + tip_width <= inner, (kind, left, tip_width)
            assert top >= 0 and top + tip_height <= 844
            scroll_width, inner = page.evaluate(WIDTH)
            if scroll_width > inner:
                wider.append((kind, path + " (tooltip open)", scroll_width))
    assert wider == []


def test_every_page_of_the_site_fits_a_phone(open_browser, sites: Sites) -> None:
    page = open_browser(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).page()
    paths = sorted(p.parent.relative_to(sites.plugin_dir).as_posix() for p in sites.plugin_dir.rglob("index.html"))
    assert len(paths) > 100
    wider = []
    for path in paths:
        page.goto(sites.plugin + ("" if path == "." else path + "/"), wait_until="load")
        scroll_width, inner = page.evaluate(WIDTH)
        if scroll_width > inner:
            wider.append((path, scroll_width))
    assert wider == []


def test_without_javascript_no_page_is_wider_than_a_phone(open_browser, sites: Sites) -> None:
    # Without its script, Material's header does not shorten a long page title and
    # overflows a narrow screen in the plain build as well: the page's body is measured.
    page = open_browser(viewport={"width": 320, "height": 700}, java_script_enabled=False).page()
    for path in sites.sample.values():
        page.goto(sites.plugin + path)
        assert page.locator("a.pmn-ts").count() == 0 or page.locator(".pmn-player-start").count() == 0
        scroll_width, inner = page.evaluate("(m => [m.scrollWidth, m.clientWidth])(document.querySelector('.md-main'))")
        assert scroll_width <= inner, (path, scroll_width)


def test_a_tap_keeps_the_text_in_place_and_the_player_on_screen(open_browser, sites: Sites, screenshot) -> None:
    browser = open_browser(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = browser.page()
    page.goto(sites.plugin + sites.sample["note"])
    ready(page)
    chips = page.locator("article a.pmn-ts[data-pmn-tip][data-pmn-video]")
    chip = chips.nth(min(12, chips.count() - 1))
    chip.evaluate("el => el.scrollIntoView({block: 'center'})")
    before = chip.bounding_box()
    chip.tap()
    page.wait_for_selector(".pmn-player.pmn-player-docked")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    after = chip.bounding_box()
    box = page.locator(".pmn-player-box").bounding_box()
    assert before and after and box
    assert abs(after["y"] - before["y"]) <= 2, (before, after)
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844
    assert after["y"] + after["height"] <= box["y"]  # the bar does not cover what was tapped
    assert {u.split("?")[0] for u in browser.network.third_party()} == {PLAYER + chip.get_attribute("data-pmn-video")}
    # The tap opened the tooltip, inside the screen; it stays open until the reader moves on.
    assert "pmn-tip-open" in (chip.get_attribute("class") or "")
    screenshot(page, "phone-note-after-tap")

    page.wait_for_timeout(700)  # past the page's own settling
    page.evaluate("window.scrollBy(0, 120)")
    page.wait_for_function("!document.querySelector('.pmn-tip-open')")

    # Another timestamp on the screen: its tooltip opens (the player seeks, nothing
    # moves), and a tap on the page beside the text closes it.
    other = chips.nth(min(13, chips.count() - 1))
    other.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(700)
    other.tap()
    assert page.locator(".pmn-tip-open").count() == 1
    assert "pmn-tip-open" in (other.get_attribute("class") or "")
    where = other.bounding_box()
    assert where
    page.touchscreen.tap(4, where["y"] - 40)  # the margin left of the text column
    assert page.locator(".pmn-tip-open").count() == 0


def test_a_timestamp_tapped_under_the_bar_comes_up_just_above_it(open_browser, sites: Sites) -> None:
    page = open_browser(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).page()
    page.goto(sites.plugin + sites.sample["note"])
    ready(page)
    chip = page.locator("article a.pmn-ts[data-pmn-video]").nth(12)
    chip.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().top - 814)")  # where the bar will be
    before = chip.bounding_box()
    chip.tap()
    page.wait_for_selector(".pmn-player.pmn-player-docked")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    after = chip.bounding_box()
    bar = page.locator(".pmn-player-box").bounding_box()
    assert before and after and bar
    assert after["y"] + after["height"] <= bar["y"]
    # Up by what the bar covered (and 8 px to spare), no more.
    assert before["y"] - after["y"] <= before["y"] + before["height"] - (bar["y"] - 8) + 1


@pytest.mark.parametrize("kind", ["note", "episode"])
@pytest.mark.parametrize("viewport", [(768, 1024), (1024, 768), (1280, 800)], ids=lambda v: f"{v[0]}")
def test_the_docked_player_leaves_the_text_column_clear(open_browser, sites: Sites, viewport, kind: str) -> None:
    width, height = viewport
    page = open_browser(viewport={"width": width, "height": height}).page()
    page.goto(sites.plugin + sites.sample[kind])
    ready(page)
    chips = page.locator("article a.pmn-ts[data-pmn-video]")
    chip = chips.nth(min(40, chips.count() - 1))
    chip.evaluate("el => el.scrollIntoView({block: 'center'})")
    chip.click()
    page.wait_for_selector(".pmn-player.pmn-player-docked")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    box = page.locator(".pmn-player-box").bounding_box()
    text = page.locator(".md-content").bounding_box()
    clicked = chip.bounding_box()
    assert box and text and clicked
    assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
    side = "pmn-player-side" in (page.locator(".pmn-player").get_attribute("class") or "")
    if width >= 1024:
        # Material shows its table of contents' column from 960 px: the player sits there.
        assert side
    if side:
        assert box["x"] >= text["x"] + text["width"], (box, text)  # beside the text column, not over it
        assert box["width"] >= 200
    else:
        # No margin wide enough: a bar along the bottom, which the page makes room for.
        assert box["x"] == 0 and box["width"] == width and box["y"] + box["height"] >= height - 1
        assert box["height"] <= 100
        assert clicked["y"] + clicked["height"] <= box["y"]
        padding = page.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)")
        assert padding >= box["height"] - 1
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        last = page.locator("article.md-content__inner > *:last-child").bounding_box()
        assert last and last["y"] + last["height"] <= box["y"]


# --- Keyboard and axe-core --------------------------------------------------------


def test_the_keyboard_reaches_the_player_and_a_timestamp_before_the_first_section(open_browser, sites: Sites) -> None:
    page = open_browser().page()
    page.goto(sites.plugin + sites.sample["note"])
    ready(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.md-skip')")
    page.keyboard.press("Enter")
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("""() => {
            const el = document.activeElement, h2 = document.querySelector('article h2');
            const after = h2 && (h2.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
            return (after ? 'after-h2 ' : '') + (el.matches('.pmn-player-start') ? 'start' :
                   el.matches('a.pmn-ts') ? 'timestamp' : el.tagName.toLowerCase());
        }""")
        )
        if reached[-1] == "timestamp" or reached[-1].startswith("after-h2"):
            break
    assert reached[0] == "start", reached
    assert reached[-1] == "timestamp", reached


def _axe_source() -> str:
    """axe-core as pinned in tests/browser/package.json, installed with npm when it is missing."""
    script = HERE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("axe-core is not installed and npm is not available to install it")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0 or not script.is_file():
            pytest.skip(f"axe-core could not be installed (npm ci in tests/browser): {done.stderr.strip()[-300:]}")
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe() -> str:
    return _axe_source()


def violations(page: Page, axe: str, within: str | None = None) -> dict[str, list[str]]:
    """axe-core's violations on the page (or in the elements `within` selects): each rule's id and its nodes."""
    if not page.evaluate("typeof axe === 'object'"):
        page.add_script_tag(content=axe)
    found = page.evaluate(
        """async within => {
        const result = await axe.run(within || document, {resultTypes: ['violations']});
        return result.violations.map(v => [v.id, v.nodes.map(n =>
            n.target.join(' ') + ': ' + (n.any.concat(n.all, n.none)[0] || {}).message)]);
    }""",
        within,
    )
    return dict(found)


def open_in(page: Page, url: str, scheme: str, *, plugin: bool) -> None:
    page.goto(url)
    if plugin:
        ready(page)
    # Material keeps the reader's choice from page to page.
    if page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme:
        page.click('label[title="Switch to dark mode"]' if scheme == "slate" else 'label[title="Switch to light mode"]')
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_nothing_the_plain_build_lacks(open_browser, sites: Sites, axe: str, scheme: str) -> None:
    page = open_browser().page()
    version = json.loads((HERE / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    plain: dict[str, dict[str, list[str]]] = {}
    added = {}
    for kind, path in sites.sample.items():
        if kind == "graph":
            continue  # a note like the other one; its graph is drawn on the topic page too
        # A generated page has no plain counterpart: the plain home page has the same chrome.
        counterpart = path if sites.has_plain(path) else ""
        if counterpart not in plain:
            open_in(page, sites.plain + counterpart, scheme, plugin=False)
            plain[counterpart] = violations(page, axe)
            assert page.evaluate("axe.version") == version
        open_in(page, sites.plugin + path, scheme, plugin=True)
        found = violations(page, axe)
        more = {rule: nodes for rule, nodes in found.items() if len(nodes) > len(plain[counterpart].get(rule, []))}
        if more:
            added[f"{kind} {path}"] = more
        if kind == "note":
            # The player itself, playing and docked (the plain build has none).
            chips = page.locator("article a.pmn-ts[data-pmn-video]")
            chips.nth(min(30, chips.count() - 1)).click()
            page.wait_for_selector(".pmn-player.pmn-player-docked")
            found = violations(page, axe, ".pmn-player")
            if found:
                added["the docked player"] = found
    assert added == {}


# --- The graph ----------------------------------------------------------------------


@pytest.mark.parametrize("width", [390, 1280])
def test_graph_labels_are_distinct_legible_and_lead_to_the_rest(open_browser, sites: Sites, width: int) -> None:
    page = open_browser(viewport={"width": width, "height": 900}).page()
    page.goto(sites.plugin + sites.sample["graph"])
    ready(page)
    figure = page.locator("figure.pmn-graph")
    data = json.loads(figure.get_attribute("data-pmn-graph") or "{}")
    assert data["more"] > 0  # the sample is the page with the most neighbours
    drawn = figure.evaluate("""f => {
        const svg = f.querySelector('svg'), scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('a.pmn-graph-node')].map(a => {
            const text = a.querySelector('text');
            return [a.getAttribute('aria-label'), text.textContent, parseFloat(getComputedStyle(text).fontSize) * scale,
                    text.getBoundingClientRect().right - f.getBoundingClientRect().right];
        });
    }""")
    labels = [label for _, label, _, _ in drawn]
    assert len(drawn) == len(data["nodes"]) and len(set(labels)) == len(labels)
    for name, label, size, overhang in drawn:
        assert size >= 12, (label, size)  # CSS pixels, after the drawing is scaled to the page
        assert overhang <= 1, label
        words = label.replace("\u2026", "").split()
        assert " ".join(words) in " ".join(name.split()), (label, name)  # the name holds what is shown
    more = figure.locator(".pmn-graph-more a")
    assert more.inner_text().startswith(f"and {data['more']} more")
    target = (more.get_attribute("href") or "").split("#")[-1]
    assert page.locator(f"[id='{target}']").count() == 1


GRAPH_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="assets/pmnotes/pmnotes.css"></head><body style="margin:16px">
<figure class="pmn-graph" hidden data-pmn-graph="{data}"><figcaption>Local graph</figcaption></figure>
<script src="assets/pmnotes/pmnotes.js"></script></body></html>"""


def test_graph_labels_that_would_read_the_same_show_whole_titles(
    open_browser, tmp_path: Path, serve: Callable[[Path], str]
) -> None:
    long = "Impact of AI on software development teams in large companies, from hiring to review, in the "
    titles = [long + "decade to come", long + "last ten years", "Short"]
    nodes = [{"title": t, "href": f"../{i}/", "kind": "note", "dir": "out", "links": 1} for i, t in enumerate(titles)]
    data = json.dumps({"title": "Impact of AI on software development", "nodes": nodes, "more": 0})
    (tmp_path / "graph.html").write_text(GRAPH_PAGE.format(data=data.replace('"', "&quot;")), encoding="utf-8")
    shutil.copytree(ASSETS, tmp_path / "assets" / "pmnotes")
    url = serve(tmp_path) + "graph.html"
    for width in (390, 1280):
        page = open_browser(viewport={"width": width, "height": 800}).page()
        page.goto(url)
        page.wait_for_selector("figure.pmn-graph svg")
        labels = page.locator("a.pmn-graph-node text").all_text_contents()
        assert len(set(labels)) == 3
        # Cut to two lines, both would read "Impact of AI ... in the…"; whole, they differ.
        assert labels[0].endswith("the decade to come") and labels[1].endswith("the last ten years")
        assert labels[2] == "Short"
        assert page.locator(".pmn-graph-more").count() == 0
