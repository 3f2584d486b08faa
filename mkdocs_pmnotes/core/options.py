"""The values of the settings, checked one key at a time, wherever they were written.

`config.py` finds the files; this module says what each key may hold, so `mkdocs.yml`,
`pyproject.toml`, the plugin's typed options and the command line reject the same values
with the same words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from .clock import parse_duration
from .settings import Settings, Severity

DISABLED = ("ignore", "off")
LIST_KEYS = ("select", "ignore", "notes", "exclude", "source_prefixes")
# Every key a configuration file may set (`project_root` is where the file is, not a key).
KEYS = tuple(f.name for f in fields(Settings) if f.name not in ("project_root", "markdown_blocks"))
Known = Callable[[str], bool]


class ConfigError(Exception):
    """A configuration problem, worded as one line for the user."""


def check_value(key: str, value: Any, known: Known | None = None) -> None:
    """Raise `ConfigError` (worded without a file name) unless `value` may be the setting `key`."""
    try:
        build_settings({key: value}, "", known)
    except ConfigError as exc:
        raise ConfigError(str(exc).removeprefix(": ")) from None


def build_settings(values: dict[str, Any], origin: str, known: Known | None = None) -> Settings:
    """Check each value's type and meaning, and make `Settings` of them.

    `known` tells whether a selector names a rule; only the linter knows its rules, so
    selectors are checked when it passes this (`lint.api.load_project` does).
    """
    settings = Settings()
    for key in LIST_KEYS:
        if key in values:
            setattr(settings, key, _strings(values[key], key, origin, split=key in ("select", "ignore")))
    if "mount" in values:
        mount = values["mount"]
        if not isinstance(mount, dict) or not all(isinstance(v, str) for v in mount.values()):
            raise ConfigError(f"{origin}: mount must map notes folders to site folders")
        for folder, prefix in mount.items():
            if ".." in prefix.replace("\\", "/").split("/"):
                raise ConfigError(
                    f"{origin}: mount of {folder!r} is {prefix!r}, which leaves the site: use a folder inside it, without `..`"
                )
        settings.mount = {str(k).strip().rstrip("/"): v for k, v in mount.items()}
    if "severity" in values:
        settings.severity, disabled = _severity(values["severity"], origin)
        settings.ignore = [*settings.ignore, *disabled]
    if "per_file_ignores" in values:
        settings.per_file_ignores = _per_file(values["per_file_ignores"], origin)
    if "default_end" in values:
        settings.default_end = parse_end(values["default_end"], f"{origin}: default_end")
    if "cache_dir" in values:
        if not isinstance(values["cache_dir"], str) or not values["cache_dir"].strip():
            raise ConfigError(f"{origin}: cache_dir must be a folder name")
        settings.cache_dir = values["cache_dir"].strip()
    if "max_file_size" in values:
        settings.max_file_size = parse_size(values["max_file_size"], f"{origin}: max_file_size")
    if "plain_timestamps" in values:
        if not isinstance(values["plain_timestamps"], bool):
            raise ConfigError(f"{origin}: plain_timestamps must be true or false")
        settings.plain_timestamps = values["plain_timestamps"]
    if known is not None:
        # Disabled severities are in `ignore` by now.
        check_selectors([*settings.severity, *settings.select, *settings.ignore], origin, known)
        for selectors in settings.per_file_ignores.values():
            check_selectors(selectors, origin, known)
    return settings


def _strings(value: Any, key: str, origin: str, split: bool = True) -> list[str]:
    if isinstance(value, str):
        return split_list(value) if split else [value.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    raise ConfigError(f"{origin}: {key} must be a list of strings")


def _severity(value: Any, origin: str) -> tuple[dict[str, str], list[str]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{origin}: severity must map rule codes to error, warning, info or ignore")
    levels: dict[str, str] = {}
    disabled: list[str] = []
    for selector, level in value.items():
        level = str(level).lower()
        if level in DISABLED:
            disabled.append(str(selector))
        elif level in {s.value for s in Severity}:
            levels[str(selector)] = level
        else:
            raise ConfigError(f"{origin}: severity of {selector} must be error, warning, info or ignore, not {level!r}")
    return levels, disabled


def _per_file(value: Any, origin: str) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{origin}: per_file_ignores must map file globs to lists of rules")
    return {str(glob): _strings(selectors, f"per_file_ignores[{glob!r}]", origin) for glob, selectors in value.items()}


def parse_end(value: Any, where: str) -> int:
    """A default episode end: seconds, or a clock time such as `3:00:00`."""
    if isinstance(value, float) and not math.isfinite(value):
        seconds = None  # `inf`, `1e400` and YAML's `.inf` are no episode's end
    else:
        try:
            seconds = parse_duration(value)
        except (OverflowError, ValueError):
            seconds = None
    if seconds is None:
        raise ConfigError(f"{where}: expected seconds or a clock time like 3:00:00, got {value!r}")
    return seconds


_SIZE = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[KMG]?)i?B?", re.IGNORECASE)


def parse_size(value: Any, where: str) -> int:
    """A file size: bytes, or a number with KB, MB or GB (`32MB`)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or float(match["number"]) <= 0:
        raise ConfigError(f"{where}: expected a size in bytes or like 32MB, got {value!r}")
    return int(float(match["number"]) * 1024 ** " KMG".index(match["unit"].upper() or " "))


def split_list(value: str) -> list[str]:
    """`PMN1,PMN201 dangling-link` -> selectors, as on ruff's command line."""
    return [part for part in value.replace(",", " ").split() if part]


def check_selectors(selectors: list[str], origin: str, known: Known) -> None:
    """Every selector must name at least one rule, as ruff insists too."""
    for selector in selectors:
        if not known(selector):
            raise ConfigError(f"{origin}: unknown rule selector `{selector}`")
