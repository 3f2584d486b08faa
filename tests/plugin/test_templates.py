"""Panels and generated pages come from templates a site can override through `custom_dir`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html import escape

import pytest
from mkdocs.exceptions import Abort

from mkdocs_pmnotes.render import markup
from mkdocs_pmnotes.render.rewrite import Kind, Target
from mkdocs_pmnotes.render.templates import NAMES, TemplateProblem, Templates, default_templates
from mkdocs_pmnotes.render.views import EpisodeGroup, MentionView

from .conftest import build, page, write_site

HOSTILE = "<b>\"x\"</b> & 'q'"
NOTES = {
    "docs/ep.md": "---\ntitle: Episode note\nvideoId: E_rNotqs--I\n---\n\n# Episode note\n\nText.\n",
    "docs/other.md": "---\ntitle: Other\nvideoId: qNPPoj1qUG0\n---\n\nWe talk about [[ep]] here."
    ' <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>\n',
}


def _esc(value: object) -> str:
    return escape(str(value), quote=True)


def _old_panel(groups: list[EpisodeGroup], level: int = 3, preview: bool = False) -> str:
    """The panel as it was written in Python before it was a template: the reference output."""
    parts = []
    for group in groups:
        inner = markup.link(group.href, group.title, preview=preview) if group.href else _esc(group.title)
        notes = []
        run: list[MentionView] = []
        for item in [*group.mentions, None]:
            if run and (item is None or item.href != run[0].href):
                items = "".join(
                    f'<li class="pmn-mention">{f"<q>{_esc(m.sentence)}</q>" if m.sentence else ""}'
                    f"{f' {m.moment_html}' if m.moment_html else ''}</li>"
                    for m in run
                )
                notes.append(
                    f'<div class="pmn-note"><p class="pmn-note-title">{markup.link(run[0].href, run[0].title, preview=preview)}'
                    f'</p><ul class="pmn-mentions">{items}</ul></div>'
                )
                run = []
            if item is not None:
                run.append(item)
        parts.append(f'<section class="pmn-episode"><h{level}>{inner}</h{level}>{"".join(notes)}</section>')
    count = sum(len(g.mentions) for g in groups)
    body = "".join(parts) if groups else '<p class="pmn-none">No other note links here yet.</p>'
    return (
        f'<aside class="pmn-backlinks" data-search-exclude data-pmn-count="{count}">'
        f'<h2 id="linked-from">Linked from</h2>{body}</aside>'
    )


GROUPS = [
    EpisodeGroup(
        HOSTILE,
        "javascript:x",
        (
            MentionView("../a/", HOSTILE, HOSTILE, "<a>ts</a>"),
            MentionView("../a/", HOSTILE, "", ""),
            MentionView("../b/", "B", "said", ""),
        ),
    ),
    EpisodeGroup("Other pages", None, (MentionView("../c/", "C & D", "x", "<a>1</a>"),)),
]


@pytest.mark.parametrize("preview", [False, True])
@pytest.mark.parametrize("groups", [GROUPS, GROUPS[1:], []])
def test_the_default_panel_is_the_markup_it_replaced(groups, preview):
    count = sum(len(g.mentions) for g in groups)
    shown = default_templates().render("backlinks", groups=groups, count=count, preview=preview)
    assert shown == _old_panel(groups, preview=preview)


def test_the_default_graph_is_the_markup_it_replaced():
    graph = {"title": HOSTILE, "kind": "note", "nodes": [{"title": "a'b", "href": "x/"}], "more": 0}
    text = json.dumps(graph, separators=(",", ":"))
    old = (
        f'<figure class="pmn-graph" data-search-exclude hidden data-pmn-graph="{_esc(text)}">'
        "<figcaption>Local graph</figcaption></figure>"
    )
    assert default_templates().render("graph", graph=graph, graph_json=text) == old


def test_every_template_is_compiled_once(monkeypatch):
    templates = default_templates()
    assert set(templates.compiled) == set(NAMES)
    calls = []
    original = templates.env.get_template
    monkeypatch.setattr(templates.env, "get_template", lambda *a, **k: calls.append(a) or original(*a, **k))
    templates.render("graph", graph={}, graph_json="{}")
    assert calls == []


def test_a_template_error_names_its_file(tmp_path):
    import jinja2

    (tmp_path / "pmnotes").mkdir()
    (tmp_path / "pmnotes" / "graph.html").write_text("<figure>\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateProblem) as raised:
        Templates.over(jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path))))
    assert raised.value.filename == str(tmp_path / "pmnotes" / "graph.html") and raised.value.line == 2


def test_target_kinds_are_strings():
    assert str(Kind.PAGE) == "page" and f"{Kind.MISSING}" == "missing" and Kind.TOPIC == "topic"
    assert json.dumps([Kind.AMBIGUOUS, Target(Kind.SOURCE).kind]) == '["ambiguous", "source"]'


OVERRIDE = (
    '<aside class="my-panel" data-count="{{ count }}">'
    "{% for group in groups %}{% for note in group.notes %}<p>{{ note.title|esc }}</p>{% endfor %}{% endfor %}"
    "</aside>\n"
)


@pytest.mark.slow
def test_a_site_overrides_the_panel_through_custom_dir(site):
    files = {**NOTES, "overrides/pmnotes/backlinks.html": OVERRIDE}
    _, site_dir = site(files, {"theme": {"name": "mkdocs", "custom_dir": "overrides"}})
    html = page(site_dir, "ep")
    assert '<aside class="my-panel" data-count="1"><p>Other</p></aside>' in html
    assert "pmn-backlinks" not in html
    # The other templates are the package's own.
    assert '<h1 class="pmn-generated pmn-episode-index">Episodes</h1>' in page(site_dir, "episodes")


@pytest.mark.slow
def test_a_broken_override_stops_the_build_naming_the_file(tmp_path, caplog):
    files = {**NOTES, "overrides/pmnotes/backlinks.html": "<aside>\n{% for x in %}\n</aside>\n"}
    config = write_site(tmp_path, files, {"theme": {"name": "mkdocs", "custom_dir": "overrides"}})
    with pytest.raises(Abort):
        build(config)
    assert "pmnotes: template overrides/pmnotes/backlinks.html:2: " in caplog.text
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    result = subprocess.run(mkdocs, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "overrides/pmnotes/backlinks.html:2" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_an_override_failing_as_it_renders_names_the_file(tmp_path, caplog):
    files = {**NOTES, "overrides/pmnotes/backlinks.html": "<aside>\n{{ groups[0].nothing.here }}</aside>\n"}
    config = write_site(tmp_path, files, {"theme": {"name": "mkdocs", "custom_dir": "overrides"}})
    with pytest.raises(Abort):
        build(config)
    assert "pmnotes: template overrides/pmnotes/backlinks.html:2: UndefinedError: " in caplog.text


def test_an_edited_override_is_compiled_again_on_the_next_build(tmp_path):
    # Compiled templates are kept for the process (serve rebuilds); an edit must still show.
    files = {**NOTES, "overrides/pmnotes/backlinks.html": OVERRIDE}
    config_file = write_site(tmp_path, files, {"theme": {"name": "mkdocs", "custom_dir": "overrides"}})
    build(config_file)
    assert "my-panel" in page(tmp_path / "site", "ep")
    edited = OVERRIDE.replace("my-panel", "their-panel")
    assert edited != OVERRIDE
    (tmp_path / "overrides/pmnotes/backlinks.html").write_text(edited, encoding="utf-8")
    build(config_file)
    html = page(tmp_path / "site", "ep")
    assert "their-panel" in html and "my-panel" not in html
