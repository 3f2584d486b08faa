"""Builds the rule reference page of the project's site from the rule catalogue.

MkDocs loads this module through `hooks:` in `mkdocs.yml`. It lives outside
`docs_dir` and adds the page as a generated file, so nothing is written into
`docs/` and the reference cannot drift from the rules the linter runs.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files

from mkdocs_pmnotes.lint import rules as rules_package
from mkdocs_pmnotes.lint.registry import RULES
from mkdocs_pmnotes.lint.rule import Rule

PAGE = "reference/rules.md"

# The hundreds of a code group rules by what they look at.
GROUPS = {
    "PMN1": "Timestamps",
    "PMN2": "Wiki links",
    "PMN3": "Text and encoding",
    "PMN4": "Front matter and pages",
}

FIXES = {
    "safe": "safe: applied by `pmnotes lint --fix`",
    "unsafe": "unsafe: applied by `pmnotes lint --fix --unsafe-fixes`",
}

# The paragraph labels every rule docstring uses, set in bold on the page.
_LABEL = re.compile(r"^(What it does|Why|Fix(?: \((?:safe|unsafe)\))?|Example):", re.MULTILINE)

INTRO = """\
# Rule reference

Every rule that `pmnotes lint` runs, and that the plugin reports while it
builds a site. This page is generated from the rule catalogue
(`mkdocs_pmnotes.lint.registry.RULES`) each time the site is built, so it
always matches the installed version. In a terminal, `pmnotes rules` lists
the same rules and `pmnotes rule PMN104` prints one explanation.

A rule's severity is its default. [Configuration](../configuration.md#linter-settings)
shows how to change it, switch a rule off, or ignore it in some files.
"""


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, PAGE, content=render(RULES)))
    return files


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    # An edited rule docstring should show up while the docs are being served.
    server.watch(str(Path(inspect.getfile(rules_package)).parent))
    return server


def render(rules: tuple[type[Rule], ...]) -> str:
    """The whole page: a summary table, then one section per rule, grouped by code."""
    parts = [INTRO, table(rules)]
    current = None
    for rule in rules:
        group = rule.code[:4]
        if group != current:
            current = group
            parts.append(f"## {group}xx · {GROUPS.get(group, 'Other rules')}\n")
        parts.append(section(rule))
    return "\n".join(parts)


def table(rules: tuple[type[Rule], ...]) -> str:
    rows = ["| Code | Name | Severity | Fix | What it reports |", "| --- | --- | --- | --- | --- |"]
    for rule in rules:
        summary = rule.summary.replace("|", "\\|")
        rows.append(
            f"| [{rule.code}](#{anchor(rule)}) | `{rule.name}` | {rule.severity} | {rule.fixable or '-'} | {summary} |"
        )
    return "\n".join(rows) + "\n"


def section(rule: type[Rule]) -> str:
    fix = FIXES.get(rule.fixable or "", "none")
    body = _LABEL.sub(r"**\1:**", inspect.cleandoc(rule.__doc__ or rule.summary))
    return (
        f"### {rule.code} {rule.name} {{#{anchor(rule)}}}\n\n"
        f"- Severity: **{rule.severity}**\n"
        f"- Fix: {fix}\n"
        f"- Select or ignore it as `{rule.code}` or `{rule.name}`\n\n"
        f"{body}\n"
    )


def anchor(rule: type[Rule]) -> str:
    return rule.code.lower()
