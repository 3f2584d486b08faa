"""What a reader sees of a wiki link and of a heading: the text both the parser and episode titles need.

Kept apart from `parse` so that modules `parse` imports (`episodes`) can read headings too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

LINK_PATTERN = re.compile(r"(?P<bang>!?)\[\[(?P<body>[^\[\]\n]*)\]\]")
_TAGS = re.compile(r"<[^<>]+>")


def link_label(body: str) -> str:
    """The text a reader sees for a link body: its label, else its target, else its heading."""
    target, heading, label = split_link_body(body)
    return label or target or heading or ""


def split_link_body(body: str) -> tuple[str, str | None, str | None]:
    """`target#heading | label` -> (target, heading, label), whitespace trimmed."""
    target, bar, label = body.partition("|")
    target = target.rstrip("\\")  # `[[a\|b]]` inside a Markdown table
    target, hash_, heading = target.partition("#")
    return (
        target.strip(),
        heading.strip() or None if hash_ else None,
        label.strip() or None if bar else None,
    )


# Characters that may be Markdown in a heading; a heading without any is its own text.
_MARKUP = re.compile(r"[*_`\\&<>\[\]!]")


def plain_heading_text(raw: str) -> str:
    """Heading text as a reader sees it, and as `toc` reads it to make the heading's id.

    Wiki links are shown by their label (the plugin puts them in before
    Markdown runs). The rest is rendered by Python-Markdown itself and its
    tags dropped, so `my_var` keeps its `_` while `_word_` loses them, exactly
    as in the built page.
    """
    if _MARKUP.search(raw) is None:
        return raw.strip()
    labels: list[str] = []

    def token(match: re.Match[str]) -> str:
        labels.append(link_label(match["body"]))
        return f"pmnlinkz{len(labels) - 1}z"

    tokens = LINK_PATTERN.sub(token, raw)
    if _MARKUP.search(tokens) is None:  # only wiki links: their labels are shown as written
        text = tokens
    else:
        text = _markdown_text(tokens)
    if labels:
        text = re.sub(r"pmnlinkz(\d+)z", lambda m: labels[int(m[1])] if int(m[1]) < len(labels) else m[0], text)
    return text.strip()


_RENDERER: list[Any] = []


@lru_cache(maxsize=4096)  # notes of one site share their section headings
def _markdown_text(raw: str) -> str:
    """The text of `# raw` as Python-Markdown renders it, tags dropped and entities read."""
    import html

    from markdown import Markdown
    from markdown.extensions.toc import strip_tags

    if not _RENDERER:
        _RENDERER.append(Markdown())
    md = _RENDERER[0]
    md.reset()
    out = md.convert("# " + raw)
    if not out.startswith("<h1>") or not out.endswith("</h1>"):
        return _TAGS.sub("", raw)  # not one heading after all (cannot happen for one line of text)
    return html.unescape(strip_tags(out[4:-5]))
