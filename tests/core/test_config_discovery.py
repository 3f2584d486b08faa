"""Which site config a project has, and what is read of it: docs_dir, the plugin block, the extension's options."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_pmnotes.core.config import load_project
from mkdocs_pmnotes.core.discovery import find_root, find_site_config, read_site_config, start_folder
from mkdocs_pmnotes.core.options import ConfigError

# MkDocs' two names, then ProperDocs', then Zensical's.
ORDER = ["mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml", "zensical.toml"]


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("first", range(len(ORDER)))
def test_a_folder_with_several_site_configs_uses_the_first_in_order(tmp_path, first):
    write(tmp_path, {name: "site_name: x\n" for name in ORDER[first:]})
    assert find_site_config(tmp_path) == tmp_path / ORDER[first]


def test_the_root_is_the_nearest_folder_with_a_site_config_or_a_pmnotes_table(tmp_path):
    write(tmp_path, {"zensical.toml": "[project]\n", "pkg/pyproject.toml": '[project]\nname = "x"\n'})
    deep = tmp_path / "pkg" / "docs" / "deep"
    deep.mkdir(parents=True)
    # Another tool's pyproject.toml does not stop the search (ruff's rule) ...
    assert find_root(deep) == tmp_path
    # ... one with [tool.pmnotes] does.
    write(tmp_path, {"pkg/pyproject.toml": "[tool.pmnotes]\nignore = []\n"})
    assert find_root(deep) == tmp_path / "pkg"


def test_discovery_starts_from_the_files_named_when_the_working_directory_has_no_config(tmp_path):
    write(tmp_path, {"site/mkdocs.yml": "site_name: x\n", "site/docs/a.md": "# A\n", "elsewhere/x": ""})
    assert start_folder(tmp_path / "elsewhere", ["../site/docs/a.md"]) == tmp_path / "site" / "docs"
    assert start_folder(tmp_path / "elsewhere", ["../site/docs"]) == tmp_path / "site" / "docs"
    assert start_folder(tmp_path / "elsewhere", []) == tmp_path / "elsewhere"
    # A config found from the working directory wins over the files' own.
    assert start_folder(tmp_path / "site" / "docs", ["../../elsewhere/x"]) == tmp_path / "site" / "docs"


ZENSICAL = """\
[project]
site_name = "Notes"
docs_dir = "notes"
site_url = "https://example.org/podcast/"

[project.markdown_extensions.toc]
permalink = true

[project.markdown_extensions.pmnotes]
base_url = "/podcast/"
player = false
ignore = ["PMN201"]
default-end = "2:00:00"
"""


def test_load_project_from_the_docs_folder_finds_zensical_toml_and_the_extension_options(tmp_path):
    write(tmp_path, {"zensical.toml": ZENSICAL, "notes/a.md": "# A\n"})
    project = load_project(tmp_path / "notes")
    assert project.root == tmp_path
    assert project.site_file == tmp_path / "zensical.toml"
    assert project.docs_dir == tmp_path / "notes"
    # The extension's own options, as written, for the extension ...
    assert project.extension == {
        "base_url": "/podcast/",
        "player": False,
        "ignore": ["PMN201"],
        "default-end": "2:00:00",
    }
    # ... and the settings' keys among them, for everything else.
    assert project.settings.ignore == ["PMN201"]
    assert project.settings.default_end == 7200


@pytest.mark.parametrize(
    "extensions",
    [
        'markdown_extensions = ["toc", "pmnotes"]',
        "markdown_extensions = [{ pmnotes = { docs_dir = 'notes' } }]",
        "[project.markdown_extensions.'mkdocs_pmnotes.markdown_ext']\ndocs_dir = 'notes'",
    ],
)
def test_the_extension_is_found_in_a_list_or_by_its_module_name(tmp_path, extensions):
    write(tmp_path, {"zensical.toml": f"[project]\nsite_name = 'x'\n{extensions}\n"})
    site = read_site_config(tmp_path / "zensical.toml")
    assert site.extension == ({} if "toc" in extensions else {"docs_dir": "notes"})
    assert site.plugin is None and site.docs_dir == "docs"  # Zensical's default


def test_a_zensical_toml_without_a_project_table_is_read_as_zensical_reads_it(tmp_path):
    write(tmp_path, {"zensical.toml": 'site_name = "x"\ndocs_dir = "pages"\n'})
    assert read_site_config(tmp_path / "zensical.toml").docs_dir == "pages"


def test_in_yaml_the_plugin_block_holds_the_settings_else_the_extension_options(tmp_path):
    only_extension = "site_name: x\nmarkdown_extensions:\n  - toc\n  - pmnotes:\n      ignore: [PMN301]\n"
    write(tmp_path, {"mkdocs.yml": only_extension})
    assert load_project(tmp_path).settings.ignore == ["PMN301"]
    both = only_extension + "plugins:\n  - pmnotes:\n      ignore: [PMN201]\n"
    write(tmp_path, {"mkdocs.yml": both})
    project = load_project(tmp_path)
    assert project.settings.ignore == ["PMN201"]
    assert project.extension == {"ignore": ["PMN301"]}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("zensical.toml", "project = 5\n", "`project` must be a table"),
        ("zensical.toml", "[project]\nmarkdown_extensions = 5\n", "markdown_extensions must be a list or a mapping"),
        ("zensical.toml", "[project]\ndocs_dir = 5\n", "docs_dir must be a string"),
        ("zensical.toml", "[project.markdown_extensions]\npmnotes = 5\n", "the pmnotes extension options must be"),
        ("zensical.toml", "[project.markdown_extensions.pmnotes]\nignore = 5\n", "ignore must be a list of strings"),
        ("properdocs.yml", "markdown_extensions: [{pmnotes: [a]}]\n", "the pmnotes extension options must be"),
        ("properdocs.yaml", "- a list\n", "not a mapping of settings"),
    ],
)
def test_a_site_config_of_the_wrong_shape_is_an_error_naming_it(tmp_path, name, text, message):
    write(tmp_path, {name: text})
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(tmp_path / name))}: .*{re.escape(message)}"):
        load_project(tmp_path)
