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


def _breach(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """Run the contracts over a copy of the package with `line` added to `module`."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    package = tmp_path / "mkdocs_pmnotes"
    shutil.copytree(ROOT / "mkdocs_pmnotes", package, ignore=shutil.ignore_patterns("__pycache__"))
    path = package / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    return _run(tmp_path)


def test_a_core_module_importing_mkdocs_breaks_a_contract(tmp_path: Path) -> None:
    result = _breach(tmp_path, "core/slugs.py", "import mkdocs.plugins")
    assert result.returncode != 0
    assert "Only the MkDocs adapter imports MkDocs BROKEN" in result.stdout


def test_the_extension_importing_the_adapter_breaks_a_contract(tmp_path: Path) -> None:
    result = _breach(tmp_path, "markdown_ext.py", "from .plugin import config")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "mkdocs_pmnotes.markdown_ext -> mkdocs_pmnotes.plugin" in result.stdout


def test_a_front_end_reaching_past_lint_api_breaks_a_contract(tmp_path: Path) -> None:
    result = _breach(tmp_path, "server/hover.py", "from ..lint.rule import LintContext")
    assert result.returncode != 0
    assert "Front ends reach the linter through lint.api BROKEN" in result.stdout


# Every import counts, those under TYPE_CHECKING or inside a function too: a circle hidden
# there is still two modules that cannot be understood one without the other.
_CIRCLES = """
import sys
import grimp

graph = grimp.build_graph("mkdocs_pmnotes", cache_dir=None)
for module in sorted(graph.modules):
    for imported in graph.find_modules_directly_imported_by(module):
        if graph.chain_exists(importer=imported, imported=module):
            print(module, "<->", imported)
"""


def _circles(cwd: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    done = subprocess.run(
        [sys.executable, "-c", _CIRCLES], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_no_module_imports_another_that_imports_it_back() -> None:
    assert _circles(ROOT) == []


def test_a_hidden_import_back_is_a_circle(tmp_path: Path) -> None:
    package = tmp_path / "mkdocs_pmnotes"
    shutil.copytree(ROOT / "mkdocs_pmnotes", package, ignore=shutil.ignore_patterns("__pycache__"))
    path = package / "core/slugs.py"
    path.write_text(path.read_text() + "\n\ndef _later():\n    from . import index  # noqa\n")
    assert "mkdocs_pmnotes.core.slugs <-> mkdocs_pmnotes.core.index" in _circles(tmp_path)
