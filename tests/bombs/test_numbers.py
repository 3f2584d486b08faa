"""Front-matter numbers `int` refuses or chokes on: no length, never a crash."""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core.clock import parse_duration


@pytest.mark.parametrize(
    "value",
    [
        "²",  # `str.isdigit` says yes, `int` says no
        "١٢٠",  # Arabic-Indic digits: no episode length is written so
        "9" * 5_000,  # over Python's 4,300-digit limit for `int(str)`
        "9" * 10,  # already past any episode
        10**5_000 - 1,  # a YAML integer of 5,000 digits, had it been loaded
    ],
    ids=["superscript", "arabic-indic", "5000-digit-string", "10-digit-string", "5000-digit-int"],
)
def test_a_duration_no_episode_can_have_is_none(value):
    assert parse_duration(value) is None


def test_durations_that_are_lengths_still_read():
    assert [parse_duration(v) for v in ("3600", 3600, "999999999", "1:00:00")] == [3600, 3600, 999_999_999, 3600]
