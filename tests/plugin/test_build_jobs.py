"""`jobs`: `mkdocs build` reads the episodes in several processes and writes what one process writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from mkdocs_pmnotes.core import processes
from mkdocs_pmnotes.plugin import spread

from .conftest import LOGGER, SEEDS, build, load_generator, written_tree

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not processes.can_fork(), reason="needs fork")]


def built(folder: Path, jobs: int, caplog: pytest.LogCaptureFixture) -> tuple[dict[str, bytes], list[str]]:
    """The site written with `jobs` processes, and the plugin's log lines."""
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"pmnotes": {"jobs": jobs, "lint": True, "episodes": True}}]
    config["theme"] = {"name": "mkdocs"}
    config["site_dir"] = f"site-{jobs}"
    config_file = folder / f"mkdocs-{jobs}.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    caplog.clear()
    build(config_file)
    logs = [f"{r.levelname} {r.getMessage()}" for r in caplog.records if r.name == LOGGER]
    return written_tree(folder / f"site-{jobs}"), logs


def test_two_processes_build_what_one_builds(tmp_path, caplog, monkeypatch):
    folder = tmp_path / "site"
    load_generator().generate(folder, 60, 7, problems=True, channel=True)
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder / "docs" / seed.name)
    caplog.set_level("DEBUG", logger=LOGGER)
    forked: list[int] = []
    real = processes.forked_map

    def counted(work, chunks, count):  # type: ignore[no-untyped-def]
        forked.append(count)
        return real(work, chunks, count)

    monkeypatch.setattr(spread, "forked_map", counted)
    one, one_logs = built(folder, 1, caplog)
    two, two_logs = built(folder, 2, caplog)
    assert forked == [2]  # the second build did fork, the first did not
    assert one_logs and one_logs == two_logs  # problems, findings and corrections, in the same order
    differing = [name for name in one if one[name] != two.get(name)]
    assert not differing and one.keys() == two.keys()
    assert any(name.startswith("episodes/") for name in one)  # generated pages were compared too


def test_a_small_site_stays_in_one_process(monkeypatch):
    monkeypatch.setattr(spread, "forked_map", lambda *args: pytest.fail("forked for a few notes"))
    made = list(spread.results(len, [["a.md"], ["b.md", "c.md"]], None))
    assert made == [1, 2]
