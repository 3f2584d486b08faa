"""The import rules of the README's architecture section, checked by import-linter.

The contracts live in pyproject.toml; the second test shows they catch a breach, so a
contract that matches nothing (a renamed package) cannot pass silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _run(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_package_keeps_its_layers() -> None:
    result = _run(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "mkdocs_pmnotes", tmp_path / "mkdocs_pmnotes", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "mkdocs_pmnotes"


def test_a_core_module_importing_mkdocs_breaks_a_contract(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    slugs = package / "core" / "slugs.py"
    slugs.write_text(slugs.read_text() + "\nimport mkdocs.plugins  # noqa\n")
    result = _run(tmp_path)
    assert result.returncode != 0
    assert "Only the MkDocs adapter imports MkDocs BROKEN" in result.stdout


def test_the_extension_importing_the_adapter_breaks_a_contract(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    ext = package / "markdown_ext.py"
    ext.write_text(ext.read_text() + "\nfrom .plugin import config  # noqa\n")
    result = _run(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "mkdocs_pmnotes.markdown_ext -> mkdocs_pmnotes.plugin" in result.stdout


def test_a_front_end_reaching_past_lint_api_breaks_a_contract(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    hover = package / "server" / "hover.py"
    hover.write_text(hover.read_text() + "\nfrom ..lint.rule import LintContext  # noqa\n")
    result = _run(tmp_path)
    assert result.returncode != 0
    assert "Front ends reach the linter through lint.api BROKEN" in result.stdout
