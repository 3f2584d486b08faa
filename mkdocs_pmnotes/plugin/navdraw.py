"""Material's nav is drawn once per folder of generated pages, not once per generated page.

Material draws the whole nav into every page; with an automatic nav of a thousand notes
that is most of a page's render time, and the plugin adds a page per topic, episode and
source. Those pages are never in the nav, so no item of it is active on them and its
links differ only by where the page sits: two generated pages in one folder draw the same
nav, unless a nav page lies under one of them (then only pages whose links start from the
same folder do, such as `topics/a.html` and `topics/b.html` without directory URLs). The
theme's `partials/nav.html` is wrapped so that the first such page of a folder draws it and
the others are given that drawing.

Only for Material's own nav templates: an override in `custom_dir` may draw something
that depends on the page, so the nav is then drawn for every page, as without the plugin.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable

from jinja2 import ChoiceLoader, DictLoader, Environment, PrefixLoader
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

NAV = "partials/nav.html"
THEME = "pmnotes-theme"  # the theme's own templates, under a name the wrapper can include
# Partials whose drawing the nav is made of; an override of any of them turns drawing-once off.
PARTS = ("partials/nav.html", "partials/nav-item.html", "partials/logo.html", "partials/source.html")
WRAPPER = (
    "{%- set pmnotes_key = pmnotes_nav_key(page) -%}"
    "{%- if pmnotes_key is none -%}"
    '{% include "' + THEME + "/" + NAV + '" %}'
    "{%- elif pmnotes_nav_drawn(pmnotes_key) -%}"
    "{{ pmnotes_nav_get(pmnotes_key) }}"
    "{%- else -%}"
    '{%- set pmnotes_html -%}{% include "' + THEME + "/" + NAV + '" %}{%- endset -%}'
    "{{ pmnotes_nav_keep(pmnotes_key, pmnotes_html) }}"
    "{%- endif -%}"
)


class NavDrawings:
    """The nav as drawn for each folder of generated pages, for one build."""

    def __init__(self, generated: Iterable[str], nav: Navigation) -> None:
        self._generated = frozenset(generated)
        self._in_nav = {id(page) for page in nav.pages}
        self._under_nav = _folders_of(page.url for page in nav.pages)
        self._drawn: dict[str, Markup] = {}
        self.given = 0

    def key(self, page: object) -> str | None:
        """The folder whose drawing this page can share, or None to draw the nav for it alone."""
        if not isinstance(page, Page) or id(page) in self._in_nav or page.file.src_uri not in self._generated:
            return None
        base = _base(page.url)
        if base in self._under_nav:  # a nav page lies under it: only pages of this very base draw alike
            return f"base:{base}"
        return f"folder:{posixpath.dirname(base)}"

    @property
    def drawn(self) -> int:
        """How many times the nav was drawn for a folder this build."""
        return len(self._drawn)

    def is_drawn(self, key: str) -> bool:
        return key in self._drawn

    def get(self, key: str) -> Markup:
        self.given += 1
        return self._drawn[key]

    def keep(self, key: str, html: str) -> Markup:
        self._drawn[key] = Markup(html)
        return self._drawn[key]


def install(env: Environment, config: MkDocsConfig, drawings: NavDrawings) -> bool:
    """Wrap the theme's nav partial in `env`; False (and nothing changed) when it is not Material's own."""
    if config.theme.name != "material" or env.loader is None or _overridden(config):
        return False
    env.loader = ChoiceLoader([DictLoader({NAV: WRAPPER}), PrefixLoader({THEME: env.loader}), env.loader])
    env.globals.update(
        pmnotes_nav_key=drawings.key,
        pmnotes_nav_drawn=drawings.is_drawn,
        pmnotes_nav_get=drawings.get,
        pmnotes_nav_keep=drawings.keep,
    )
    return True


def _overridden(config: MkDocsConfig) -> bool:
    custom = config.theme.custom_dir
    return custom is not None and any(os.path.exists(os.path.join(custom, *part.split("/"))) for part in PARTS)


def _base(url: str) -> str:
    """The folder a page's relative links start from, as `mkdocs.utils.get_relative_url` takes it."""
    head, tail = posixpath.split(url)
    return (head if "." in tail else url).strip("/")


def _folders_of(urls: Iterable[str]) -> set[str]:
    """Every folder that holds a nav page, at any depth (a page's own URL counts as a folder)."""
    folders: set[str] = set()
    for url in urls:
        parts = url.strip("/").split("/")
        for end in range(1, len(parts) + 1):
            folders.add("/".join(parts[:end]))
    return folders
