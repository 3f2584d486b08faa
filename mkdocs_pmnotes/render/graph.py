"""The local graph of a note or topic page: the page, what it links to and what links to it."""

from __future__ import annotations

import json
from collections.abc import Callable

from .site import NoteSite

Relative = Callable[[str, str], str]


def graph(
    site: NoteSite, url: str, relative: Relative, *, path: str | None = None, topic: str | None = None, limit: int = 24
) -> str:
    """The page, what it links to and what links to it, one hop away, weighted by links."""
    if not site.layout.graph:
        return ""
    nodes: list[dict[str, str | int]] = [
        {"title": title, "href": relative(target, url), "kind": group, "dir": direction, "links": links}
        for title, target, group, direction, links in graph_nodes(site, path, topic)
        if target != url
    ]
    if not nodes:
        return ""
    nodes.sort(key=lambda n: (-int(n["links"]), str(n["title"]).casefold()))
    me = site.titles.get(("topic", topic), topic) if topic is not None else site.title(path or "")
    drawn = {
        "title": me,
        "kind": "topic" if topic is not None else "note",
        "nodes": nodes[:limit],
        "more": max(len(nodes) - limit, 0),
    }
    return site.templates.render("graph", graph=drawn, graph_json=json.dumps(drawn, separators=(",", ":")))


def graph_nodes(site: NoteSite, path: str | None, topic: str | None) -> list[tuple[str, str, str, str, int]]:
    """(title, URL, kind, direction, links) of each neighbour the graph draws: all it shows of them."""
    nodes = []
    for kind, key, direction, links in site.neighbours(path, topic):
        if kind == "page":
            target, title = site.urls.get(key), site.title(key)
            group = "note" if site.is_note(key) else "page"
        else:
            source = key in site.source_urls
            target = site.source_urls.get(key) if source else site.topic_urls.get(key)
            title = site.titles.get(("source" if source else "topic", key), key)
            group = "topic"
        if target is not None:
            nodes.append((title, target, group, direction, links))
    return nodes


def graph_key(site: NoteSite, path: str | None, topic: str | None) -> tuple[object, ...]:
    """The change key of a page's graph: every neighbour as drawn, when the site draws graphs."""
    if not site.layout.graph:
        return ()
    return tuple(sorted(graph_nodes(site, path, topic)))
