"""The registry of generated page kinds: each kind brings its templates and its folder option."""

from __future__ import annotations

import jinja2
import pytest

from mkdocs_pmnotes.plugin.config import PmnotesConfig
from mkdocs_pmnotes.render.kinds import KINDS, PageKind
from mkdocs_pmnotes.render.templates import NAMES, Templates

from .conftest import build, content, page, write_site


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_each_kind_has_its_templates_and_option(kind: PageKind):
    assert kind.template in NAMES and kind.summary in NAMES
    if kind.option:  # the folder option the plugin reads, by default the kind's own folder
        assert dict(PmnotesConfig._schema)[kind.option].default == kind.folder


def test_kind_names_are_unique_and_print_as_their_name():
    names = [str(kind) for kind in KINDS]
    assert len(set(names)) == len(names)
    assert names == [kind.name for kind in KINDS]


def test_a_heading_template_written_for_kind_names_still_tells_the_kinds_apart():
    """A site's own heading.html of before kinds were a type compares `kind` with a name."""
    own = '{% if kind == "topic" %}T{% elif kind == "episode-index" %}E{% else %}?{% endif %}:{{ kind }}'
    templates = Templates.over(jinja2.Environment(loader=jinja2.DictLoader({"pmnotes/heading.html": own})))
    rendered = {str(kind): templates.render("heading", kind=kind, title="") for kind in KINDS}
    assert rendered["topic"] == "T:topic"
    assert rendered["episode-index"] == "E:episode-index"
    assert rendered["source"] == "?:source"


@pytest.mark.slow
def test_a_site_overrides_one_kind_summary(tmp_path):
    files = {
        "docs/a.md": "---\ntitle: A\n---\n\nOn [[pricing]].\n",
        "overrides/pmnotes/topic-summary.html": "Not written yet: {{ count.others }}",
    }
    config = {"theme": {"name": "mkdocs", "custom_dir": "overrides"}}
    config_file = write_site(tmp_path, files, config)
    build(config_file)
    html = content(page(tmp_path / "site", "topics/pricing"))
    assert '<p class="pmn-summary">Not written yet: 1</p>' in html
    assert "No note covers this topic yet" not in html
