"""`pmnotes lint` says when a `zensical.toml` lists the plugin, which Zensical drops without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_pmnotes.cli import main

NOTE = "---\ntitle: A\n---\n\nText.\n"
PLUGIN = '[project]\nsite_name = "Notes"\nplugins = ["pmnotes"]\n'
EXTENSION = "\n[project.markdown_extensions.pmnotes]\n"
YAML_PLUGIN = "site_name: Notes\nplugins:\n  - pmnotes\n"


def lint(root: Path, files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    for name, text in {"docs/a.md": NOTE, **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    capsys.readouterr()
    code = main(["lint", "--no-cache"])
    return code, capsys.readouterr().err


def test_a_zensical_toml_with_the_plugin_and_not_the_extension_is_named(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, err = lint(tmp_path, {"zensical.toml": PLUGIN}, capsys)
    assert code == 0  # a notice, not a finding: the notes are linted as ever
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"pmnotes: {tmp_path.resolve() / 'zensical.toml'}: lists the `pmnotes` plugin")
    assert "[project.markdown_extensions.pmnotes]" in lines[0]


@pytest.mark.parametrize(
    "files",
    [
        {"zensical.toml": PLUGIN + EXTENSION},  # the plugin for MkDocs, the extension for Zensical
        {"zensical.toml": '[project]\nsite_name = "Notes"\nmarkdown_extensions = ["pmnotes"]\n'},
        {"mkdocs.yml": YAML_PLUGIN},  # MkDocs' file: the plugin is what runs
    ],
    ids=["both", "extension", "mkdocs.yml"],
)
def test_no_notice_where_the_extension_is_listed_or_mkdocs_reads_the_file(tmp_path, monkeypatch, capsys, files):
    monkeypatch.chdir(tmp_path)
    code, err = lint(tmp_path, files, capsys)
    assert (code, err) == (0, "")
