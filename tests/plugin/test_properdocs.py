"""Under ProperDocs the build log names `properdocs`, the command the user runs, not `mkdocs`."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import types

import pytest

from mkdocs_pmnotes.plugin.program import running_program

CONFIG = "site_name: Test\ntheme:\n  name: material\nplugins:\n  - pmnotes\n"
NOTE = "---\ntitle: A\n---\n\nSee [[nowhere_at_all]].\n"


def test_the_program_is_told_by_the_module_behind_the_name_mkdocs(monkeypatch):
    assert running_program() == "mkdocs"
    # What ProperDocs does before it loads a plugin: every `mkdocs` import is its own package.
    monkeypatch.setitem(sys.modules, "mkdocs", types.ModuleType("properdocs"))
    assert running_program() == "properdocs"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("program", "config_name"),
    [("mkdocs", "mkdocs.yml"), ("properdocs", "properdocs.yml"), ("properdocs", "mkdocs.yml")],
)
def test_the_build_log_hint_names_the_program_that_runs(tmp_path, program, config_name):
    if importlib.util.find_spec(program) is None:
        pytest.skip(f"{program} is not installed")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / config_name).write_text(CONFIG, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", program, "build", "-f", config_name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    hints = [line for line in done.stderr.splitlines() if "pmnotes:" in line and " -v`" in line]
    assert hints, done.stderr
    assert all(f"`{program} build -v`" in line for line in hints), hints
