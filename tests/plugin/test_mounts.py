"""Notes folders mounted into the site: the build names their files as the linter and the server do."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from mkdocs_pmnotes.core.config import load_project
from mkdocs_pmnotes.core.site_files import SiteFiles
from mkdocs_pmnotes.lint.site import Site
from mkdocs_pmnotes.plugin.reading import mounted_files
from mkdocs_pmnotes.server.workspace import Workspace

from .conftest import write_site

NOTE = "---\ntitle: T\n---\n\nBody.\n"
PLUGIN = {"notes": ["extra", "more_notes"], "mount": {"extra": "more", "more_notes": "more"}, "exclude": ["drafts/*"]}


def _site(root: Path) -> Path:
    files = {
        "docs/index.md": NOTE,
        "docs/more/clash.md": "docs' own\n",  # the docs_dir page wins over a mounted one
        "extra/clash.md": NOTE,
        "extra/b.md": NOTE,
        "extra/sub/c.md": NOTE,
        "extra/drafts/wip.md": NOTE,  # excluded
        "extra/.obsidian/hidden.md": NOTE,  # a hidden folder
        "more_notes/b.md": "the second mount's\n",  # the first mount wins
        "more_notes/d.md": NOTE,
    }
    return write_site(root, files, {"plugins": [{"pmnotes": PLUGIN}]})


def _plugin(config_file: Path):
    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    return config, config.plugins["pmnotes"]


def test_mounted_files_are_read_in_place_under_their_prefix(tmp_path):
    config, plugin = _plugin(_site(tmp_path))
    assert isinstance(plugin.mounts, SiteFiles)
    taken = {f.src_uri for f in get_files(config)}
    assert "more/clash.md" in taken
    found = list(mounted_files(config, plugin.mounts, taken))
    assert [f.src_uri for f in found] == ["more/b.md", "more/sub/c.md", "more/d.md"]
    assert found[0].abs_src_path == os.path.abspath(tmp_path / "extra" / "b.md")
    assert found[2].abs_src_path == os.path.abspath(tmp_path / "more_notes" / "d.md")
    assert {"more/b.md", "more/sub/c.md", "more/d.md"} <= taken
    assert list(mounted_files(config, plugin.mounts, taken)) == []  # every name is taken now


def test_the_build_the_linter_and_the_server_name_one_site_alike(tmp_path):
    config_file = _site(tmp_path)
    config, plugin = _plugin(config_file)
    docs = {f.src_uri: f.abs_src_path for f in get_files(config).documentation_pages()}
    built = dict(docs)
    built.update((f.src_uri, f.abs_src_path) for f in mounted_files(config, plugin.mounts, set(docs)))

    project = load_project(tmp_path)
    linted = Site.from_roots(project.roots, project.settings.exclude, project.prefixes).files
    served = Workspace(tmp_path).site_files.walk()

    expected = ["index.md", "more/clash.md", "more/b.md", "more/sub/c.md", "more/d.md"]
    assert list(linted) == list(served) == expected
    assert set(built) == set(expected)
    for name in expected:
        assert os.path.samefile(built[name], linted[name]) and os.path.samefile(built[name], served[name])
    assert Path(linted["more/b.md"]).read_text(encoding="utf-8") == NOTE  # the first mount's
