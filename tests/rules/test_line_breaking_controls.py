"""Controls some readers take for a line break (`str.splitlines`, YAML's U+0085) are never removed by `--fix`.

Removing U+000B between two lines of front matter or text joins them ("title: xvideoId: ..."),
so PMN303 reports them with no fix, while the other invisible characters keep their safe one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_pmnotes.core.settings import Settings
from mkdocs_pmnotes.lint.fixes import apply_fixes
from mkdocs_pmnotes.lint.runner import Site, lint

FRONT = "---\ntitle: T\nvideoId: qNPPoj1qUG0\n---\n\n"
SEPARATORS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"]


def _pmn303(tmp_path: Path, text: str):
    path = tmp_path / "note.md"
    path.write_bytes(text.encode("utf-8"))
    result = lint([path], Site.from_roots([tmp_path]), Settings(select=["PMN303"]))
    assert result.errors == []
    return result.findings


@pytest.mark.parametrize("separator", SEPARATORS, ids=[f"U+{ord(s):04X}" for s in SEPARATORS])
def test_a_line_breaking_control_is_reported_without_a_fix(tmp_path, separator):
    text = f"{FRONT}First line{separator}second line.\n"
    (finding,) = _pmn303(tmp_path, text)
    assert finding.fix is None
    assert f"U+{ord(separator):04X}" in finding.message and "line break" in finding.message
    assert apply_fixes(text, [finding])[0] == text


@pytest.mark.parametrize("separator", SEPARATORS, ids=[f"U+{ord(s):04X}" for s in SEPARATORS])
def test_in_a_run_only_the_other_invisible_characters_are_removed(tmp_path, separator):
    text = f"{FRONT}a\u200b{separator}\u200bb and c\u200bd.\n"
    findings = _pmn303(tmp_path, text)
    fixed, applied, _ = apply_fixes(text, findings)
    assert fixed == f"{FRONT}a{separator}b and cd.\n"
    assert len(applied) == 3  # the two zero-width spaces around the control, and the last one
    assert [f.fix is None for f in findings] == [False, True, False, False]


@pytest.mark.parametrize("separator", SEPARATORS, ids=[f"U+{ord(s):04X}" for s in SEPARATORS])
def test_front_matter_lines_are_never_joined(tmp_path, separator):
    text = f"---\ntitle: T{separator}videoId: qNPPoj1qUG0\n---\n\nBody.\n"
    findings = _pmn303(tmp_path, text)
    assert findings and all(f.fix is None for f in findings)
    assert apply_fixes(text, findings)[0] == text
