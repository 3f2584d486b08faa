from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .lsp_support import Servers

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

MKDOCS_YML = """\
site_name: Notes
docs_dir: docs
plugins:
  - search
  - pmnotes:
      notes: [seeds]
      mount: {seeds: notes}
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The three seeds as a notes folder of a site, with a guide page in docs/."""
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text(
        "---\ntitle: Home\n---\n\n# Home\n\nSee [[Role and impact of AI in product management]].\n", encoding="utf-8"
    )
    shutil.copytree(SEEDS, root / "seeds")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


@pytest.fixture
def server() -> Servers:
    """Starts `pmnotes server` on a workspace folder: `await server(root)` in an `@lsp` test."""
    return Servers()
