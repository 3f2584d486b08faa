"""Full `mkdocs serve` rebuilds reuse the output of generated pages that cannot have changed."""

from __future__ import annotations

import pytest

from .conftest import build, write_site

pytestmark = pytest.mark.slow

A = "---\ntitle: Note A\nvideoId: E_rNotqs--I\n---\n\nA on [[pricing]] and [[b]].\n"
B = "---\ntitle: Note B\n---\n\nB on [[pricing]] too.\n"


def _serve(tmp_path, config=None):
    (tmp_path / "overrides").mkdir()
    config_file = write_site(tmp_path, {"docs/a.md": A, "docs/b.md": B}, config)
    plugin = build(config_file).plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=False)
    return config_file, plugin


def _topic(tmp_path):
    return (tmp_path / "site" / "topics" / "pricing" / "index.html").read_text(encoding="utf-8")


def test_an_unchanged_generated_page_is_reused_and_equals_a_fresh_render(tmp_path):
    config_file, plugin = _serve(tmp_path)
    try:
        build(config_file)
        assert plugin.serve.reuse.count == 0  # nothing kept yet
        first = _topic(tmp_path)
        build(config_file)
        assert plugin.serve.reuse.count > 0
        assert _topic(tmp_path) == first
    finally:
        plugin.on_startup(command="build", dirty=False)


@pytest.mark.parametrize("change", ["mention", "nav", "config", "override"])
def test_a_change_the_page_shows_renders_it_again(tmp_path, change):
    config_file, plugin = _serve(tmp_path, {"theme": {"name": "mkdocs", "custom_dir": "overrides"}})
    try:
        build(config_file)
        before = _topic(tmp_path)
        if change == "mention":
            (tmp_path / "docs/b.md").write_text(B.replace("too", "as well"), encoding="utf-8")
            expected = "as well"
        elif change == "nav":
            (tmp_path / "docs/c.md").write_text("---\ntitle: Note Sea\n---\n\nNothing here.\n", encoding="utf-8")
            expected = "Note Sea"
        elif change == "config":
            text = config_file.read_text(encoding="utf-8").replace("site_name: Test", "site_name: Renamed")
            config_file.write_text(text, encoding="utf-8")
            expected = "Renamed"
        else:
            (tmp_path / "overrides" / "main.html").write_text(
                '{% extends "base.html" %}{% block footer %}Overridden footer{% endblock %}', encoding="utf-8"
            )
            expected = "Overridden footer"
        assert expected not in before
        build(config_file)
        assert expected in _topic(tmp_path)
    finally:
        plugin.on_startup(command="build", dirty=False)


def test_mkdocs_build_keeps_nothing(tmp_path):
    config_file = write_site(tmp_path, {"docs/a.md": A, "docs/b.md": B})
    plugin = build(config_file).plugins["pmnotes"]
    build(config_file)
    assert plugin.serve is None  # nothing kept from one `mkdocs build` to the next
