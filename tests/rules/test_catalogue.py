"""The rule table is a public contract: every rule complete, listed once, in order, and a
published code never changes (`TABLE`)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from mkdocs_pmnotes.lint.registry import RULES
from mkdocs_pmnotes.lint.rule import Applicability, Severity

TABLE = {
    "PMN101": "timestamp-syntax",
    "PMN102": "timestamp-label-mismatch",
    "PMN103": "timestamp-beyond-end",
    "PMN104": "timestamp-shifted",
    "PMN105": "timestamp-no-video",
    "PMN106": "timestamp-malformed-anchor",
    "PMN107": "timestamp-in-markdown-link",
    "PMN108": "timestamp-plain-text",
    "PMN201": "dangling-link",
    "PMN202": "malformed-link",
    "PMN203": "ambiguous-link",
    "PMN204": "link-to-missing-heading",
    "PMN301": "mojibake",
    "PMN302": "replacement-char",
    "PMN303": "invisible-char",
    "PMN304": "double-escaped-entity",
    "PMN305": "not-utf8",
    "PMN306": "file-too-large",
    "PMN401": "front-matter-invalid",
    "PMN402": "missing-title",
    "PMN403": "invalid-video-id",
    "PMN404": "duplicate-page",
}


def test_published_codes_keep_their_names() -> None:
    """A published code is never renumbered, renamed or removed; a new rule needs no line here."""
    listed = {rule.code: rule.name for rule in RULES}
    assert {code: listed.get(code) for code in TABLE} == TABLE


def test_the_registry_lists_each_code_and_name_once_in_order() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert all(re.fullmatch(r"PMN[1-9]\d\d", code) for code in codes)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_a_rule_is_complete(rule) -> None:
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule.name)
    assert rule.summary and isinstance(rule.severity, Severity)
    assert isinstance(rule.fixable, Applicability)
    doc = rule.__doc__ or ""
    for part in ("What it does:", "Why:", "Example"):
        assert part in doc
    if rule.fixable:
        assert f"Fix ({rule.fixable})" in doc
    # `pmnotes rule CODE` prints the docstring: it must not carry what PMN303 reports.
    assert [c for c in doc if c != "\n" and unicodedata.category(c) in ("Cc", "Cf")] == []
