"""Every config file a site may have, found by `pmnotes lint` and `pmnotes timestamps` alike.

Each site below keeps its notes in `pages/` (not the default `docs/`), so a lint that finds
them has read `docs_dir` from the file, and ignores PMN301, so a lint that passes `b.md`'s
mojibake by has read the plugin's (or, in `zensical.toml`, the extension's) `ignore` too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import note

YAML_SITE = "site_name: Notes\ndocs_dir: pages\nplugins:\n  - search\n  - pmnotes:\n      ignore: [PMN301]\n"
ZENSICAL_SITE = (
    '[project]\nsite_name = "Notes"\ndocs_dir = "pages"\n\n[project.markdown_extensions.pmnotes]\nignore = ["PMN301"]\n'
)
SITES = {
    "mkdocs.yml": YAML_SITE,
    "mkdocs.yaml": YAML_SITE,
    "properdocs.yml": YAML_SITE,
    "properdocs.yaml": YAML_SITE,
    "zensical.toml": ZENSICAL_SITE,
}
NOTES = {
    "pages/a.md": note("See [[b]] and [[nowhere_at_all]]."),
    "pages/b.md": note("The dash â€“ is broken.", title="B"),
}


def findings(run, *args: str) -> list[tuple[str, str, str]]:
    result = run("lint", "--output-format", "json", *args)
    assert result.code in (0, 1), result.err
    return sorted((Path(i["path"]).name, i["code"], i["message"].split("`")[1]) for i in json.loads(result.out))


DANGLING_ONLY = [("a.md", "PMN201", "nowhere_at_all")]


@pytest.mark.parametrize("name", list(SITES))
def test_each_site_config_name_is_found_and_applied(project, run, name):
    root = project(NOTES, mkdocs=False)
    (root / name).write_text(SITES[name], encoding="utf-8")
    assert findings(run) == DANGLING_ONLY
    # Without the file there is no site to lint: the result above came from it.
    (root / name).unlink()
    assert run("lint").err == "pmnotes: no notes to lint\n"


@pytest.mark.parametrize("name", list(SITES))
def test_one_file_is_linted_against_the_whole_site_from_the_root_and_from_a_subfolder(project, run, monkeypatch, name):
    """As pre-commit runs it: one changed note, whose link to a note not named still resolves."""
    root = project(NOTES, mkdocs=False)
    (root / name).write_text(SITES[name], encoding="utf-8")
    assert findings(run, "pages/a.md") == DANGLING_ONLY
    monkeypatch.chdir(root / "pages")
    assert findings(run, "a.md") == DANGLING_ONLY


def test_a_site_below_a_repository_with_its_own_pyproject_is_found_from_the_files_named(project, run):
    """A hook runs from the repository root; the site's config sits in a subfolder of it."""
    root = project({f"web/{name}": text for name, text in NOTES.items()}, mkdocs=False)
    (root / "pyproject.toml").write_text('[project]\nname = "app"\n', encoding="utf-8")  # not pmnotes'
    (root / "web" / "properdocs.yml").write_text(YAML_SITE, encoding="utf-8")
    assert findings(run, "web/pages/a.md") == DANGLING_ONLY
    assert findings(run, "web/pages/a.md", "web/pages/b.md") == DANGLING_ONLY


def test_the_first_name_in_mkdocs_order_wins_when_a_folder_has_several(project, run):
    root = project(NOTES, mkdocs=False)
    (root / "zensical.toml").write_text(ZENSICAL_SITE.replace('["PMN301"]', '["PMN201"]'), encoding="utf-8")
    assert findings(run) == [("b.md", "PMN301", "â€“")]
    (root / "properdocs.yml").write_text(YAML_SITE, encoding="utf-8")
    assert findings(run) == DANGLING_ONLY


@pytest.mark.parametrize("option", ["-f", "--config-file", "--config"])
def test_a_site_config_named_on_the_command_line(project, run, option):
    root = project({**NOTES, "other/c.md": note("See [[a]].", title="C")}, mkdocs=False)
    (root / "mkdocs.yml").write_text(YAML_SITE, encoding="utf-8")
    (root / "conf").mkdir()
    # Relative paths in a named file are relative to its folder, as MkDocs reads them.
    (root / "conf" / "mkdocs.other.yml").write_text("site_name: Other\ndocs_dir: ../other\n", encoding="utf-8")
    assert findings(run, option, "conf/mkdocs.other.yml") == [("c.md", "PMN201", "a")]
    assert findings(run) == DANGLING_ONLY


def test_a_named_zensical_config_of_another_name_is_read_as_one(project, run):
    root = project(NOTES, mkdocs=False)
    (root / "zensical.prod.toml").write_text(ZENSICAL_SITE, encoding="utf-8")
    assert findings(run, "-f", "zensical.prod.toml") == DANGLING_ONLY


def test_the_pyproject_beside_a_named_site_config_still_lays_over_it(project, run):
    root = project(NOTES, mkdocs=False)
    (root / "site.yml").write_text(YAML_SITE, encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.pmnotes]\nignore = ["PMN201", "PMN301"]\n', encoding="utf-8")
    assert findings(run, "-f", "site.yml") == []
    # A named linter file is the settings alone; the notes are still where the site config says.
    (root / "properdocs.yml").write_text(YAML_SITE, encoding="utf-8")
    (root / "pmnotes.toml").write_text('select = ["PMN3"]\n', encoding="utf-8")
    assert findings(run, "--config-file", "pmnotes.toml") == [("b.md", "PMN301", "â€“")]


def test_timestamps_finds_the_site_by_every_name_and_with_f(project, run):
    root = project(NOTES, mkdocs=False)
    (root / "zensical.toml").write_text(ZENSICAL_SITE, encoding="utf-8")
    result = run("timestamps", "--format", "json")
    assert (result.code, result.err.startswith("pmnotes: no notes")) == (0, False)
    (root / "zensical.toml").rename(root / "elsewhere.toml")
    assert run("timestamps", "-f", "elsewhere.toml").code == 0
    assert run("timestamps", "--config-file", "missing.yml").code == 2


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("mkdocs.yml", "site_name: x\nplugins:\n  - pmnotes: {ignore: [PMN301\n", "(line 4)"),
        ("mkdocs.yaml", "site_name: x\n  docs_dir: pages\n", "(line 2)"),
        ("properdocs.yml", "site_name: x\nplugins: [pmnotes\n", "(line 3)"),
        ("properdocs.yaml", "site_name: 'x\n", "(line 2)"),
        ("zensical.toml", '[project]\nsite_name = "x"\ndocs_dir = pages\n', "(at line 3"),
        ("zensical.toml", "[project\n", "(at line 1"),
    ],
)
def test_a_broken_site_config_is_an_error_naming_the_file_and_line(project, run, name, text, where):
    root = project(NOTES, mkdocs=False)
    (root / name).write_text(text, encoding="utf-8")
    for args in (["lint"], ["lint", "pages/a.md"], ["timestamps"]):
        result = run(*args)
        assert (result.code, result.out) == (2, ""), args
        assert result.err.startswith(f"pmnotes: {root / name}: not valid "), result.err
        assert where in result.err and result.err.count("\n") == 1
    result = run("lint", "-f", name)
    assert result.code == 2 and str(root / name) in result.err


def test_a_site_config_that_cannot_be_read_is_an_error(project, run):
    root = project(NOTES, mkdocs=False)
    (root / "properdocs.yml").write_bytes(b"site_name: caf\xe9\n")
    result = run("lint")
    assert result.code == 2
    assert result.err.startswith(f"pmnotes: {root / 'properdocs.yml'}: cannot be read: ")
