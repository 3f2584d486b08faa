"""Where lint settings come from: `pyproject.toml`, `mkdocs.yml` and the command line.

Precedence, key by key: command line > `[tool.pmnotes]` in `pyproject.toml` >
the `pmnotes` plugin block in `mkdocs.yml` > built-in defaults. The linter's
own table wins over the shared site config because it is the more specific
place; an author who keeps everything in `mkdocs.yml` never needs the other.

Both files are looked for in the nearest folder, from the working directory
up, that holds either of them; `--config FILE` names one file instead.
Relative paths in either file are relative to the folder it is in.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from ..core.clock import parse_duration
from .registry import RULES, matches
from .settings import Settings

SEVERITY_VALUES = ("error", "warning", "info")
DISABLED = ("ignore", "off")
_LIST_KEYS = ("select", "ignore", "notes", "exclude", "source_prefixes")
_KNOWN = {f.name for f in fields(Settings)} - {"project_root"}


class ConfigError(Exception):
    """A configuration problem, worded as one line for the user."""


@dataclass
class Project:
    """The settings of one run and the folders that make up its site."""

    root: Path
    settings: Settings
    docs_dir: Path | None = None
    files: list[Path] = field(default_factory=list)  # the config files read

    @property
    def roots(self) -> list[Path]:
        """Every folder of notes in the site: `docs_dir`, then the configured notes folders."""
        found = [self.docs_dir] if self.docs_dir else []
        found.extend(self.root / folder for folder in self.settings.notes)
        return found

    @property
    def prefixes(self) -> dict[Path, str]:
        """Where each notes folder sits in the site, as the plugin mounts it.

        `docs_dir` is the site root; a notes folder is served under its own
        name unless `mount` says otherwise (`{seeds: notes}`).
        """
        found = {}
        for folder in self.settings.notes:
            key = folder.strip().rstrip("/")
            prefix = self.settings.mount.get(key, self.settings.mount.get(folder, Path(key).name))
            found[self.root / folder] = prefix.strip("/")
        return found


def find_root(start: Path) -> Path:
    """The nearest folder, from `start` up, with a `mkdocs.yml` or `pyproject.toml`."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() or (folder / "pyproject.toml").is_file():
            return folder
    return start


def load_project(cwd: Path, config: Path | None = None) -> Project:
    """Read the configuration for a run started in `cwd` (or from `config` alone)."""
    if config is not None:
        # One named file: its settings alone; a TOML file still takes docs_dir from mkdocs.yml beside it.
        if not config.is_file():
            raise ConfigError(f"{config}: no such config file")
        root = config.resolve().parent
        toml_file = config if config.suffix == ".toml" else None
        mkdocs_file = config if toml_file is None else _existing(root / "mkdocs.yml")
    else:
        root = find_root(cwd.resolve())
        toml_file = _existing(root / "pyproject.toml")
        mkdocs_file = _existing(root / "mkdocs.yml")
    mkdocs_values, docs_dir = read_mkdocs(mkdocs_file) if mkdocs_file else ({}, None)
    if config is not None and toml_file is not None:
        mkdocs_values = {}
    toml_values = read_toml(toml_file) if toml_file else {}
    # Check each file on its own first, so an error names the file it is in.
    if mkdocs_values:
        build_settings(mkdocs_values, str(mkdocs_file))
    if toml_values:
        build_settings(toml_values, str(toml_file))
    settings = build_settings({**mkdocs_values, **toml_values}, str(root))
    settings.project_root = str(root)
    used = [p for p in (mkdocs_file, toml_file) if p is not None]
    return Project(root, settings, root / docs_dir if docs_dir is not None else None, used)


def _existing(path: Path) -> Path | None:
    return path if path.is_file() else None


def read_toml(path: Path) -> dict[str, Any]:
    """The `[tool.pmnotes]` table (or a whole `pmnotes.toml`), keys normalised."""
    # Imported here: a project configured in mkdocs.yml alone never reads TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: `tool` must be a table")
        table = tool.get("pmnotes", {})
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.pmnotes] must be a table")
    values = _normalise(table)
    unknown = sorted(set(values) - _KNOWN)
    if unknown:
        raise ConfigError(f"{path}: unknown option `{unknown[0]}` in [tool.pmnotes]")
    return values


def read_mkdocs(path: Path) -> tuple[dict[str, Any], str | None]:
    """The linter's keys from the `pmnotes` plugin block, and the site's `docs_dir`.

    Keys the linter does not know are left alone: they are the plugin's.
    """
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a mapping of settings")
    docs_dir = data.get("docs_dir", "docs")
    if not isinstance(docs_dir, str):
        raise ConfigError(f"{path}: docs_dir must be a string")
    block = _plugin_block(data.get("plugins"), path)
    return {k: v for k, v in _normalise(block).items() if k in _KNOWN}, docs_dir


def _plugin_block(plugins: Any, path: Path) -> dict[str, Any]:
    """The `pmnotes` entry of `plugins:`, which MkDocs allows as a list or a mapping."""
    entries: list[Any]
    if plugins is None:
        return {}
    if isinstance(plugins, dict):
        entries = [{k: v} for k, v in plugins.items()]
    elif isinstance(plugins, list):
        entries = plugins
    else:
        raise ConfigError(f"{path}: plugins must be a list or a mapping")
    for entry in entries:
        if isinstance(entry, dict) and "pmnotes" in entry:
            block = entry["pmnotes"] or {}
            if not isinstance(block, dict):
                raise ConfigError(f"{path}: the pmnotes plugin options must be a mapping")
            return block
    return {}


def _normalise(table: dict[str, Any]) -> dict[str, Any]:
    """`per-file-ignores` (TOML style) and `per_file_ignores` (MkDocs style) are one key."""
    return {str(key).replace("-", "_"): value for key, value in table.items()}


def build_settings(values: dict[str, Any], origin: str) -> Settings:
    """Check each value's type and meaning, and make `Settings` of them."""
    settings = Settings()
    for key in _LIST_KEYS:
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
    check_selectors([*settings.select, *settings.ignore], origin)
    for selectors in settings.per_file_ignores.values():
        check_selectors(selectors, origin)
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
        elif level in SEVERITY_VALUES:
            levels[str(selector)] = level
        else:
            raise ConfigError(f"{origin}: severity of {selector} must be error, warning, info or ignore, not {level!r}")
    check_selectors(list(value), origin)
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


def check_selectors(selectors: list[str], origin: str) -> None:
    """Every selector must name at least one rule, as ruff insists too."""
    for selector in selectors:
        if not any(matches(rule, selector) for rule in RULES):
            raise ConfigError(f"{origin}: unknown rule selector `{selector}`")


def load_yaml_file(path: Path) -> Any:
    """Load a `mkdocs.yml` without MkDocs, tolerating its Python and `!ENV` tags."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None


@cache
def _loader() -> type:
    """Built on first use, so importing this module does not import PyYAML."""
    import yaml

    class TolerantLoader(yaml.SafeLoader):
        """SafeLoader that reads `!ENV` like MkDocs and turns other tags into plain values."""

    def env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        # MkDocs: `!ENV NAME` or `!ENV [NAME, OTHER, default]`.
        if isinstance(node, yaml.ScalarNode):
            names, default = [loader.construct_scalar(node)], None
        else:
            items = loader.construct_sequence(node)  # type: ignore[arg-type]
            names, default = items[:-1] if len(items) > 1 else items, items[-1] if len(items) > 1 else None
        for name in names:
            if str(name) in os.environ:
                return yaml.safe_load(os.environ[str(name)])
        return default

    def plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_scalar(node)  # type: ignore[arg-type]

    TolerantLoader.add_constructor("!ENV", env)
    TolerantLoader.add_multi_constructor("!", plain)
    TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", plain)
    return TolerantLoader
