"""A note's names: can a name be a note's file name or its title (if not, why not, in words
for the author), a title made from a link target, and a title as front matter writes it.

Checked before a rename or a new note is offered, so an impossible name gets a
sentence rather than an error from the file system in the middle of an edit.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from pathlib import Path

from ..core.slugs import loose_key

LINK_SYNTAX = set("[]|#")  # what would end or split a `[[target#heading | label]]`
NAME_MAX = 255  # bytes of a file name on nearly every file system


def _controls(name: str) -> str | None:
    for ch in name:
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            what = "a NUL character" if ch == "\0" else f"the control character U+{ord(ch):04X}"
            return f"a name cannot hold {what}"
    return None


def title_problem(title: str) -> str | None:
    """Why `title` cannot be a note's title that links name; None when it can."""
    if not title.strip():
        return "a name cannot be empty"
    problem = _controls(title)
    if problem is not None:
        return problem
    if LINK_SYNTAX & set(title):
        return f"{title!r} holds `[`, `]`, `|` or `#`, which a `[[link]]` cannot name"
    if not loose_key(title):
        return f"{title!r} has no letter or digit for a link to name it by"
    return None


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (AttributeError, OSError, ValueError):
        return NAME_MAX


def file_name_problem(stem: str, folder: Path, suffix: str = ".md") -> str | None:
    """Why `stem + suffix` cannot be a new note file in `folder`; None when it can."""
    if not stem.strip():
        return "a name cannot be empty"
    problem = _controls(stem)
    if problem is not None:
        return problem
    if "/" in stem or "\\" in stem:
        return "a new file name, without folders"
    if stem.startswith("."):
        return f"{stem!r} is not a usable file name: a note's file name cannot start with a dot"
    if stem != stem.strip():
        return f"{stem!r} starts or ends with a space"
    problem = title_problem(stem)
    if problem is not None:
        return problem
    name = stem + suffix
    size = len(name.encode(sys.getfilesystemencoding() or "utf-8", "surrogateescape"))
    limit = _name_max(folder)
    if size > limit:
        return f"the file name would be {size} bytes long; the file system allows {limit}"
    return None


def note_title(target: str) -> str:
    """A title for a new note: the target as written, or a slug made readable."""
    if any(ch.isupper() for ch in target) or " " in target:
        return target.strip()
    words = target.replace("_", " ").replace("-", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def title_value(title: str) -> str:
    """`title` as the value of front matter's `title:` line: bare when YAML reads it back as the
    same string, else double-quoted (a JSON string is a YAML one)."""
    import yaml

    try:
        plain = yaml.safe_load(f"title: {title}") == {"title": title}
    except yaml.YAMLError:
        plain = False
    return title if plain else json.dumps(title, ensure_ascii=False)
