"""Where the settings come from: `mkdocs.yml`, `pyproject.toml` and the command line.

The one loader of the project's configuration. The CLI and the language server call
`load_project`, the MkDocs plugin `load_site_project` (MkDocs has read `mkdocs.yml` already,
`INHERIT:` and `!ENV` included), the stand-alone extension `load_project` from its docs folder;
all three end in `_assemble`, so they cannot read one project two ways.

Precedence, key by key: command line > `[tool.pmnotes]` in `pyproject.toml` >
the `pmnotes` plugin block in `mkdocs.yml` > built-in defaults. The linter's
own table wins over the shared site config because it is the more specific
place; an author who keeps everything in `mkdocs.yml` never needs the other.

Both files are looked for in the nearest folder, from the working directory
up, that holds either of them; `--config FILE` names one file instead.
Relative paths in either file are relative to the folder it is in.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .options import KEYS, ConfigError, Known, build_settings, check_selectors, parse_end, split_list
from .settings import Settings

__all__ = ["CommandLine", "ConfigError", "NotesFolder", "Project", "find_root", "load_project", "load_site_project"]


@dataclass(frozen=True)
class CommandLine:
    """The options a command line lays over the files (ruff's layering)."""

    select: tuple[str, ...] = ()  # as typed: `PMN1,PMN201 dangling-link`
    ignore: tuple[str, ...] = ()
    default_end: str | None = None


@dataclass(frozen=True)
class NotesFolder:
    """A folder of notes outside `docs_dir`, as configured and where the site serves it."""

    name: str  # as written in `notes:`
    path: Path
    prefix: str  # its folder in the site ("" for the site root)


@dataclass
class Project:
    """The settings of one run and the layout of its site: root, docs_dir, notes folders."""

    root: Path
    settings: Settings
    docs_dir: Path | None = None
    files: list[Path] = field(default_factory=list)  # the config files read

    @property
    def notes_folders(self) -> list[NotesFolder]:
        """Each configured notes folder and its mount prefix.

        A notes folder is served under its own name unless `mount` says otherwise
        (`{seeds: notes}`); the plugin mounts them so and the linter names their notes so.
        """
        found = []
        mount = self.settings.mount
        for folder in self.settings.notes:
            key = folder.strip().rstrip("/")
            prefix = mount.get(key, mount.get(folder, Path(key).name)).strip("/")
            found.append(NotesFolder(folder, Path(os.path.normpath(self.root / folder)), prefix))
        return found

    @property
    def roots(self) -> list[Path]:
        """Every folder of notes in the site: `docs_dir`, then the configured notes folders."""
        found = [self.docs_dir] if self.docs_dir else []
        found.extend(self.root / folder for folder in self.settings.notes)
        return found

    @property
    def prefixes(self) -> dict[Path, str]:
        """Where each notes folder sits in the site (`docs_dir` is the site root)."""
        return {self.root / folder.name: folder.prefix for folder in self.notes_folders}

    def check_folders(self) -> None:
        """A configured folder that is not there is a mistake, not an empty site."""
        if self.docs_dir is not None and not self.docs_dir.is_dir():
            raise ConfigError(f"docs_dir {self.docs_dir} does not exist")
        for folder in self.notes_folders:
            if not folder.path.is_dir():
                raise ConfigError(f"notes folder {folder.name!r} does not exist (looked in {folder.path})")

    def unmounted(self) -> list[str]:
        """`mount` keys that name no notes folder: a typo the user should hear of."""
        listed = {f.strip().rstrip("/") for f in self.settings.notes} | set(self.settings.notes)
        return sorted(set(self.settings.mount) - listed)


def find_root(start: Path) -> Path:
    """The nearest folder, from `start` up, with a `mkdocs.yml` or `pyproject.toml`."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() or (folder / "pyproject.toml").is_file():
            return folder
    return start


def load_project(
    start: Path, config: Path | None = None, known: Known | None = None, command_line: CommandLine | None = None
) -> Project:
    """Read the configuration for a run started in `start` (or from `config` alone).

    `known` checks rule selectors (the linter passes it); see `options.build_settings`.
    """
    if config is not None:
        # One named file: its settings alone; a TOML file still takes docs_dir from mkdocs.yml beside it.
        if not config.is_file():
            raise ConfigError(f"{config}: no such config file")
        root = config.resolve().parent
        toml_file = config if config.suffix == ".toml" else None
        mkdocs_file = config if toml_file is None else _existing(root / "mkdocs.yml")
    else:
        root = find_root(start.resolve())
        toml_file = _existing(root / "pyproject.toml")
        mkdocs_file = _existing(root / "mkdocs.yml")
    mkdocs_values, docs_dir = read_mkdocs(mkdocs_file) if mkdocs_file else ({}, None)
    if config is not None and toml_file is not None:
        mkdocs_values = {}
    docs = root / docs_dir if docs_dir is not None else None
    project = _assemble(root, mkdocs_file, mkdocs_values, docs, toml_file, known)
    if command_line is not None:
        _lay_over(project.settings, command_line, known)
    return project


def load_site_project(
    mkdocs_file: Path | None, block: dict[str, Any], docs_dir: Path, known: Known | None = None
) -> Project:
    """The project of a site MkDocs has loaded: its plugin `block`, then `pyproject.toml` beside it."""
    root = Path(os.path.abspath(mkdocs_file)).parent if mkdocs_file else Path.cwd()
    values = {k: v for k, v in _normalise(block).items() if k in KEYS and v is not None}
    return _assemble(root, mkdocs_file, values, docs_dir, _existing(root / "pyproject.toml"), known)


def _assemble(
    root: Path,
    mkdocs_file: Path | None,
    mkdocs_values: dict[str, Any],
    docs_dir: Path | None,
    toml_file: Path | None,
    known: Known | None,
) -> Project:
    toml_values = read_toml(toml_file) if toml_file else {}
    # Check each file on its own first, so an error names the file it is in.
    if mkdocs_values:
        build_settings(mkdocs_values, str(mkdocs_file or "mkdocs.yml"), known)
    if toml_values:
        build_settings(toml_values, str(toml_file), known)
    settings = build_settings({**mkdocs_values, **toml_values}, str(root), known)
    settings.project_root = str(root)
    used = [p for p in (mkdocs_file, toml_file) if p is not None]
    return Project(root, settings, docs_dir, used)


def _lay_over(settings: Settings, line: CommandLine, known: Known | None) -> None:
    select = [s for value in line.select for s in split_list(value)]
    ignore = [s for value in line.ignore for s in split_list(value)]
    if known is not None:
        check_selectors(select + ignore, "command line", known)
    if select:
        # A command-line selection replaces the configured one, ignores included.
        settings.select, settings.ignore = select, ignore
    else:
        settings.ignore = [*settings.ignore, *ignore]
    if line.default_end is not None:
        settings.default_end = parse_end(line.default_end, "--default-end")


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
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown option `{unknown[0]}` in [tool.pmnotes]")
    return values


def read_mkdocs(path: Path) -> tuple[dict[str, Any], str | None]:
    """The settings' keys from the `pmnotes` plugin block, and the site's `docs_dir`.

    Keys the settings do not hold are left alone: they are the plugin's own.
    """
    data = read_inherited(path)
    docs_dir = data.get("docs_dir", "docs")
    if not isinstance(docs_dir, str):
        raise ConfigError(f"{path}: docs_dir must be a string")
    block = _plugin_block(data.get("plugins"), path)
    return {k: v for k, v in _normalise(block).items() if k in set(KEYS)}, docs_dir


def read_inherited(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """A `mkdocs.yml` with its `INHERIT:` parents merged in, as MkDocs merges them.

    The child wins key by key; mappings merge recursively, anything else (lists such as
    `plugins:`) is replaced whole. `INHERIT` is relative to the file that names it.
    """
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a mapping of settings")
    parent_name = data.pop("INHERIT", None)
    if parent_name is None:
        return data
    if not isinstance(parent_name, str):
        raise ConfigError(f"{path}: INHERIT must be the path of a file")
    parent = (path.parent / parent_name).resolve()
    if parent in seen or parent == path.resolve():
        raise ConfigError(f"{path}: INHERIT makes a loop through {parent_name}")
    if not parent.is_file():
        raise ConfigError(f"{path}: INHERIT names {parent_name}, which does not exist (looked in {parent})")
    return _merge(read_inherited(parent, (*seen, path.resolve())), data)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


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
