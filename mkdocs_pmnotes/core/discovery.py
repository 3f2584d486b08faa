"""Which config files a project has, and what pmnotes needs of them.

A site is configured by the file of the tool that builds it. MkDocs reads `mkdocs.yml` (or
`mkdocs.yaml`), ProperDocs `properdocs.yml` (or `.yaml`), Zensical `zensical.toml`. The
linter, the language server and the stand-alone extension find that file here, the same way,
so a project is never read one way by one of them and another way by the next.

Of a site config only three things matter: where the notes are (`docs_dir`), the `pmnotes`
plugin block and the options of the `pmnotes` Markdown extension. In `zensical.toml` these sit
in the `[project]` table, the extension's under `[project.markdown_extensions.pmnotes]`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .options import ConfigError

__all__ = [
    "CONFIG_NAMES",
    "SITE_NAMES",
    "SiteConfig",
    "find_root",
    "find_site_config",
    "load_toml",
    "load_yaml_file",
    "read_inherited",
    "read_site_config",
    "start_folder",
]

# In the order of preference when a folder holds more than one: MkDocs' own two names first
# (MkDocs prefers `.yml`), then ProperDocs', then Zensical's.
SITE_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml", "zensical.toml")
# Every file whose change changes the configuration (the language server watches them).
CONFIG_NAMES = (*SITE_NAMES, "pyproject.toml")
# The names the Markdown extension is listed under: its entry point, or its module.
EXTENSION_NAMES = ("pmnotes", "mkdocs_pmnotes.markdown_ext")


@dataclass(frozen=True)
class SiteConfig:
    """A site config file, read for what pmnotes needs of it."""

    path: Path
    docs_dir: str = "docs"  # as written: relative to the file's folder
    plugin: dict[str, Any] | None = None  # the `pmnotes` plugin block; None when the plugin is not listed
    extension: dict[str, Any] = field(default_factory=dict)  # the `pmnotes` extension's options as written
    extension_listed: bool = False  # the extension is under `markdown_extensions`, with options or without
    zensical: bool = False  # Zensical's own file: only Zensical builds the site
    markdown: tuple[str, ...] = ()  # the names under `markdown_extensions`: which blocks hold Markdown

    @property
    def notices(self) -> tuple[str, ...]:
        """What the file asks for that its builder will not do, to tell the user before anything else.

        Zensical ignores a plugin it does not know, without a word: a `zensical.toml` that lists
        the `pmnotes` plugin and not the extension gives pages with `[[links]]` as written. (A
        `mkdocs.yml` is MkDocs' too, where the plugin is what runs; Zensical may read it as well,
        which nothing in the file says.)
        """
        if self.zensical and self.plugin is not None and not self.extension_listed:
            return (
                f"{self.path}: lists the `pmnotes` plugin, which Zensical does not run, and not the `pmnotes` "
                "Markdown extension, so Zensical leaves every `[[link]]` as written: add the table "
                "[project.markdown_extensions.pmnotes] (see the Zensical guide, docs/zensical.md)",
            )
        return ()

    @property
    def block(self) -> dict[str, Any]:
        """Where the settings are written: the plugin block, else the extension's options.

        Zensical has no plugins, so there (in `zensical.toml`, or a `mkdocs.yml` that lists
        only the extension) the extension's options carry the settings too.
        """
        return self.plugin if self.plugin is not None else self.extension


def find_site_config(folder: Path) -> Path | None:
    """The site config in `folder`, by the names' order of preference."""
    for name in SITE_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def find_root(start: Path) -> Path | None:
    """The nearest folder, from `start` up, with a site config or a `pyproject.toml` with `[tool.pmnotes]`.

    A `pyproject.toml` without that table is some other tool's (ruff's rule), so a Python
    repository's own does not hide the site config of a docs folder above it.
    """
    for folder in (start, *start.parents):
        if find_site_config(folder) is not None or _has_tool_table(folder / "pyproject.toml"):
            return folder
    return None


def start_folder(cwd: Path, named: Sequence[str]) -> Path:
    """Where discovery starts: the working directory, else the folder of the first file named.

    A hook runner calls the linter from the repository root with the changed files; when the
    site sits in a subfolder of the repository, its config is found from those files.
    """
    if find_root(cwd) is not None or not named:
        return cwd
    first = (cwd / named[0]).resolve()
    return first if first.is_dir() else first.parent


def _has_tool_table(path: Path) -> bool:
    if not path.is_file():
        return False
    tool = load_toml(path).get("tool")
    return isinstance(tool, dict) and "pmnotes" in tool


def read_site_config(path: Path) -> SiteConfig:
    """Read a site config of any of the names (or named on the command line)."""
    if is_zensical(path):
        return _read_zensical(path)
    data = read_inherited(path)
    extension = _extension_options(data.get("markdown_extensions"), path)
    return SiteConfig(
        path,
        _docs_dir(data, path),
        _plugin_block(data.get("plugins"), path),
        extension or {},
        extension is not None,
        markdown=_names(data.get("markdown_extensions")),
    )


def is_zensical(path: Path) -> bool:
    """A TOML site config: `zensical.toml`, or another TOML file with a `[project]` table but pyproject's."""
    if path.suffix != ".toml" or path.name == "pyproject.toml":
        return False
    return path.name == "zensical.toml" or isinstance(load_toml(path).get("project"), dict)


def _read_zensical(path: Path) -> SiteConfig:
    data = load_toml(path)
    # As Zensical reads it: the `[project]` table, or the whole file when there is none.
    project = data.get("project", data)
    if not isinstance(project, dict):
        raise ConfigError(f"{path}: `project` must be a table")
    extension = _extension_options(project.get("markdown_extensions"), path)
    return SiteConfig(
        path,
        _docs_dir(project, path),
        _plugin_block(project.get("plugins"), path),
        extension or {},
        extension is not None,
        zensical=True,
        markdown=_names(project.get("markdown_extensions")),
    )


def _names(extensions: Any) -> tuple[str, ...]:
    """The extension names of a `markdown_extensions` list or mapping, as written."""
    if isinstance(extensions, dict):
        return tuple(str(name) for name in extensions)
    if isinstance(extensions, list):
        found = (next(iter(e), "") if isinstance(e, dict) else e for e in extensions)
        return tuple(str(name) for name in found)
    return ()


def _docs_dir(data: dict[str, Any], path: Path) -> str:
    docs_dir = data.get("docs_dir", "docs")
    if not isinstance(docs_dir, str):
        raise ConfigError(f"{path}: docs_dir must be a string")
    return docs_dir


def _plugin_block(plugins: Any, path: Path) -> dict[str, Any] | None:
    """The `pmnotes` entry of `plugins:`, which MkDocs allows as a list or a mapping."""
    return _entry(plugins, ("pmnotes",), path, "plugins", "the pmnotes plugin options")


def _extension_options(extensions: Any, path: Path) -> dict[str, Any] | None:
    """The options of the `pmnotes` entry of `markdown_extensions`, as a list or a mapping; None when not listed."""
    return _entry(extensions, EXTENSION_NAMES, path, "markdown_extensions", "the pmnotes extension options")


def _entry(value: Any, names: tuple[str, ...], path: Path, key: str, what: str) -> dict[str, Any] | None:
    entries: list[Any]
    if value is None:
        return None
    if isinstance(value, dict):
        entries = [{k: v} for k, v in value.items()]
    elif isinstance(value, list):
        entries = value
    else:
        raise ConfigError(f"{path}: {key} must be a list or a mapping")
    for entry in entries:
        if isinstance(entry, str) and entry in names:
            return {}
        if isinstance(entry, dict):
            for name in names:
                if name in entry:
                    block = entry[name] or {}
                    if not isinstance(block, dict):
                        raise ConfigError(f"{path}: {what} must be a mapping")
                    return block
    return None


def read_inherited(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """A YAML site config with its `INHERIT:` parents merged in, as MkDocs merges them.

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


def load_toml(path: Path) -> dict[str, Any]:
    """A TOML file's tables; a file that cannot be read or parsed is a `ConfigError` naming it."""
    import tomllib  # here: a project configured in YAML alone never reads TOML

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def load_yaml_file(path: Path) -> Any:
    """Load a YAML site config without MkDocs, tolerating its Python and `!ENV` tags."""
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
    from yaml_env_tag import construct_env_tag

    class TolerantLoader(yaml.SafeLoader):
        """SafeLoader that reads `!ENV` as MkDocs does and turns other tags into plain values."""

    def plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_scalar(node)  # type: ignore[arg-type]

    # The constructor MkDocs itself registers, so a variable's value is typed as MkDocs types it.
    TolerantLoader.add_constructor("!ENV", construct_env_tag)
    TolerantLoader.add_multi_constructor("!", plain)
    TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", plain)
    return TolerantLoader
