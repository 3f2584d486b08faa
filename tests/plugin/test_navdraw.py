"""Material's nav is drawn once per folder of generated pages, and every page reads as if drawn for it."""

from __future__ import annotations

import re

import pytest

import mkdocs_pmnotes.plugin.plugin as plugin_module

from .conftest import build, write_site

pytestmark = pytest.mark.slow

NOTES = {
    "docs/index.md": "# Home\n\nSee [[pricing]], [[growth]] and [[hiring]].\n",
    "docs/a.md": "---\ntitle: Note A\nvideoId: E_rNotqs--I\n---\n\nA on [[pricing]] and [[growth]].\n",
    "docs/b.md": "---\ntitle: Note B\nvideoId: E_rNotqs--I\n---\n\nB on [[pricing]] and [[hiring]].\n",
    "docs/deep/c.md": "---\ntitle: Note C\nvideoId: dQw4w9WgXcQ\n---\n\nC on [[growth]].\n",
    # A nav page under a topic's folder: that topic's nav links differ from its siblings'.
    "docs/topics/pricing/child.md": "---\ntitle: Child\n---\n\nUnder [[pricing]].\n",
}


def _pages(site_dir):
    return {p.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html")}


def _counts(logs):
    for _, message in logs():
        found = re.search(r"nav drawn (\d+) times for (\d+) more generated pages", message)
        if found:
            return int(found[1]), int(found[2])
    return None


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_equals_the_page_drawn_alone(tmp_path, monkeypatch, pmn_logs, directory_urls):
    config = {"theme": {"name": "material"}, "use_directory_urls": directory_urls}
    config_file = write_site(tmp_path, NOTES, config)
    build(config_file, site_dir=str(tmp_path / "shared"))
    drawn, given = _counts(pmn_logs) or (0, 0)
    assert drawn and given, "some generated pages were given a folder's drawing"

    monkeypatch.setattr(plugin_module, "install", lambda *args: False)
    build(config_file, site_dir=str(tmp_path / "alone"))

    shared, alone = _pages(tmp_path / "shared"), _pages(tmp_path / "alone")
    assert shared.keys() == alone.keys()
    differ = [name for name in shared if shared[name] != alone[name]]
    assert not differ
    topic = "topics/pricing/index.html" if directory_urls else "topics/pricing.html"
    assert 'href="child/' in shared[topic] or 'href="pricing/child.html"' in shared[topic]


def test_an_override_of_the_nav_is_drawn_for_every_page(tmp_path, pmn_logs):
    files = {**NOTES, "overrides/partials/nav.html": "<nav>{{ page.title }}</nav>"}
    config_file = write_site(tmp_path, files, {"theme": {"name": "material", "custom_dir": "overrides"}})
    build(config_file)
    assert _counts(pmn_logs) is None
    growth = (tmp_path / "site" / "topics" / "growth" / "index.html").read_text(encoding="utf-8")
    hiring = (tmp_path / "site" / "topics" / "hiring" / "index.html").read_text(encoding="utf-8")
    assert "<nav>growth</nav>" in growth.lower()
    assert "<nav>hiring</nav>" in hiring.lower()
