"""Which program is building the site, for log lines that tell the user a command to run."""

from __future__ import annotations

import sys


def running_program() -> str:
    """`properdocs` when ProperDocs runs the plugin, else `mkdocs`.

    ProperDocs runs MkDocs plugins by answering every `mkdocs` import with its own package
    (`sys.modules["mkdocs"]` is the `properdocs` module), so the module behind that name says
    which program is running, whatever its config file is called.
    """
    module = sys.modules.get("mkdocs")
    return "properdocs" if getattr(module, "__name__", None) == "properdocs" else "mkdocs"
