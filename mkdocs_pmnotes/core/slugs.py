"""How link targets, file stems, titles and headings are compared.

Real targets come in two spellings: the generator's file slug
(`impact_of_ai_on_product_management`) and a title ("AI product management
strategies"). Two keys cover both; see `keys()`.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s_\-]+")
_RUNS = re.compile(r"[ _]+")
# `\w` is exactly `str.isalnum()` plus `_`.
_NOT_LOOSE = re.compile(r"[^\w\s\-]+")
_NOT_GENERATOR = re.compile(r"[^\w ]+")
# A name both keys leave as it is: most file stems, which the generator already wrote so.
_SLUG = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


def loose_key(text: str) -> str:
    """Case-insensitive key where space, `_` and `-` are one character.

    Other punctuation is dropped: "Product-Market Fit" -> "product_market_fit".
    """
    folded = _NOT_LOOSE.sub("", text.strip().casefold())
    return _SEPARATORS.sub("_", folded).strip("_")


def generator_key(text: str) -> str:
    """The note generator's own file-naming rule, where hyphens vanish.

    It keeps letters, digits and spaces, turns spaces into `_` and lowercases:
    "Product-Market Fit" -> "productmarket_fit". Underscores are kept so that a
    stem the generator already produced maps to itself.
    """
    folded = _NOT_GENERATOR.sub("", text.strip().casefold())
    return _RUNS.sub("_", folded).strip("_")


@lru_cache(maxsize=65536)  # every link resolves its target's keys; targets repeat
def keys(text: str) -> tuple[str, ...]:
    """The lookup keys of a name, most specific first, without repeats."""
    if _SLUG.fullmatch(text):
        return (text,)
    first = loose_key(text)
    second = generator_key(text)
    return (first,) if first == second else (first, second)


@lru_cache(maxsize=65536)  # computed on demand, and notes share heading texts
def heading_slug(text: str) -> str:
    """The id Python-Markdown's `toc` extension gives a heading by default."""
    from markdown.extensions.toc import slugify

    return slugify(text, "-")


def heading_key(text: str) -> str:
    """Key for matching `[[page#Some Heading]]` against a page's headings."""
    return loose_key(text.replace("-", " "))
