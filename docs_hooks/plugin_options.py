"""Fills the option table of the configuration page from the plugin's config class.

The options, their defaults and their explanations are read from
`mkdocs_pmnotes/plugin/config.py` (the attribute docstrings are only in the
source, so it is parsed with `ast`), and the folder option of each kind of
generated page from the kinds' registry, which the config makes them from. The
page keeps its prose by hand and marks the place of the table with
`<!-- pmnotes-plugin-options -->`.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mkdocs_pmnotes.plugin import config as plugin_config
from mkdocs_pmnotes.render.kinds import KINDS

MARKER = "<!-- pmnotes-plugin-options -->"


@dataclass(frozen=True)
class Option:
    name: str
    kind: str
    default: str
    doc: str


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if MARKER not in markdown:
        return markdown
    options = read_options(inspect.getsource(plugin_config), "PmnotesConfig")
    if not options:
        raise PluginError("docs_hooks: no options found in PmnotesConfig")
    return markdown.replace(MARKER, table(in_schema_order(options + kind_folders())))


def kind_folders() -> list[Option]:
    """The folder option of each kind of generated page, which the config makes from the registry."""
    return [Option(kind.option, "string", f"`{kind.folder}`", kind.about) for kind in KINDS if kind.option]


def in_schema_order(options: list[Option]) -> list[Option]:
    """The options as MkDocs checks them; an option of the schema not found is an error here."""
    by_name = {option.name: option for option in options}
    missing = [name for name, _ in plugin_config.PmnotesConfig._schema if name not in by_name]
    if missing:
        raise PluginError(f"docs_hooks: no explanation found for {', '.join(missing)}")
    return [by_name[name] for name, _ in plugin_config.PmnotesConfig._schema]


def read_options(source: str, class_name: str) -> list[Option]:
    """Each `name = c.Something(...)` of the class, with the string literal after it."""
    tree = ast.parse(source)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    options: list[Option] = []
    body = cls.body
    for position, node in enumerate(body):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        name = node.targets[0].id if isinstance(node.targets[0], ast.Name) else "?"
        doc = ""
        following = body[position + 1] if position + 1 < len(body) else None
        if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
            doc = inspect.cleandoc(str(following.value.value))
        options.append(Option(name, _kind(node.value, source), _default(node.value, source), doc))
    return options


def _kind(call: ast.Call, source: str) -> str:
    """A reader's word for the option's type: the choices, or the Python type."""
    func = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    if func == "Choice" and call.args:
        choices = call.args[0]
        if isinstance(choices, ast.Tuple):
            words = []
            for element in choices.elts:
                if isinstance(element, ast.Starred):
                    # `("auto", *LEVELS)`: spell the shared tuple out.
                    words.extend(getattr(plugin_config, ast.unparse(element.value), ()))
                else:
                    words.append(ast.literal_eval(element))
            return " \\| ".join(f"`{w}`" for w in words)
        return " \\| ".join(f"`{w}`" for w in getattr(plugin_config, ast.unparse(choices), ()))
    if func == "Setting" and call.args:
        return str(ast.literal_eval(call.args[0]))
    if func == "DictOfItems":
        return "mapping"
    text = ast.get_source_segment(source, call) or ""
    if "list" in text and "str" in text:
        return "list or string"
    if "(int, str)" in text:
        return "seconds or `H:MM:SS`"
    if "bool" in text:
        return "boolean"
    if "dict" in text:
        return "mapping"
    if "list" in text:
        return "list"
    return "string"


def _default(call: ast.Call, source: str) -> str:
    for keyword in call.keywords:
        if keyword.arg == "default":
            value = ast.literal_eval(keyword.value)
            if isinstance(value, bool):
                return f"`{str(value).lower()}`"
            if value == {}:
                return "none"
            return f"`{value}`"
    return "none"


def table(options: list[Option]) -> str:
    rows = ["| Option | Value | Default | What it does |", "| --- | --- | --- | --- |"]
    for option in options:
        doc = " ".join(option.doc.split()).replace("|", "\\|")
        # A name may break after `_` on a narrow screen, never inside a word (see guide.css).
        name = "_<wbr>".join(option.name.split("_"))
        rows.append(f'| <code class="pmn-option">{name}</code> | {option.kind} | {option.default} | {doc} |')
    return "\n".join(rows)
