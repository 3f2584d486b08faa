"""The project's own site builds strictly, publishes the seeds, and documents the code it ships."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_pmnotes.lint.registry import RULES
from mkdocs_pmnotes.plugin.config import PmnotesConfig

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _tree(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    before = _tree(ROOT / "docs"), _tree(ROOT / "seeds")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-4000:]
    # Generated pages live in the site only: neither source folder is touched.
    assert (_tree(ROOT / "docs"), _tree(ROOT / "seeds")) == before
    return out


def _text(page: Path) -> str:
    """The words of a page, tags dropped and spaces collapsed."""
    # `<wbr>` only marks where a long name may break: it joins, not separates.
    text = page.read_text(encoding="utf-8").replace("<wbr>", "")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_rule_reference_lists_every_rule_of_the_catalogue(site: Path) -> None:
    page = (site / "reference" / "rules" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h3 id="(pmn\d+)"', page)
    assert ids == [rule.code.lower() for rule in RULES]
    text = _text(site / "reference" / "rules" / "index.html")
    for rule in RULES:
        assert f"{rule.code} {rule.name}" in text
        assert rule.summary.replace("`", "") in text


def test_configuration_page_lists_every_plugin_option(site: Path) -> None:
    text = _text(site / "configuration" / "index.html")
    for name, _option in PmnotesConfig._schema:
        assert re.search(rf"\b{re.escape(name)}\b", text), name
    assert "pmnotes-plugin-options" not in text  # the marker was replaced


def test_every_seed_is_published_as_a_note(site: Path) -> None:
    for seed in sorted((ROOT / "seeds").glob("*.md")):
        page = site / "notes" / seed.stem / "index.html"
        assert page.is_file(), seed.name
        assert 'class="yt-timestamp pmn-ts' in page.read_text(encoding="utf-8")


def test_strict_belongs_to_the_build_not_to_serve() -> None:
    # `strict: true` in mkdocs.yml would make `./dev.sh serve` abort every rebuild on one warning.
    from mkdocs.config import load_config

    assert load_config(config_file=str(ROOT / "mkdocs.yml")).strict is False
    script = (ROOT / "dev.sh").read_text(encoding="utf-8")
    assert re.search(r'build\) setup; exec "\$VENV/bin/mkdocs" build --strict', script)
    assert not re.search(r"serve\).*--strict", script)


def test_the_guide_shows_what_readers_see(site: Path) -> None:
    # Copies of screenshots the browser tests take (test-artifacts/guide-*.png), kept small.
    shown = {
        "episode-timeline.png": site / "index.html",
        "topic.png": site / "index.html",
        "preview.png": site / "styling" / "index.html",
        "graph.png": site / "styling" / "index.html",
    }
    for name, page in shown.items():
        assert f'src="images/{name}"' in page.read_text(
            encoding="utf-8"
        ) or f'src="../images/{name}"' in page.read_text(encoding="utf-8"), name
        image = site / "images" / name
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size < 80_000, name


def test_the_guide_passes_its_own_lint_hook() -> None:
    # .pre-commit-config.yaml runs `./dev.sh lint` on docs/: the guide must pass it.
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs_pmnotes.cli", "lint", "--no-cache", "docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
