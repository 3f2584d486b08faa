"""A small site on disk and a way to run `pmnotes` in it, in-process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import Run

from mkdocs_pmnotes.cli import main
from mkdocs_pmnotes.lint import replay

MKDOCS_YML = """\
site_name: Test notes
docs_dir: docs
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  analytics: !ENV [PMNOTES_TEST_UNSET_VARIABLE, "none"]
plugins:
  - search
  - pmnotes:
{block}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write files (text or bytes) below a fresh project folder and make it the working directory.

    `plugin` is the YAML of the pmnotes plugin block (indented here);
    `mkdocs=False` leaves mkdocs.yml out.
    """

    def make(files: dict[str, str | bytes], plugin: str = "{}", mkdocs: bool = True) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        if mkdocs:
            block = "\n".join("      " + line for line in plugin.splitlines())
            (root / "mkdocs.yml").write_text(MKDOCS_YML.format(block=block), encoding="utf-8")
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_bytes(content.encode("utf-8"))
        monkeypatch.chdir(root)
        return root

    return make


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run the CLI in-process; returns its exit code and what it printed."""

    def call(*args: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return call


@pytest.fixture
def no_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs that never print a kept output (`lint.replay`): the cache answers note by note."""
    monkeypatch.setattr(replay, "replayed", lambda cache, mark: None)
