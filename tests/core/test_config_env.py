"""`!ENV` in a YAML site config reads the environment exactly as MkDocs reads it."""

from __future__ import annotations

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from mkdocs_pmnotes.core.config import load_project
from mkdocs_pmnotes.core.discovery import load_yaml_file

CONFIG = """\
plain: !ENV PMN_TEST_TEXT
typed: !ENV PMN_TEST_NUMBER
first_set: !ENV [PMN_TEST_UNSET, PMN_TEST_TEXT, fallback]
fallback: !ENV [PMN_TEST_UNSET, PMN_TEST_UNSET_TOO, fallback]
default_list: !ENV [PMN_TEST_UNSET, [a, b]]
missing: !ENV PMN_TEST_UNSET
"""
EXPECTED = {
    "plain": "a: b",  # a value is one scalar, never parsed as YAML of its own
    "typed": 5400,  # typed by YAML's implicit resolvers, as an unquoted scalar would be
    "first_set": "a: b",
    "fallback": "fallback",
    "default_list": ["a", "b"],
    "missing": None,
}


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.setenv("PMN_TEST_TEXT", "a: b")
    monkeypatch.setenv("PMN_TEST_NUMBER", "5400")
    monkeypatch.delenv("PMN_TEST_UNSET", raising=False)
    monkeypatch.delenv("PMN_TEST_UNSET_TOO", raising=False)


def test_env_values_are_read_as_mkdocs_reads_them(tmp_path, environment):
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    assert load_yaml_file(tmp_path / "mkdocs.yml") == EXPECTED
    # The same file through MkDocs' own loader.
    assert yaml.load(CONFIG, Loader=get_yaml_loader()) == EXPECTED


def test_an_env_value_reaches_the_settings(tmp_path, environment, monkeypatch):
    plugin = "plugins:\n  - pmnotes:\n      default_end: !ENV [PMN_TEST_END, '1:00:00']\n      ignore: !ENV [PMN_TEST_UNSET, [PMN201]]\n"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n" + plugin, encoding="utf-8")
    settings = load_project(tmp_path).settings
    assert (settings.default_end, settings.ignore) == (3600, ["PMN201"])
    monkeypatch.setenv("PMN_TEST_END", "5400")
    assert load_project(tmp_path).settings.default_end == 5400
