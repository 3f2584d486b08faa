"""Every rule, listed explicitly. Codes are a public contract: never renumber."""

from __future__ import annotations

from ..core.settings import selects
from .rule import Rule
from .rules.pmn101_timestamp_syntax import TimestampSyntax
from .rules.pmn102_timestamp_label_mismatch import TimestampLabelMismatch
from .rules.pmn103_timestamp_beyond_end import TimestampBeyondEnd
from .rules.pmn104_timestamp_shifted import TimestampShifted
from .rules.pmn105_timestamp_no_video import TimestampNoVideo
from .rules.pmn106_timestamp_malformed_anchor import TimestampMalformedAnchor
from .rules.pmn107_timestamp_in_markdown_link import TimestampInMarkdownLink
from .rules.pmn108_timestamp_plain_text import TimestampPlainText
from .rules.pmn201_dangling_link import DanglingLink
from .rules.pmn202_malformed_link import MalformedLink
from .rules.pmn203_ambiguous_link import AmbiguousLink
from .rules.pmn204_link_to_missing_heading import LinkToMissingHeading
from .rules.pmn301_mojibake import Mojibake
from .rules.pmn302_replacement_char import ReplacementChar
from .rules.pmn303_invisible_char import InvisibleChar
from .rules.pmn304_double_escaped_entity import DoubleEscapedEntity
from .rules.pmn305_not_utf8 import NotUtf8
from .rules.pmn306_file_too_large import FileTooLarge
from .rules.pmn401_front_matter_invalid import FrontMatterInvalid
from .rules.pmn402_missing_title import MissingTitle
from .rules.pmn403_invalid_video_id import InvalidVideoId
from .rules.pmn404_duplicate_page import DuplicatePage

RULES: tuple[type[Rule], ...] = (
    TimestampSyntax,
    TimestampLabelMismatch,
    TimestampBeyondEnd,
    TimestampShifted,
    TimestampNoVideo,
    TimestampMalformedAnchor,
    TimestampInMarkdownLink,
    TimestampPlainText,
    DanglingLink,
    MalformedLink,
    AmbiguousLink,
    LinkToMissingHeading,
    Mojibake,
    ReplacementChar,
    InvisibleChar,
    DoubleEscapedEntity,
    NotUtf8,
    FileTooLarge,
    FrontMatterInvalid,
    MissingTitle,
    InvalidVideoId,
    DuplicatePage,
)

BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in RULES}


def matches(rule: type[Rule], selector: str) -> bool:
    """Does a `--select`/`--ignore` selector (code, code prefix, name, ALL) name this rule?"""
    return selects(selector, rule.code, rule.name)


def known_selector(selector: str) -> bool:
    """Does a selector name at least one rule? Configuration checks each one with this."""
    return any(matches(rule, selector) for rule in RULES)


def selected(select: list[str], ignore: list[str]) -> list[type[Rule]]:
    return [r for r in RULES if any(matches(r, s) for s in select) and not any(matches(r, s) for s in ignore)]
