"""The seed notes are the first acceptance test: their real defects, and nothing else.

The three seeds are linted together, as one site, so that 001 and 004 (which
share a `videoId`) count as evidence for each other. No other page exists, so
every topic they link to is dangling.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from mkdocs_pmnotes.core.clock import JUNK_MAX
from mkdocs_pmnotes.core.settings import Settings
from mkdocs_pmnotes.lint.rule import Finding
from mkdocs_pmnotes.lint.runner import Result, Site, lint

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
S000 = "000_89ad6f01fa81b329.md"
S001 = "001_90afb0178530e277.md"
S004 = "004_8eb36e0c5cf3a945.md"
DATA_T = re.compile(r'data-t="(\d+):(\d+):(\d+)"')

DANGLING = {
    S000: [
        (8, "impact_and_challenges_of_ai_in_product_management"),
        (8, "challenges_in_ai_product_management"),
        (11, "AI product management strategies"),
        (14, "role_of_ai_in_product_teams"),
        (23, "ai_product_development_and_challenges"),
        (28, "integration of AI in coaching and product management"),
        (50, "ai_product_development_and_challenges"),
        (53, "challenges in AI product management"),
        (53, "future implications of AI for product management"),
        (53, "transitioning into AI product management"),
        (67, "challenges in AI product management"),
        (67, "the_role_of_ai_in_shaping_product_management_skills"),
        (67, "AI product management strategies"),
    ],
    S001: [
        (8, "the_role_of_ai_in_product_management"),
        (10, "the_future_of_product_management_in_the_ai_era"),
        (12, "impact_of_ai_on_product_development"),
        (24, "tools_and_tips_for_ai_product_management"),
        (27, "tools_and_tips_for_ai_product_management"),
        (38, "challenges_and_opportunities_in_building_ai_products"),
        (54, "impact_of_ai_on_product_management"),
        (58, "impact_of_ai_on_product_management_and_development"),
        (61, "impact_of_ai_on_product_development"),
    ],
    S004: [
        (8, "impact_of_ai_on_product_management"),
        (8, "the_role_and_evolution_of_ai_models_in_product_development"),
        (12, "changing_role_of_product_management_with_ai"),
        (20, "applications_of_ai_in_enhancing_productivity_for_product_managers"),
        (20, "the_role_of_ai_in_transforming_product_management"),
        (30, "using_ai_tools_for_product_management and development"),
        (34, "ai_in_product_management"),
        (46, "future_of_product_management_with_ai"),
        (56, "impact of ai on product development roles"),
    ],
}


@pytest.fixture(scope="module")
def result() -> Result:
    site = Site.from_roots([SEEDS])
    return lint(sorted(SEEDS.glob("*.md")), site, Settings())


def _of(result: Result, seed: str, code: str | None = None) -> list[Finding]:
    return [f for f in result.findings if f.path.endswith(seed) and (code is None or f.code == code)]


def _clocks(seed: str) -> list[tuple[int, int, int]]:
    return [tuple(map(int, m)) for m in DATA_T.findall((SEEDS / seed).read_text("utf-8"))]  # type: ignore[misc]


def test_the_run_has_no_errors(result: Result) -> None:
    assert result.errors == []


@pytest.mark.parametrize(
    ("seed", "codes"),
    [
        (S000, {"PMN201": 13}),
        (S001, {"PMN104": 52, "PMN201": 9}),
        (S004, {"PMN102": 1, "PMN104": 37, "PMN201": 9, "PMN301": 1}),
    ],
)
def test_each_seed_has_exactly_its_real_defects(result: Result, seed: str, codes: dict[str, int]) -> None:
    assert Counter(f.code for f in _of(result, seed)) == codes


def test_000_is_well_formed_and_gets_no_timestamp_finding(result: Result) -> None:
    assert [f for f in _of(result, S000) if f.code.startswith("PMN1")] == []
    seconds = {s for _, _, s in _clocks(S000)}
    assert len(seconds) > 20  # its seconds really do spread over 00-59


@pytest.mark.parametrize("seed", [S000, S001, S004])
def test_every_dangling_topic_is_reported(result: Result, seed: str) -> None:
    found = [(f.line, f.message.split("`")[1]) for f in _of(result, seed, "PMN201")]
    assert found == DANGLING[seed]


def test_001_is_read_as_shifted_time(result: Result) -> None:
    clocks = _clocks(S001)
    assert len(clocks) == 52
    assert sum(1 for _, _, s in clocks if s == 0) == 50
    shifted = _of(result, S001, "PMN104")
    # Every anchor: 01:10:10, between 12:20:00 and 01:02:09, has a junk last field like
    # 01:02:09 (as written it jumps an hour away from every other moment of the note).
    assert len(shifted) == 52
    anchors = {f.message.split(" ")[0] for f in shifted}
    assert "01:10:10" in anchors and "06:33:00" in anchors


def test_001_message_gives_the_reading_and_the_evidence(result: Result) -> None:
    clocks = _clocks(S001)
    first, second = _of(result, S001, "PMN104")[:2]
    assert (first.line, first.column) == (10, 207)
    # The note's own anchors decide; the evidence is stated once, on its first finding.
    assert first.message == (
        "06:33:00 reads as 00:06:33: 50 of 52 anchors in this note end in :00 and the hours field reaches"
        f" {max(h for h, _, _ in clocks)}: the whole note is written so"
    )
    assert second.message == "00:30:00 reads as 00:00:30, as the rest of this note"
    # No claim the evidence cannot back: a junk last field is not "minutes:seconds written as hours:minutes".
    (junk,) = [f for f in _of(result, S001, "PMN104") if f.message.startswith("01:02:09")]
    assert junk.message == "01:02:09 reads as 00:01:02, as the rest of this note"
    assert first.fix is not None and not first.fix.safe
    assert {e.replacement for e in first.fix.edits} == {"00:06:33"}
    assert len(first.fix.edits) == 2  # data-t and its matching label


def test_004_shifted_count_follows_its_padding(result: Result) -> None:
    clocks = _clocks(S004)
    padded = [c for c in clocks if c[2] <= JUNK_MAX]
    # 00:00:00 is padded but reads the same either way, so it needs no correction.
    unchanged = [c for c in padded if c == (0, 0, 0)]
    assert len(_of(result, S004, "PMN104")) == len(padded) - len(unchanged) == 37


def test_004_label_mismatch_at_32_03_00(result: Result) -> None:
    (finding,) = _of(result, S004, "PMN102")
    text = (SEEDS / S004).read_text("utf-8")
    line = text.split("\n")[finding.line - 1]
    assert 'data-t="32:03:00">[32:03:03]</a>' in line
    # Read as minutes:seconds, both name 00:32:03: PMN104's fix rewrites both, so this one offers none.
    assert finding.message == (
        "label `[32:03:03]` shows a different time than `data-t` `32:03:00`;"
        " both read as 00:32:03 as minutes:seconds (PMN104's fix rewrites both)"
    )
    assert finding.fix is None
    (shifted,) = [f for f in _of(result, S004, "PMN104") if f.line == finding.line and f.message.startswith("32:03:00")]
    assert shifted.fix is not None
    assert [(text[e.start : e.end], e.replacement) for e in shifted.fix.edits] == [
        ("32:03:00", "00:32:03"),
        ("32:03:03", "00:32:03"),
    ]


def test_004_mojibake_is_repaired_alone(result: Result) -> None:
    (finding,) = _of(result, S004, "PMN301")
    assert (finding.line, finding.column) == (53, 112)
    assert finding.message == "mojibake `â€“` should read `–`"
    assert finding.fix is not None and finding.fix.safe
    data = (SEEDS / S004).read_bytes()
    text = data.decode("utf-8")
    (edit,) = finding.fix.edits
    fixed = (text[: edit.start] + edit.replacement + text[edit.end :]).encode("utf-8")
    # The three characters of the mojibake are the UTF-8 bytes of U+2013 read as cp1252.
    assert fixed == data.replace("â€“".encode(), "–".encode())
    assert "“" not in fixed.decode("utf-8")  # the “ was the mojibake's third character


def test_correct_non_ascii_text_is_left_alone(result: Result) -> None:
    text = (SEEDS / S001).read_text("utf-8")
    assert "—" in text  # real em dashes
    assert [f for f in result.findings if f.code.startswith("PMN3") and not f.path.endswith(S004)] == []
