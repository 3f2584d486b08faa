"""Links inside the blocks of the site's Markdown extensions are linted exactly where the site shows them.

With `admonition`, `pymdownx.details`, `pymdownx.tabbed`, `footnotes` or `def_list`
the indented body of a block is Markdown; without them it is code. The linter reads
the site config's `markdown_extensions` to know which.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import note

BODY = (
    '!!! note "In an admonition"\n\n    A link to [[gone_one]].\n\n        code [[in_code]]\n\n'
    '??? tip "Folded"\n\n    A link to [[gone_two]].\n\n'
    '=== "A tab"\n\n    A link to [[gone_three]].\n\n'
    "Said[^1].\n\n[^1]: A footnote.\n\n    More of it, [[gone_four]].\n\n"
    "Term\n\n:   A definition.\n\n    More of it, [[gone_five]].\n"
)
EXTENSIONS = ["admonition", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "footnotes", "def_list"]


def dangling(run) -> list[str]:
    result = run("lint", "--output-format", "json", "--select", "PMN201")
    assert result.code in (0, 1), result.err
    return sorted(item["message"].split("`")[1] for item in json.loads(result.out))


@pytest.mark.parametrize("name", ["mkdocs.yml", "zensical.toml"])
def test_links_in_extension_blocks_are_checked_when_the_site_enables_them(project, run, name):
    root = project({"docs/a.md": note(BODY)}, mkdocs=False)
    if name == "mkdocs.yml":
        config = "site_name: N\nplugins: [pmnotes]\nmarkdown_extensions:\n" + "".join(f"  - {e}\n" for e in EXTENSIONS)
    else:
        tables = "".join(f'[project.markdown_extensions."{e}"]\n' for e in EXTENSIONS)
        config = f'[project]\nsite_name = "N"\n\n{tables}[project.markdown_extensions.pmnotes]\n'
    (root / name).write_text(config, encoding="utf-8")
    assert dangling(run) == ["gone_five", "gone_four", "gone_one", "gone_three", "gone_two"]


def test_without_the_extensions_those_bodies_are_code(project, run):
    project({"docs/a.md": note(BODY)})
    # Python-Markdown alone shows each indented body as code; only the definition line is prose.
    assert dangling(run) == []


def test_the_site_renders_the_links_the_linter_checks(tmp_path: Path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(note(BODY), encoding="utf-8")
    config = {"site_name": "N", "plugins": ["pmnotes"], "markdown_extensions": EXTENSIONS}
    (tmp_path / "mkdocs.yml").write_text(json.dumps(config), encoding="utf-8")
    build(load_config(str(tmp_path / "mkdocs.yml")))
    html = (tmp_path / "site" / "a" / "index.html").read_text(encoding="utf-8")
    assert "[[gone" not in html and "[[in_code]]" in html
    assert html.count('class="pmn-link') + html.count('class="pmn-dangling') >= 5
