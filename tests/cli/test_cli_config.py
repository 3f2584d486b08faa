"""Configuration: where it is read from, which source wins, and bad config."""

from __future__ import annotations

import json

import pytest
from cli_support import note

from mkdocs_pmnotes.lint.api import ConfigError, load_project

DANGLING = note("See [[nowhere_at_all]].")
OLD = note("See [[nowhere_at_all]].", title="Old note")
MOJIBAKE = note("The dash â€“ is broken.", title="B note")
# Seconds spread over 00-59, so nothing reads as shifted; the last anchor is past two hours.
LATE = note(
    " ".join(
        f'Claim {i} <a class="yt-timestamp" data-t="{t}">[{t}]</a>.'
        for i, t in enumerate(["00:10:17", "00:25:43", "01:05:31", "01:48:52", "02:30:12"])
    ),
    title="Late note",
)


def codes(run, *args) -> list[str]:
    return sorted(item["code"] for item in json.loads(run("lint", "--format", "json", *args).out))


def test_mkdocs_yml_with_python_and_env_tags_configures_the_linter(project, run):
    project({"docs/a.md": DANGLING, "docs/b.md": MOJIBAKE}, plugin="ignore: [PMN201]")
    assert codes(run) == ["PMN301"]


def test_mkdocs_plugin_block_as_a_mapping(project, run, tmp_path):
    root = project({"docs/a.md": DANGLING, "docs/b.md": MOJIBAKE}, mkdocs=False)
    (root / "mkdocs.yml").write_text("site_name: x\nplugins:\n  search: {}\n  pmnotes:\n    ignore: [mojibake]\n")
    assert codes(run) == ["PMN201"]


def test_pyproject_wins_over_mkdocs_key_by_key(project, run):
    root = project(
        {"docs/a.md": DANGLING, "docs/b.md": MOJIBAKE},
        plugin="ignore: [PMN201]\nseverity:\n  PMN301: info",
    )
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.pmnotes]\nignore = []\n')
    items = json.loads(run("lint", "--format", "json").out)
    # ignore comes from pyproject (nothing ignored); severity still from mkdocs.yml.
    assert sorted(i["code"] for i in items) == ["PMN201", "PMN301"]
    assert next(i for i in items if i["code"] == "PMN301")["severity"] == "info"


def test_command_line_wins_over_both(project, run):
    root = project({"docs/a.md": DANGLING, "docs/b.md": MOJIBAKE}, plugin="select: [PMN3]")
    (root / "pyproject.toml").write_text('[tool.pmnotes]\nselect = ["PMN3"]\nignore = ["PMN301"]\n')
    assert codes(run) == []
    # A command-line selection replaces the configured one, ignores included (as in ruff).
    assert codes(run, "--select", "PMN201,PMN301") == ["PMN201", "PMN301"]
    # A command-line ignore adds to the configured ones.
    assert codes(run, "--ignore", "PMN201") == []


def test_kebab_case_keys_in_pyproject(project, run):
    root = project({"docs/a.md": DANGLING, "docs/legacy/old.md": OLD}, mkdocs=False)
    (root / "pyproject.toml").write_text(
        '[tool.pmnotes]\nnotes = ["docs"]\n[tool.pmnotes.per-file-ignores]\n"docs/legacy/*" = ["dangling-link"]\n'
    )
    items = json.loads(run("lint", "--format", "json").out)
    assert [i["path"] for i in items] == ["docs/a.md"]


def test_per_file_ignores_match_the_path_from_the_project_root(project, run):
    project(
        {"docs/a.md": DANGLING, "docs/legacy/old.md": OLD + "\nThe dash â€“ too.\n"},
        plugin='per_file_ignores:\n  "docs/legacy/*": [PMN201]',
    )
    items = json.loads(run("lint", "--format", "json").out)
    assert sorted((i["path"], i["code"]) for i in items) == [
        ("docs/a.md", "PMN201"),
        ("docs/legacy/old.md", "PMN301"),
    ]


def test_severity_info_is_shown_but_does_not_fail(project, run):
    project({"docs/a.md": DANGLING}, plugin="severity:\n  dangling-link: info")
    result = run("lint")
    assert result.code == 0
    assert "PMN201" in result.out
    assert json.loads(run("lint", "--format", "json").out)[0]["severity"] == "info"


def test_severity_error_and_ignore(project, run):
    project({"docs/a.md": DANGLING, "docs/b.md": MOJIBAKE}, plugin="severity:\n  PMN2: error\n  PMN301: ignore")
    items = json.loads(run("lint", "--format", "json").out)
    assert [(i["code"], i["severity"]) for i in items] == [("PMN201", "error")]


def test_default_end_from_config_and_from_the_command_line(project, run):
    project({"docs/late.md": LATE}, plugin='default_end: "2:00:00"')
    assert codes(run, "--select", "PMN1") == ["PMN103"]
    assert codes(run, "--select", "PMN1", "--default-end", "3:00:00") == []
    assert codes(run, "--select", "PMN1", "--default-end", "7200") == ["PMN103"]


def test_configured_notes_folders_are_linted_and_indexed(project, run):
    project(
        {"docs/a.md": note("See [[kept]]."), "notes/kept.md": note("Body.", title="Kept")},
        plugin="notes: [notes]",
    )
    result = run("lint")
    assert result.code == 0, result.out
    # Without the setting, the link from docs/ has nowhere to go.
    project({}, plugin="{}")
    assert codes(run) == ["PMN201"]


def test_changed_files_are_checked_against_the_whole_site(project, run):
    """pre-commit passes one file; its link to a file not passed still resolves."""
    project({"docs/a.md": note("See [[b]]."), "docs/b.md": note("Body.", title="B")})
    assert run("lint", "docs/a.md").code == 0
    assert codes(run, "docs/a.md", "--select", "PMN201") == []


def test_exclude_applies_to_walked_folders_and_with_force_exclude_to_named_files(project, run):
    project({"docs/a.md": DANGLING, "docs/drafts/x.md": OLD}, plugin="exclude: ['drafts/*']")
    assert [i["path"] for i in json.loads(run("lint", "--format", "json").out)] == ["docs/a.md"]
    assert run("lint", "docs/drafts/x.md").code == 1
    project({}, plugin="exclude: ['docs/drafts/*']")
    result = run("lint", "--force-exclude", "docs/drafts/x.md")
    assert result.code == 0


@pytest.mark.parametrize(
    ("pyproject", "plugin", "message"),
    [
        ("[tool.pmnotes\n", "{}", "pyproject.toml: not valid TOML"),
        ("[tool.pmnotes]\nselekt = []\n", "{}", "unknown option `selekt`"),
        ("[tool.pmnotes]\nselect = 5\n", "{}", "select must be a list of strings"),
        ("[tool.pmnotes]\nselect = ['PMN999']\n", "{}", "unknown rule selector `PMN999`"),
        ("", "severity:\n  PMN201: loud", "severity of PMN201 must be error, warning, info or ignore"),
        ("", "default_end: soon", "default_end: expected seconds or a clock time"),
        ("", "per_file_ignores: [a]", "per_file_ignores must map file globs"),
        ("", "ignore: [PMN201", "mkdocs.yml: not valid YAML"),
        ("[tool.pmnotes]\ndefault-end = inf\n", "{}", "default_end: expected seconds or a clock time"),
        ("[tool.pmnotes]\ndefault-end = 1e400\n", "{}", "default_end: expected seconds or a clock time"),
        ("", "default_end: .inf", "default_end: expected seconds or a clock time"),
        ("tool = 5\n", "{}", "pyproject.toml: `tool` must be a table"),
        (b"[tool.pmnotes]\nignore = ['PMN201'] # caf\xe9\n", "{}", "pyproject.toml: not valid TOML: not UTF-8"),
        ("", "notes: [n]\nmount: {n: ../up}", "mount of 'n' is '../up', which leaves the site"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(project, run, pyproject, plugin, message):
    root = project({"docs/a.md": DANGLING}, plugin=plugin)
    if isinstance(pyproject, bytes):
        (root / "pyproject.toml").write_bytes(pyproject)
    elif pyproject:
        (root / "pyproject.toml").write_text(pyproject)
    result = run("lint")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("pmnotes: ") and result.err.count("\n") == 1
    assert message in result.err


def test_bad_command_line_values_exit_2(project, run):
    project({"docs/a.md": DANGLING})
    for args in (["--default-end", "later"], ["--config", "nowhere.toml"], ["--ignore", "no-such-rule"]):
        result = run("lint", *args)
        assert result.code == 2, args
        assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_config_file_named_on_the_command_line(project, run):
    root = project({"docs/a.md": DANGLING, "docs/b.md": MOJIBAKE}, plugin="ignore: [PMN201]")
    (root / "strict.toml").write_text('select = ["PMN2"]\n')
    assert codes(run, "--config", "strict.toml") == ["PMN201"]
    assert codes(run, "--config", "mkdocs.yml") == ["PMN301"]


def test_config_is_found_from_a_subfolder(project, monkeypatch):
    root = project({"docs/a.md": DANGLING}, plugin="notes: [extra]\nignore: [PMN201]")
    monkeypatch.chdir(root / "docs")
    found = load_project(root / "docs")
    assert found.root == root
    assert found.docs_dir == root / "docs"
    assert found.roots == [root / "docs", root / "extra"]
    assert found.settings.ignore == ["PMN201"]


def test_env_tag_reads_the_environment(project, monkeypatch):
    root = project({}, plugin="default_end: !ENV [PMNOTES_TEST_END, '1:00:00']")
    assert load_project(root).settings.default_end == 3600
    monkeypatch.setenv("PMNOTES_TEST_END", "5400")
    assert load_project(root).settings.default_end == 5400


def test_plugins_that_is_not_a_list_is_a_config_error(project):
    root = project({}, mkdocs=False)
    (root / "mkdocs.yml").write_text("plugins: 5\n")
    with pytest.raises(ConfigError, match="plugins must be a list or a mapping"):
        load_project(root)


def test_notes_folders_sit_in_the_site_where_the_plugin_mounts_them(project, run):
    from mkdocs_pmnotes.lint.runner import Site

    files = {"docs/a.md": note("See [[library/kept]]."), "seeds/kept.md": note("Body.", title="Kept")}
    root = project(files, plugin="notes: [seeds]\nmount: {seeds: library}")
    assert codes(run, "--select", "PMN201") == []
    mounted = load_project(root)
    assert sorted(Site.from_roots(mounted.roots, (), mounted.prefixes).files) == ["a.md", "library/kept.md"]
    project({}, plugin="notes: seeds")  # by default a folder is served under its own name
    plain = load_project(root)
    assert sorted(Site.from_roots(plain.roots, (), plain.prefixes).files) == ["a.md", "seeds/kept.md"]


def test_a_config_error_names_the_file_it_is_in(project, run):
    root = project({"docs/a.md": DANGLING}, plugin="ignore: [PMN999]")
    (root / "pyproject.toml").write_text('[tool.pmnotes]\nselect = ["ALL"]\n')
    result = run("lint")
    assert result.code == 2
    assert result.err == f"pmnotes: {root / 'mkdocs.yml'}: unknown rule selector `PMN999`\n"


def test_a_configured_folder_that_is_not_there_is_a_usage_error(project, run):
    root = project({"docs/a.md": DANGLING}, plugin="notes: [missing_notes]")
    result = run("lint")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"pmnotes: notes folder 'missing_notes' does not exist (looked in {root / 'missing_notes'})\n"
    project({}, mkdocs=False)
    (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: nowhere\n")
    result = run("lint")
    assert (result.code, result.err) == (2, f"pmnotes: docs_dir {root / 'nowhere'} does not exist\n")
