"""Every rule, listed explicitly. Codes are a public contract: never renumber."""

from __future__ import annotations

from .rule import Rule
from .rules.pmn201_dangling_link import DanglingLink

RULES: tuple[type[Rule], ...] = (
    DanglingLink,
)

BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in RULES}


def matches(rule: type[Rule], selector: str) -> bool:
    """Does a `--select`/`--ignore` selector (code, code prefix, name, ALL) name this rule?"""
    wanted = selector.strip()
    return wanted.upper() == "ALL" or rule.code.startswith(wanted.upper()) or rule.name == wanted.lower()


def selected(select: list[str], ignore: list[str]) -> list[type[Rule]]:
    return [r for r in RULES if any(matches(r, s) for s in select) and not any(matches(r, s) for s in ignore)]
