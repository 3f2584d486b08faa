"""The templates of panels and generated pages as a site's theme overrides them.

As Material's plugins do, the theme's own Jinja environment is used, so its folders
come first (`theme.custom_dir` before the theme's) and `overrides/pmnotes/backlinks.html`
wins over the package's `pmnotes/backlinks.html`. Made once per build.
"""

from __future__ import annotations

import os

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..render.templates import TemplateProblem, Templates


class _Compiled(BytecodeCache):
    """Compiled templates kept for the process, keyed by name and checked against the source.

    `mkdocs serve` makes a new environment for every rebuild; an unchanged template (the
    package's, or an override) is not compiled again, an edited one is, as Jinja compares
    the source's checksum.
    """

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


def theme_templates(config: MkDocsConfig) -> Templates:
    """Every template compiled once; a broken one stops the build with its file and line."""
    env = config.theme.get_env()
    env.bytecode_cache = _COMPILED
    try:
        return Templates.over(env)
    except TemplateProblem as problem:
        raise build_error(problem, config) from None


def build_error(problem: TemplateProblem, config: MkDocsConfig) -> PluginError:
    """The build error for a template that cannot be compiled or rendered, its file relative to the project."""
    shown = problem.filename
    if shown is not None:
        root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        relative = os.path.relpath(shown, root)
        shown = shown if relative.startswith("..") else relative.replace(os.sep, "/")
    return PluginError(f"pmnotes: template {problem.where(shown)}: {problem.reason}")
