"""Where the settings come from: the site config, `pyproject.toml` and the command line.

The one loader of the project's configuration. The CLI and the language server call
`load_project`, the MkDocs plugin `load_site_project` (MkDocs has read its config already,
`INHERIT:` and `!ENV` included), the stand-alone extension `load_project` from its docs folder;
all three end in `_assemble`, so they cannot read one project two ways.

Precedence, key by key: command line > `[tool.pmnotes]` in `pyproject.toml` >
the `pmnotes` plugin block of the site config (or, where there are no plugins, the
`pmnotes` extension's options) > built-in defaults. The linter's own table wins over the
shared site config because it is the more specific place; an author who keeps everything
in `mkdocs.yml` never needs the other.

The site config (`mkdocs.yml`, `properdocs.yml`, `zensical.toml` ...: see `discovery`) and
`pyproject.toml` are looked for in the nearest folder, from the working directory up, that
holds either; `-f FILE` names one file instead. Relative paths in either file are relative
to the folder it is in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import discovery
from .discovery import SiteConfig, read_inherited
from .options import KEYS, ConfigError, Known, build_settings, check_selectors, parse_end, split_list
from .settings import Settings

__all__ = [
    "CommandLine",
    "ConfigError",
    "NotesFolder",
    "Project",
    "find_root",
    "load_project",
    "load_site_project",
    "read_inherited",
]


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
    site_file: Path | None = None  # the site config read: mkdocs.yml, properdocs.yml, zensical.toml ...
    extension: dict[str, Any] = field(default_factory=dict)  # the `pmnotes` extension's options in it
    notices: tuple[str, ...] = ()  # what the site config asks for that its builder will not do

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
    """The project's folder: the nearest one, from `start` up, with a config file; else `start`."""
    return discovery.find_root(start) or start


def load_project(
    start: Path, config: Path | None = None, known: Known | None = None, command_line: CommandLine | None = None
) -> Project:
    """Read the configuration for a run started in `start`, or from `config`, a file named on the command line.

    A named site config (`-f mkdocs.prod.yml`) stands for the one discovery would find, and the
    `pyproject.toml` beside it still lays over it, as it does under the plugin. A named linter
    file (`pyproject.toml`, `pmnotes.toml`) is the settings alone; where the notes are still
    comes from the site config beside it. `known` checks rule selectors (the linter passes it);
    see `options.build_settings`.
    """
    if config is not None:
        if not config.is_file():
            raise ConfigError(f"{config}: no such config file")
        config = config.resolve()
        root = config.parent
        if config.suffix == ".toml" and not discovery.is_zensical(config):
            site = _read(discovery.find_site_config(root))
            project = _assemble(root, site, {}, _docs(root, site), config, known)
            return _laid_over(project, command_line, known)
        site = discovery.read_site_config(config)
    else:
        root = find_root(start.resolve())
        site = _read(discovery.find_site_config(root))
    values = _keys(site.block) if site else {}
    project = _assemble(root, site, values, _docs(root, site), _existing(root / "pyproject.toml"), known)
    return _laid_over(project, command_line, known)


def _read(path: Path | None) -> SiteConfig | None:
    return discovery.read_site_config(path) if path is not None else None


def _docs(root: Path, site: SiteConfig | None) -> Path | None:
    return root / site.docs_dir if site else None


def _keys(block: dict[str, Any]) -> dict[str, Any]:
    """The settings' keys of a plugin block or extension table; the rest are the plugin's own options."""
    return {k: v for k, v in _normalise(block).items() if k in KEYS and v is not None}


def _laid_over(project: Project, command_line: CommandLine | None, known: Known | None) -> Project:
    if command_line is not None:
        _lay_over(project.settings, command_line, known)
    return project


def load_site_project(
    site_file: Path | None, block: dict[str, Any], docs_dir: Path, known: Known | None = None
) -> Project:
    """The project of a site MkDocs has loaded: its plugin `block`, then `pyproject.toml` beside it."""
    root = Path(os.path.abspath(site_file)).parent if site_file else Path.cwd()
    site = SiteConfig(site_file, plugin=dict(block)) if site_file else None
    return _assemble(root, site, _keys(block), docs_dir, _existing(root / "pyproject.toml"), known)


def _assemble(
    root: Path,
    site: SiteConfig | None,
    site_values: dict[str, Any],
    docs_dir: Path | None,
    toml_file: Path | None,
    known: Known | None,
) -> Project:
    toml_values = read_toml(toml_file) if toml_file else {}
    # Check each file on its own first, so an error names the file it is in.
    if site_values:
        build_settings(site_values, str(site.path if site else "mkdocs.yml"), known)
    if toml_values:
        build_settings(toml_values, str(toml_file), known)
    settings = build_settings({**site_values, **toml_values}, str(root), known)
    settings.project_root = str(root)
    settings.read_extensions(site.markdown if site else ())
    site_file = site.path if site else None
    used = [p for p in (site_file, toml_file) if p is not None]
    return Project(
        root, settings, docs_dir, used, site_file, site.extension if site else {}, site.notices if site else ()
    )


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
    data = discovery.load_toml(path)
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


def _normalise(table: dict[str, Any]) -> dict[str, Any]:
    """`per-file-ignores` (TOML style) and `per_file_ignores` (MkDocs style) are one key."""
    return {str(key).replace("-", "_"): value for key, value in table.items()}
