"""What a lint cache entry may hold: findings as the cache writes them, and the checks on what it reads.

A cache entry is obeyed (`--fix` writes its edits), so what is read is checked field by
field even once its signature is good: anything the linter could not have made (a wrong
type, a number out of range or not finite, an unknown rule, an edit outside the note) and
the note is linted again. Exact types throughout: JSON gives nothing else for what the
cache writes, and a bool is not a line.
"""

from __future__ import annotations

import json
from typing import Any

from .registry import BY_CODE
from .rule import Applicability, Edit, Finding, Fix, Severity


def as_item(f: Finding) -> list[Any]:
    fix = None
    if f.fix is not None:
        fix = [f.fix.description, str(f.fix.applicability), [[e.start, e.end, e.replacement] for e in f.fix.edits]]
    return [f.line, f.column, f.code, f.name, f.message, str(f.severity), f.end_line, f.end_column, fix, dict(f.data)]


_SEVERITIES = {str(s): s for s in Severity}
# The fixes a rule may offer: none, unsafe ones only, or safe and unsafe ones.
_APPLICABLE = {
    Applicability.UNSAFE: {"unsafe": Applicability.UNSAFE},
    Applicability.SAFE: {"safe": Applicability.SAFE, "unsafe": Applicability.UNSAFE},
}
_EMPTY: dict[str, Any] = {}


def finding_of(shown: str, item: object, size: int) -> Finding | None:
    """A cached finding, or None when it is not one the linter could make of a note of `size` bytes.

    Exact types: JSON gives nothing else for what the cache writes, and a bool is not a
    line; `1e400` and `NaN` are floats, never counts. No line, column or offset is past the
    end of the note (a character is at least one byte), and a fix is one its rule offers.
    Written out rather than in helpers: a warm run checks every finding of the site.
    """
    if type(item) is not list or len(item) != 10:
        return None
    line, column, code, name, message, severity, end_line, end_column, fix, data = item
    rule = BY_CODE.get(code) if type(code) is str else None
    level = _SEVERITIES.get(severity) if type(severity) is str else None
    if rule is None or level is None or name != rule.name or type(message) is not str:
        return None
    last = size + 1  # the line or column just past the end of the note
    if type(line) is not int or type(column) is not int or not (1 <= line <= last and 1 <= column <= last):
        return None
    if end_line is not None and (type(end_line) is not int or not 1 <= end_line <= last):
        return None
    if end_column is not None and (type(end_column) is not int or not 1 <= end_column <= last):
        return None
    made = None
    if fix is not None:
        made = _fix(fix, _APPLICABLE.get(rule.fixable, _EMPTY), size)
        if made is None:
            return None
    if type(data) is not dict:
        return None
    fields = _fields(data) if data else {}
    if fields is None:
        return None
    return Finding(shown, line, column, code, name, message, level, made, end_line, end_column, fields)


def _fix(fix: object, applicable: dict[str, Applicability], size: int) -> Fix | None:
    if type(fix) is not list or len(fix) != 3:
        return None
    description, applicability, edits = fix
    if type(description) is not str or type(applicability) is not str or type(edits) is not list:
        return None
    kind = applicable.get(applicability)
    if kind is None:
        return None
    made = []
    for edit in edits:
        if type(edit) is not list or len(edit) != 3:
            return None
        start, end, replacement = edit
        if type(start) is not int or type(end) is not int or type(replacement) is not str:
            return None
        if not 0 <= start <= end <= size:
            return None
        made.append(Edit(start, end, replacement))
    return Fix(tuple(made), description, kind)


def _fields(data: dict[Any, Any]) -> dict[str, Any] | None:
    """A finding's data as the rule made it (JSON gives back a tuple as a list), or None."""
    fields: dict[str, Any] = {}
    for key, value in data.items():
        kind = type(value)
        if kind is list:
            if not all(type(v) is str for v in value):
                return None
            value = tuple(value)
        elif not (value is None or kind is str or kind is int or kind is bool):
            return None
        fields[key] = value
    return fields


def loads(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def valid_page(entry: object) -> bool:
    # Exact types (JSON gives nothing else for what the cache writes), so a run checks
    # thousands of entries cheaply; a bool is not taken for a size.
    if type(entry) is not list or len(entry) != 9:
        return False
    path, size, mtime, found, title, aliases, video, keys, inode = entry
    if not (
        type(path) is str
        and type(size) is int
        and type(mtime) is int
        and type(inode) is int
        and type(found) is str
        and (title is None or type(title) is str)
        and type(aliases) is list
        and (video is None or type(video) is str)
        and type(keys) is list
    ):
        return False
    try:
        # Every item a string, checked at C speed: join refuses anything else.
        "".join(aliases)
        "".join(keys)
    except TypeError:
        return False
    return True


def valid_head(head: object, length: int) -> bool:
    """[context, deps, count, safe, unsafe, failing, spans], as `Cache.store` writes it for a text of `length`."""
    if type(head) is not list or len(head) != 7:
        return False
    context, deps, count, safe, unsafe, failing, spans = head
    if type(context) is not str or type(deps) is not list or type(failing) is not bool or type(spans) is not list:
        return False
    if not all(type(n) is int and n >= 0 for n in (count, safe, unsafe)):
        return False
    try:
        "".join(deps)  # every item a string, checked at C speed
    except TypeError:
        return False
    done = 0
    for span in spans:  # in order, apart, within the text
        if type(span) is not list or len(span) != 3:
            return False
        start, end, replacement = span
        if type(start) is not int or type(end) is not int or type(replacement) is not str:
            return False
        if not done <= start <= end <= length:
            return False
        done = end
    return True
