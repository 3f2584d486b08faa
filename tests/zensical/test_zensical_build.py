"""The Zensical guide's `zensical.toml`, built with Zensical on the repository's seeds.

The config is read from the guide's own code block, so the guide cannot say one thing while
the build does another. The seeds are copied byte for byte; a home page that links to each
of them is added, so every note's Linked-from panel has something to list.
"""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mkdocs_pmnotes.core.files import read_note
from mkdocs_pmnotes.render import ASSETS

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "zensical.md"
SEEDS = sorted((REPO / "seeds").glob("*.md"))
# A fenced TOML block whose first line names the file, at any indentation (the guide's is in a list).
_TOML_BLOCK = re.compile(r"^(?P<indent>[ \t]*)```toml\n(?P<body>.*?)^(?P=indent)```", re.MULTILINE | re.DOTALL)


def guide_config() -> str:
    """The `zensical.toml` of the guide: its TOML block that begins `# zensical.toml`."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = [textwrap.dedent(m["body"]) for m in _TOML_BLOCK.finditer(text)]
    found = [block for block in blocks if block.startswith("# zensical.toml\n")]
    assert len(found) == 1, f"{GUIDE} should hold one TOML block starting `# zensical.toml`"
    return found[0]


class _Anchors(HTMLParser):
    """Every element's tag, classes and attributes, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, set[str], dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.found.append((tag, set(values.get("class", "").split()), values))


def tags(page: str) -> list[tuple[str, set[str], dict[str, str]]]:
    parser = _Anchors()
    parser.feed(page)
    return parser.found


def with_class(page: str, name: str) -> list[dict[str, str]]:
    return [attrs for _, classes, attrs in tags(page) if name in classes]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("zensical") is None:
        pytest.skip('Zensical is not installed: pip install "zensical==0.0.73" (the `test` extra has it)')
    root = tmp_path_factory.mktemp("zensical-site")
    docs = root / "docs"
    (docs / "assets" / "pmnotes").mkdir(parents=True)
    for seed in SEEDS:
        shutil.copyfile(seed, docs / seed.name)
    for asset in ("pmnotes.js", "pmnotes.css"):  # the guide's step 2
        shutil.copyfile(ASSETS / asset, docs / "assets" / "pmnotes" / asset)
    links = "".join(f"- [[{seed.stem}]]\n" for seed in SEEDS)
    (docs / "index.md").write_text(f"# Podcast notes\n\n{links}", encoding="utf-8")
    (root / "zensical.toml").write_text(guide_config(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--clean"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return root / "site"


def note_page(site: Path, seed: Path) -> str:
    return (site / seed.stem / "index.html").read_text(encoding="utf-8")


def test_the_guide_config_is_read_from_the_guide():
    config = guide_config()
    assert "[project.markdown_extensions.pmnotes]" in config
    assert "plugins" not in config  # Zensical would drop it without a word


def test_no_page_keeps_a_raw_wiki_link(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) >= len(SEEDS) + 1
    assert [p.relative_to(built).as_posix() for p in pages if "[[" in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_note_ends_with_a_linked_from_panel_listing_the_home_page(built, seed):
    page = note_page(built, seed)
    assert page.count('<aside class="pmn-backlinks"') == 1
    panel = page[page.index('<aside class="pmn-backlinks"') : page.index("</aside>", page.index("pmn-backlinks"))]
    assert 'data-pmn-count="1"' in panel
    assert [a["href"] for a in with_class(panel, "pmn-link")] == ["/"]
    # After the note's text, and out of the table of contents.
    assert page.index('<aside class="pmn-backlinks"') > page.rindex("yt-timestamp")
    assert 'href="#linked-from"' not in page


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_note_has_its_player_and_episode_line_and_youtube_timestamps(built, seed):
    _, note = read_note(seed)
    assert note is not None and note.video_id
    page = note_page(built, seed)
    assert f'<div class="pmn-player" data-pmn-video="{note.video_id}"></div>' in page
    assert with_class(page, "pmn-episode-ref")[0]["href"] == f"//www.youtube.com/watch?v={note.video_id}"
    stamps = with_class(page, "yt-timestamp")
    assert len(stamps) == len(note.anchors)
    prefix = f"https://www.youtube.com/watch?v={note.video_id}&t="
    assert [s["href"] for s in stamps if not re.fullmatch(re.escape(prefix) + r"\d+s", s["href"])] == []
    assert 'src="../assets/pmnotes/pmnotes.js"' in page or 'src="/assets/pmnotes/pmnotes.js"' in page
    assert (built / "assets" / "pmnotes" / "pmnotes.js").is_file()


def test_shifted_timestamps_play_the_corrected_second_and_say_so(built):
    page = note_page(built, REPO / "seeds" / "001_90afb0178530e277.md")
    stamp = next(s for s in with_class(page, "yt-timestamp") if s["data-t"] == "06:33:00")
    assert stamp["href"].endswith("&t=393s")  # 6 min 33 s, not 6 h 33 min
    assert 'class="pmn-ts-note"' in page
    assert "&amp;t=393s" in page  # as written in the HTML


def test_links_to_missing_pages_are_styled_text_and_no_link_leads_to_a_404(built):
    page = note_page(built, REPO / "seeds" / "000_89ad6f01fa81b329.md")
    dangling = with_class(page, "pmn-dangling")
    assert {"title": "No page for lennyspodcast", "class": "pmn-dangling"} in dangling
    for path in sorted(built.rglob("*.html")):
        for link in with_class(path.read_text(encoding="utf-8"), "pmn-link"):
            target = html.unescape(link["href"]).split("#")[0]
            if target.startswith("//"):  # a panel's episode heading: the video, while there is no episode page
                assert target.startswith("//www.youtube.com/watch?v="), link
                continue
            assert target.startswith("/"), link
            assert (built / target.lstrip("/") / "index.html").is_file(), f"{path}: {target} is not a page"


def test_a_page_asks_no_third_party_for_anything_at_load(built):
    # The guide turns the theme's web fonts off; the player loads YouTube on a click only.
    loads = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.IGNORECASE)
    assert [p.relative_to(built).as_posix() for p in built.rglob("*.html") if loads.search(p.read_text("utf-8"))] == []
