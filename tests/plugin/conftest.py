"""Helpers for real `mkdocs build` runs into `tmp_path` and for reading what they wrote."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"
LOGGER = "mkdocs.plugins.pmnotes"

# Material prints a banner about its end of life at every build; it is not ours to test.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def load_generator():
    """`benchmarks/generate.py`, loaded by path: `benchmarks/` is not a package (its dataclasses need sys.modules)."""
    import importlib.util
    import sys

    name = "pmnotes_benchmark_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, GENERATOR)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def written_tree(folder: Path) -> dict[str, bytes]:
    """Every file a build wrote, by path, with the build's date taken out (MkDocs' own theme writes it)."""
    return {
        p.relative_to(folder).as_posix(): re.sub(rb"Build Date UTC : [^\n]*", b"", p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_site(root: Path, files: dict[str, str | bytes], config: dict | None = None) -> Path:
    """A project in `root`: `files` (paths relative to root) and a mkdocs.yml; returns the config path."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    settings = {"site_name": "Test", "theme": {"name": "mkdocs"}, "plugins": ["pmnotes"]}
    settings.update(config or {})
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    return config_file


def build(config_file: Path, **overrides):
    """Run a real build; returns the loaded config (its plugins hold the instance used)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), **overrides)
    mkdocs_build(config)
    return config


@pytest.fixture
def site(tmp_path):
    """`site(files, config) -> (config_file, site_dir)` after one real build."""

    def make(files: dict[str, str | bytes], config: dict | None = None) -> tuple[Path, Path]:
        config_file = write_site(tmp_path, files, config)
        build(config_file)
        return config_file, tmp_path / "site"

    return make


@pytest.fixture
def pmn_logs(caplog):
    """The plugin's log records of the test, as (level name, message)."""
    caplog.set_level(logging.DEBUG, logger=LOGGER)

    def records() -> list[tuple[str, str]]:
        return [(r.levelname, r.getMessage().removeprefix("pmnotes: ")) for r in caplog.records if r.name == LOGGER]

    return records


def page(site_dir: Path, url: str) -> str:
    """The HTML of the page at a directory URL (`notes/a/`)."""
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    """The page's own content: the article, without the backlinks panel."""
    start = html.find('<article class="md-content__inner')  # Material
    if start == -1:
        start = html.find('role="main"')  # MkDocs' own theme
    end = html.find('<aside class="pmn-backlinks"', start)
    return html[start : end if end != -1 else len(html)]


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self, wanted: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.found: list[Element] = []
        self._open: list[tuple[Element, str]] = []

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if set(values.get("class", "").split()) & self.wanted:
            element = Element(tag, values)
            self.found.append(element)
            self._open.append((element, tag))

    def handle_endtag(self, tag):
        if self._open and self._open[-1][1] == tag:
            self._open.pop()

    def handle_data(self, data):
        for element, _ in self._open:
            element.text += data


def elements(html: str, *classes: str) -> list[Element]:
    """Elements carrying any of `classes`, in document order, with their text."""
    collector = _Collector(set(classes))
    collector.feed(html)
    return collector.found
