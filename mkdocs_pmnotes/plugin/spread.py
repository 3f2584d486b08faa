"""`mkdocs build` reading a large site's episodes on every core.

Each episode's result (`GroupResult`) is made from its own notes and the index
alone, so forked workers can make them while MkDocs waits in `on_files`; the
build takes them in episode order, as one process would, and its pages are the
same byte for byte. `mkdocs serve` keeps to one process: it has threads of its
own, and an edit re-reads a few episodes at most.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from ..core.processes import forked_map, plan
from .serve.memo import GroupResult

Episode = Sequence[str]


def results(
    work: Callable[[Episode], GroupResult], episodes: Sequence[Episode], jobs: int | None
) -> Iterator[GroupResult]:
    """`work` of each episode, in their order; `jobs` processes (None: every CPU when it pays)."""
    chunks, count = plan(episodes, [len(e) for e in episodes], jobs)
    answers = forked_map(work, chunks, count) if count > 1 else None
    if answers is None:
        return map(work, episodes)  # one at a time, as they are taken
    return (result for chunk in answers for result in chunk)
