"""Small pieces of the messages every front end writes."""

from __future__ import annotations

import logging
import re

_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def plural(count: int, word: str) -> str:
    """`1 note`, `2 notes`: the count and the word, with an `s` unless the count is one."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def printable(text: str) -> str:
    """A file name or a message as one line of valid UTF-8 text, whatever it holds.

    The one escaping of everything the linter prints and the build logs: messages
    quote the note's text and name other files, and a terminal or a CI log obeys
    what they hold. Control characters (ESC would drive the terminal, BEL ring it,
    CR or a newline rewrite or split the line) become `\\x1b`, `\\n`...; a byte of
    a file name that is not UTF-8, which Python keeps as a lone surrogate, becomes
    `\\xE9`.
    """
    if not _UNSHOWABLE.search(text):
        return text

    def one(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            return f"\\x{code - 0xDC00:02X}"
        return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return _UNSHOWABLE.sub(one, text)


class PrintableLog(logging.Filter):
    """Makes every record of a logger `printable`, line by line, whoever formatted it.

    The build log quotes note text (targets, labels, `data-t` values, file names)
    in messages made in many places; escaping them at the logger means no call
    site can forget. A message keeps the line breaks its own code put in.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        escaped = "\n".join(printable(line) for line in message.split("\n"))
        if escaped != message or record.args:
            record.msg, record.args = escaped, ()
        return True


def printable_logger(name: str) -> logging.Logger:
    """The logger `name`, its records made printable (`PrintableLog`), once."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, PrintableLog) for f in logger.filters):
        logger.addFilter(PrintableLog())
    return logger
