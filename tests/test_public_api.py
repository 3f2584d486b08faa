"""The package's public face: every name in `__all__` resolves, and importing it loads no MkDocs."""

from __future__ import annotations

import subprocess
import sys

import pytest

import mkdocs_pmnotes


def test_every_public_name_resolves():
    assert sorted(mkdocs_pmnotes.__all__) == sorted(["__version__", *mkdocs_pmnotes._PUBLIC])
    for name in mkdocs_pmnotes.__all__:
        assert getattr(mkdocs_pmnotes, name) is not None, name


def test_the_linter_api_does_not_load_mkdocs():
    code = (
        "import sys, mkdocs_pmnotes as p\n"
        "linter = p.make_linter(p.Settings(), p.SiteIndex.build([]))\n"
        "p.lint_text(linter, 'a.md', 'a.md', '[[x')\n"
        "print('mkdocs' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_an_unknown_name_is_an_attribute_error():
    try:
        mkdocs_pmnotes.not_a_name  # noqa: B018
    except AttributeError as exc:
        assert "not_a_name" in str(exc)
    else:
        raise AssertionError("no error")


@pytest.mark.parametrize("name", ["memo", "reuse"])
def test_a_moved_module_still_imports_with_a_deprecation_warning(name):
    import importlib
    import sys

    sys.modules.pop(f"mkdocs_pmnotes.plugin.{name}", None)
    with pytest.warns(DeprecationWarning, match=f"plugin.serve.{name}"):
        old = importlib.import_module(f"mkdocs_pmnotes.plugin.{name}")
    new = importlib.import_module(f"mkdocs_pmnotes.plugin.serve.{name}")
    assert all(getattr(old, n) is getattr(new, n) for n in old.__all__)
