"""Obsidian callouts (`> [!NOTE] Title`) rendered as Material admonitions.

A blockquote whose first line is `[!type]`, with an optional `+` or `-` and a
title, is a callout in Obsidian, where these notes are written. Material shows
the same thing as an admonition (`<div class="admonition note">`) or, folded,
as `<details class="note">`, so the site renders it so, whatever extensions the
site configures: the markup is built here, not by the `admonition` extension.
`-` folds the callout closed, `+` folds it open; callouts nest.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockQuoteProcessor

# Before Python-Markdown's own blockquotes (20), which would take these.
PRIORITY = 21

_FIRST = re.compile(r"^[ ]{0,3}>[ ]?\[!(?P<kind>[A-Za-z][\w-]*)\](?P<fold>[+-]?)[ \t]*(?P<title>[^\n]*)$", re.MULTILINE)
# Obsidian's aliases, as the types Material styles.
_KINDS = {
    "summary": "abstract",
    "tldr": "abstract",
    "hint": "tip",
    "important": "tip",
    "check": "success",
    "done": "success",
    "help": "question",
    "faq": "question",
    "caution": "warning",
    "attention": "warning",
    "fail": "failure",
    "missing": "failure",
    "error": "danger",
    "cite": "quote",
    "todo": "info",
}
_MATERIAL = frozenset(
    [
        "note",
        "abstract",
        "info",
        "tip",
        "success",
        "question",
        "warning",
        "failure",
        "danger",
        "bug",
        "example",
        "quote",
    ]
)


def kind_of(name: str) -> str:
    """The admonition type a callout type is shown as (`note` for one Material does not know)."""
    lowered = name.lower()
    kind = _KINDS.get(lowered, lowered)
    return kind if kind in _MATERIAL else "note"


class CalloutProcessor(BlockQuoteProcessor):
    """A blockquote opening with `[!type]` becomes an admonition; any other stays a blockquote."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return self._opening(block) is not None and super().test(parent, block)

    def _opening(self, block: str) -> re.Match[str] | None:
        """The callout's first line, when the block's quote opens with one."""
        quote = self.RE.search(block)
        if quote is None:
            return None
        start = quote.start() + (1 if quote.group(1) else 0)
        end = block.find("\n", start)
        return _FIRST.match(block, start, len(block) if end == -1 else end)

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        found = self._opening(block)
        assert found is not None  # `test` matched it
        if found.start():  # lines before the quote: a paragraph of their own, as for a blockquote
            self.parser.parseBlocks(parent, [block[: found.start() - 1]])
        rest = block[found.end() + 1 :]
        kind = kind_of(found["kind"])
        title = found["title"].strip() or found["kind"].capitalize()
        if found["fold"]:
            box = etree.SubElement(parent, "details", {"class": kind})
            if found["fold"] == "+":
                box.set("open", "open")
            etree.SubElement(box, "summary").text = title
        else:
            box = etree.SubElement(parent, "div", {"class": f"admonition {kind}"})
            etree.SubElement(box, "p", {"class": "admonition-title"}).text = title
        body = "\n".join(self.clean(line) for line in rest.split("\n")) if rest else ""
        self.parser.state.set("blockquote")
        self.parser.parseChunk(box, body)
        self.parser.state.reset()
