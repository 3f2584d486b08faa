"""The Jinja templates of panels and generated pages, compiled once and rendered by name.

Each piece of markup a site may want to change (the "Linked from" panel, a generated
page's listing, the local graph, the line under a note's player) is a small template in
`templates/pmnotes/`. `Templates.over(env)` puts the package's folder last on the
environment's loader, so a site overrides a template by putting a file of the same name
on a folder the loader reads first: the MkDocs adapter passes the theme's environment,
whose first folder is `custom_dir`. Without one (the Markdown extension on its own),
`default_templates()` reads the package's templates only.

The templates print values through the `esc` filter, which escapes as `markup.esc`
does, not through Jinja's own (`&#34;` where the rest of the markup writes `&quot;`),
so the default output matches the markup of links and timestamps byte for byte.
"""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2

from ..core.clock import format_clock
from ..core.words import plural
from . import markup

FOLDER = Path(__file__).parent / "templates"
# Every template of the package, by name: a kind of generated page brings its own.
NAMES = tuple(sorted(path.stem for path in (FOLDER / "pmnotes").glob("*.html")))


class TemplateProblem(Exception):
    """A template that cannot be compiled or rendered, named by its file and line."""

    def __init__(self, name: str, filename: str | None, line: int | None, reason: str) -> None:
        super().__init__(name, filename, line, reason)
        self.name = name
        self.filename = filename
        self.line = line
        self.reason = reason

    def where(self, shown: str | None = None) -> str:
        """`file:line`, the file as `shown` (the caller may make it relative)."""
        where = shown or self.filename or self.name
        return f"{where}:{self.line}" if self.line else where

    def __str__(self) -> str:
        return f"template {self.where()}: {self.reason}"


def safe_href(href: str) -> str:
    """An href as an attribute value: kept in site, then escaped."""
    return markup.esc(markup.safe_href(href))


def path_of(name: str) -> str:
    """The loader's name of a template: `backlinks` is `pmnotes/backlinks.html`."""
    return f"pmnotes/{name}.html"


@dataclass
class Templates:
    """The templates of one build, each compiled once."""

    env: jinja2.Environment
    compiled: dict[str, jinja2.Template] = field(default_factory=dict)
    signature: str = ""  # which files and what text: a change re-renders pages under `--dirty`

    @classmethod
    def over(cls, env: jinja2.Environment) -> Templates:
        """The templates as `env` finds them, the package's own last; raises `TemplateProblem`."""
        package = jinja2.FileSystemLoader(str(FOLDER))
        env.loader = jinja2.ChoiceLoader([env.loader, package]) if env.loader is not None else package
        env.filters["esc"] = markup.esc
        env.filters["href"] = safe_href
        env.globals.update(link=markup.link, plural=plural, clock=format_clock)
        templates = cls(env)
        seen = hashlib.blake2b(digest_size=16)
        for name in NAMES:
            loaded = templates._compile(name)
            seen.update(f"{loaded.filename}\0".encode("utf-8", "surrogatepass"))
            seen.update(_source(env, name).encode("utf-8", "surrogatepass"))
            templates.compiled[name] = loaded
        templates.signature = seen.hexdigest()
        return templates

    def _compile(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(path_of(name))
        except jinja2.TemplateSyntaxError as error:
            raise _syntax_problem(error, name) from None
        except jinja2.TemplateError as error:
            raise TemplateProblem(path_of(name), None, None, str(error) or type(error).__name__) from None

    def render(self, name: str, **values: object) -> str:
        """Template `name` filled with `values`; raises `TemplateProblem` naming the file at fault."""
        template = self.compiled[name]
        try:
            return template.render(values)
        except jinja2.TemplateSyntaxError as error:  # an included template of the site's own
            raise _syntax_problem(error, name) from None
        except Exception as error:
            filename, line = _template_frame(error, template.filename)
            reason = f"{type(error).__name__}: {error}"
            raise TemplateProblem(path_of(name), filename, line, reason) from None


@lru_cache(maxsize=1)
def default_templates() -> Templates:
    """The package's own templates, for renderers without a theme (the Markdown extension)."""
    return Templates.over(jinja2.Environment(auto_reload=False))


def _source(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    return env.loader.get_source(env, path_of(name))[0]


def _syntax_problem(error: jinja2.TemplateSyntaxError, name: str) -> TemplateProblem:
    return TemplateProblem(error.name or path_of(name), error.filename, error.lineno, error.message or "")


def _template_frame(error: BaseException, fallback: str | None) -> tuple[str | None, int | None]:
    """The template file and line an error was raised at: Jinja rewrites its frames to them."""
    found: tuple[str | None, int | None] = (fallback, None)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith((".html", ".htm", ".j2", ".jinja")) or frame.filename == fallback:
            found = (frame.filename, frame.lineno)
    return found
