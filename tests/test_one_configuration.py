"""The CLI, the MkDocs plugin and the stand-alone extension read one project the same way.

One project: `mkdocs.yml` inherits its plugin block from `base.yml` (MkDocs' `INHERIT:`), and
`pyproject.toml` overrides part of it. All three front ends must end up with equal settings
and the same layout, and that layout must be the written one, not the defaults.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config

from mkdocs_pmnotes import cli, markdown_ext
from mkdocs_pmnotes.core.config import load_project
from mkdocs_pmnotes.core.settings import Settings
from mkdocs_pmnotes.core.site_files import Root

BASE = """\
site_name: Base
docs_dir: docs
plugins:
  - pmnotes:
      default_end: "1:30:00"
      source_prefixes: ["Source:"]
      notes: [extra]
      mount: {extra: more}
      select: [PMN1, PMN2]
      severity: {PMN201: info}
"""
CHILD = "INHERIT: base.yml\nsite_name: Child\n"
PYPROJECT = '[tool.pmnotes]\nignore = ["PMN104"]\ndefault_end = "2:00:00"\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path.resolve()
    (root / "base.yml").write_text(BASE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CHILD, encoding="utf-8")
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("---\ntitle: Home\n---\n\nSee [[b]].\n", encoding="utf-8")
    (root / "extra").mkdir()
    (root / "extra" / "b.md").write_text("---\ntitle: B\n---\n\nBack to [[index]].\n", encoding="utf-8")
    monkeypatch.chdir(root)
    markdown_ext.project_settings.cache_clear()
    return root


def _from_cli() -> tuple[Settings, list[object]]:
    found = cli.configure(cli.build_parser().parse_args(["lint"]))
    return found.settings, found.notes_folders


def _from_plugin(root: Path) -> tuple[Settings, list[object]]:
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="build", dirty=False)
    plugin.on_config(config)
    assert plugin.project is not None
    assert plugin.mounts.roots == (Root(str(root / "extra"), "more"),)
    return plugin.project.settings, plugin.project.notes_folders


def test_the_three_front_ends_read_the_same_settings(project: Path) -> None:
    cli_settings, cli_folders = _from_cli()
    plugin_settings, plugin_folders = _from_plugin(project)
    extension_settings = markdown_ext.project_settings(str(project / "docs"))
    assert cli_settings == plugin_settings == extension_settings
    assert cli_folders == plugin_folders


def test_the_settings_are_the_written_ones(project: Path) -> None:
    settings, folders = _from_cli()
    assert settings.default_end == 2 * 3600  # pyproject wins over the inherited block
    assert settings.source_prefixes == ["Source:"]  # from base.yml, through INHERIT
    assert settings.select == ["PMN1", "PMN2"]
    assert settings.ignore == ["PMN104"]
    assert settings.severity == {"PMN201": "info"}
    assert [(f.name, f.prefix) for f in folders] == [("extra", "more")]  # type: ignore[attr-defined]
    assert settings != Settings(project_root=str(project))


def test_an_inherit_loop_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("INHERIT: other.yml\n", encoding="utf-8")
    (tmp_path / "other.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    with pytest.raises(Exception, match="INHERIT makes a loop"):
        load_project(tmp_path)


def test_a_bad_setting_is_one_message_in_every_front_end(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    (project / "pyproject.toml").write_text('[tool.pmnotes]\nselect = ["PMN999"]\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"pyproject.toml: unknown rule selector `PMN999`"):
        _from_cli()
    with pytest.raises(Exception, match=r"pmnotes: .*pyproject.toml: unknown rule selector `PMN999`"):
        _from_plugin(project)
    # The extension does not lint: selectors are the linter's to check, so it renders on.
    assert markdown_ext.project_settings(str(project / "docs")).select == ["PMN999"]
    (project / "pyproject.toml").write_text('[tool.pmnotes]\ndefault_end = "soon"\n', encoding="utf-8")
    markdown_ext.project_settings.cache_clear()
    with caplog.at_level(logging.ERROR):
        assert markdown_ext.project_settings(str(project / "docs")) == Settings()
    assert "default_end: expected seconds or a clock time" in caplog.text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("select: [PMN999]", "option 'select': unknown rule selector `PMN999`"),
        ("default_end: soon", "option 'default_end': default_end: expected seconds or a clock time"),
        ("mount: {extra: ../out}", "option 'mount': mount of 'extra' is '../out', which leaves the site"),
    ],
)
def test_the_plugin_options_check_the_settings_themselves(
    tmp_path: Path, line: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: X\nplugins:\n  - pmnotes:\n      {line}\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Exception, match="configuration error"):
        load_config(str(tmp_path / "mkdocs.yml"))
    assert f"Plugin 'pmnotes' {message}" in caplog.text
