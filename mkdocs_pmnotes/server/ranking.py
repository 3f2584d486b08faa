"""Which notes and topics completion offers after `[[`, in which order.

Notes are ranked by how close a name is to the typed text (`names`: starts with it,
a word starts with it, contains it, has its letters in order); then by how near the
note is to the one being written: in its folder, opened recently, linked from it;
then by how often the site links to it. Topics that have no note yet come by their
mentions among the notes nobody is near.

On a large site the names are tables built once per index (`Tables`); a page changed
since (a title typed, a file created) is judged on its own until the next build.
"""

from __future__ import annotations

import heapq
import posixpath
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lsprotocol import types

from ..core.index import Page
from ..core.slugs import loose_key
from .buffer import Buffer
from .link_graph import NO_LINKS
from .names import LETTERS, PREFIX, Names, tier_of
from .positions import Lines
from .workspace import Workspace

LIMIT = 100
SMALL = 4000  # candidates ranked one by one; more are walked in link-count order
MARGIN = 20  # candidates kept beyond the limit, to be ranked by their counts of now
REBUILD = 500  # pages changed since the tables were built before they are built again
FUZZY_FROM = 3  # letters typed before names with those letters in order (not together) are offered


@dataclass
class Table:
    """Names and what they stand for, sorted by key, with a ranking by link count."""

    names: Names
    items: list[tuple[str, object]]  # per entry: (the name as written, what it names)
    rank: list[int]  # per entry: its place by link count at build time (0 first)
    order: list[int]  # entries by that place
    folder_of: list[int] = field(default_factory=list)  # per entry: its folder's number
    folder_ids: dict[str, int] = field(default_factory=dict)  # folder -> its number
    folders: list[list[int]] = field(default_factory=list)  # per folder number: its entries by place
    by_path: dict[str, list[int]] = field(default_factory=dict)  # page -> its entries

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, object, int, str]]) -> Table:
        """`rows`: (key, name as written, what it names, its link count, its folder)."""
        ordered = sorted(rows, key=lambda row: row[0])
        by_count = sorted(range(len(ordered)), key=lambda i: (-ordered[i][3], len(ordered[i][1]), ordered[i][1]))
        rank = [0] * len(ordered)
        for place, entry in enumerate(by_count):
            rank[entry] = place
        folder_ids: dict[str, int] = {}
        folder_of = [folder_ids.setdefault(row[4], len(folder_ids)) for row in ordered]
        folders: list[list[int]] = [[] for _ in folder_ids]
        for entry in by_count:
            folders[folder_of[entry]].append(entry)
        by_path: dict[str, list[int]] = {}
        for entry, row in enumerate(ordered):
            if isinstance(row[2], Page):
                by_path.setdefault(row[2].path, []).append(entry)
        items = [(row[1], row[2]) for row in ordered]
        names = Names([row[0] for row in ordered])
        return cls(names, items, rank, by_count, folder_of, folder_ids, folders, by_path)


@dataclass
class Tables:
    """Completion's tables of one workspace, and the state of the index they were built from."""

    epoch: int
    generation: int
    pages: Table
    topics: Table
    link_version: int
    keys: dict[str, str]  # name -> loose key, kept across builds


# Each workspace's tables, kept by this feature for as long as the workspace lives.
_TABLES: weakref.WeakKeyDictionary[Workspace, Tables] = weakref.WeakKeyDictionary()


def _tables(ws: Workspace) -> Tables:
    old = _TABLES.get(ws)
    touched = 0 if old is None else sum(1 for at in ws.touched.values() if at > old.generation)
    if old is not None and old.epoch == ws.epoch and touched <= REBUILD:
        return old
    keys: dict[str, str] = dict(old.keys) if old is not None else {}
    for path, loose in ws.name_keys.items():
        page = ws.pages.get(path)
        if page is not None:
            keys.update(zip(page.names, loose, strict=False))
    mentions = {key: ws.graph.mentions(key) for key, _ in ws.graph.spellings()} if ws.linked else {}
    rows: list[tuple[str, str, object, int, str]] = []
    for page in ws.pages.values():
        folder = page.folder
        named: dict[str, str] = {}  # each distinct key -> the first name with it
        for name in page.names:
            key = keys.get(name)
            if key is None:
                key = keys[name] = loose_key(name)
            if key:
                named.setdefault(key, name)
        count = sum(mentions.get(key, 0) for key in named)  # links by any of its names
        rows.extend((key, name, page, count, folder) for key, name in named.items())
    topic_rows = []
    if ws.linked:
        for key, written in ws.graph.spellings():
            # A key some page answers to is no topic: most links are, and need no resolving.
            if ws.index.knows(key) or key in ws.graph.sources:
                continue
            target = max(written, key=written.__getitem__)  # the most common spelling
            if ws.is_missing(key, target):
                topic_rows.append((key, target, key, mentions.get(key, 0), ""))
    tables = Tables(ws.epoch, ws.generation, Table.build(rows), Table.build(topic_rows), ws.link_version, keys)
    _TABLES[ws] = tables
    return tables


def warm(ws: Workspace) -> None:
    """Build completion's tables ahead of time: the first completion should not pay for them."""
    _tables(ws)


class _Near:
    """How near each page is to the note being written: in its folder, opened recently, linked from it."""

    def __init__(self, ws: Workspace, buffer: Buffer) -> None:
        self.folder = posixpath.dirname(buffer.name)
        self.recent = set(ws.recent) - {buffer.name}
        linked = set()
        for target in ws.graph.links.get(buffer.name, NO_LINKS).targets:
            page = ws.index.resolve(target, buffer.name).page if target else None
            if page is not None:
                linked.add(page.path)
        self.linked = linked

    def __call__(self, page: Page) -> int:
        return (page.folder == self.folder) + (page.path in self.recent) + (page.path in self.linked)

    def key(self, table: Table) -> Callable[[int], tuple[int, int]]:
        """An entry's sort key in `table`: nearer first, then by link count."""
        folder = table.folder_ids.get(self.folder, -1)
        boost: dict[int, int] = {}
        for e in self.boosted(table):
            boost[e] = boost.get(e, 0) + 1
        get, folder_of, rank = boost.get, table.folder_of, table.rank
        return lambda e: (-(folder_of[e] == folder) - get(e, 0), rank[e])

    def boosted(self, table: Table) -> list[int]:
        return [e for path in (*self.recent, *self.linked) for e in table.by_path.get(path, ())]


def _best_of(table: Table, candidates: range | list[int], need: int, near: _Near | None) -> list[int]:
    """The `need` best entries of `candidates` by nearness (for pages), then link count."""
    rank = table.rank
    if isinstance(candidates, list) or len(candidates) <= SMALL:
        return heapq.nsmallest(need, candidates, key=rank.__getitem__ if near is None else near.key(table))
    # Many candidates (a short prefix): walk the entries in link-count order, the folder's
    # first, and take the boosted pages (few) directly; enough of each to fill the list.
    lo, hi = candidates.start, candidates.stop
    picked: list[int] = []
    walks = [table.order]
    if near is not None:
        picked.extend(e for e in near.boosted(table) if lo <= e < hi)
        folder = table.folder_ids.get(near.folder)
        if folder is not None:
            walks.insert(0, table.folders[folder])
    for walk in walks:
        taken = 0
        for entry in walk:
            if lo <= entry < hi:
                picked.append(entry)
                taken += 1
                if taken >= need:
                    break
    picked = list(dict.fromkeys(picked))
    if near is None:
        return picked[:need]
    return heapq.nsmallest(need, picked, key=near.key(table))


def targets(
    ws: Workspace, buffer: Buffer, lines: Lines, start: int, typed: str, offset: int, closing: str
) -> types.CompletionList:
    """The notes and topics for `typed` (what follows `[[`, from `start` to `offset`), best first.

    `is_incomplete` is set whenever more would match than are offered, or the links are
    not all read yet: the client then asks again as the author types."""
    query = loose_key(typed)
    tables = _tables(ws)
    near = _Near(ws, buffer)
    changed = {path for path, at in ws.touched.items() if at > tables.generation}
    # Per page and topic: (tier, nearness, link count) and the name that matched.
    pages: dict[str, tuple[int, int, int, str, Page]] = {}
    topics: dict[str, tuple[int, int, tuple[str, int]]] = {}
    cut = False
    for tier in range(LETTERS + 1):
        if len(pages) + len(topics) >= LIMIT:
            cut = True  # matches of later tiers are not even looked for
            break
        need = LIMIT - len(pages) - len(topics) + MARGIN
        for table, is_page in ((tables.pages, True), (tables.topics, False)):
            candidates: range | list[int]
            if tier == PREFIX:
                candidates = table.names.prefixed(query)
            elif not query:
                continue
            elif tier == LETTERS and len(query) < FUZZY_FROM:
                cut = True  # more letters may find more: the client asks again
                continue
            else:
                candidates = list(table.names.matches(query, tier))
            chosen = _best_of(table, candidates, need, near if is_page else None)
            cut = cut or len(candidates) > len(chosen)
            for entry in chosen:
                name, what = table.items[entry]
                if isinstance(what, Page):
                    if ws.pages.get(what.path) is not what or what.path in pages or what.path == buffer.name:
                        continue  # changed since the build (judged below), already ranked, or this note
                    pages[what.path] = (tier, near(what), ws.page_mentions(what), name, what)
                elif isinstance(what, str) and what not in topics:
                    live = _topic(ws, what)
                    if live is not None:
                        topics[what] = (tier, *live)
    # Pages changed since the tables were built, and topics named since: judged one by one.
    for path in changed:
        page = ws.pages.get(path)
        if page is None or path == buffer.name:
            continue
        found = [(at, n) for n in page.names if (at := tier_of(query, loose_key(n))) is not None]
        if found:
            closest, name = min(found, key=lambda t: t[0])
            if path not in pages or closest < pages[path][0]:
                pages[path] = (closest, near(page), ws.page_mentions(page), name, page)
    if ws.linked and ws.link_version != tables.link_version:
        for key in ws.graph.born_since(tables.link_version):
            born = tier_of(query, key)
            live = _topic(ws, key) if born is not None and key not in topics else None
            if live is not None and born is not None:
                topics[key] = (born, *live)
    ranked: list[tuple[int, int, int, int, str, int]] = []  # (tier, -near, -count, length, name, index)
    shown: list[tuple[str, Page | None, int]] = []  # (name, page, notes for a topic)
    for tier, nearness, count, name, page in pages.values():
        ranked.append((tier, -nearness, -count, len(name), name, len(shown)))
        shown.append((name, page, 0))
    for tier, mentions, (target, notes) in topics.values():
        ranked.append((tier, 0, -mentions, len(target), target, len(shown)))
        shown.append((target, None, notes))
    top = heapq.nsmallest(LIMIT, ranked)
    cut = cut or len(ranked) > LIMIT
    replace = lines.range(start, offset)
    lead = typed[: len(typed) - len(typed.lstrip())]
    items = [_item(ws, buffer, shown[r[5]], -r[2], rank, lead, replace, closing) for rank, r in enumerate(top)]
    return types.CompletionList(is_incomplete=cut or not ws.linked, items=items)


def _topic(ws: Workspace, key: str) -> tuple[int, tuple[str, int]] | None:
    """(mentions, (spelling, notes)) of a link key that names no page, as the links are now; None otherwise."""
    written = ws.graph.spelled(key)
    if not written or key in ws.graph.sources:
        return None
    target = max(written, key=written.__getitem__)
    if not ws.is_missing(key, target):
        return None
    return sum(written.values()), (target, len(ws.graph.named(key)))


def _item(
    ws: Workspace,
    buffer: Buffer,
    entry: tuple[str, Page | None, int],
    count: int,
    rank: int,
    lead: str,
    replace: types.Range,
    closing: str,
) -> types.CompletionItem:
    name, page, notes = entry
    if page is not None:
        insert = _target_for(ws, page, buffer.name)
        detail = f"{page.path} · linked {count}×" if count else page.path
        label = page.title or page.stem
        kind = types.CompletionItemKind.File
        documentation = name if name != label else None
    else:
        insert, label, kind, documentation = name, name, types.CompletionItemKind.Reference, None
        plural = "s" if count != 1 else ""
        detail = f"{count} mention{plural} in {notes} note{'s' if notes != 1 else ''}, no note yet"
    return types.CompletionItem(
        label=label,
        kind=kind,
        detail=detail,
        documentation=documentation,
        filter_text=lead + name,
        sort_text=f"{rank:05d}",
        text_edit=types.TextEdit(range=replace, new_text=insert + closing),
    )


def _target_for(ws: Workspace, page: Page, from_name: str) -> str:
    """The shortest target that resolves to `page` from this note: its stem, else its path."""
    if ws.index.resolve(page.stem, from_name).page == page:
        return page.stem
    return posixpath.splitext(page.path)[0]
