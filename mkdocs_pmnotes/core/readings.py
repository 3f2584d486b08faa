"""Choose one reading per anchor of a note, weighing every signal together.

Each anchor has a few readings (as written, minutes:seconds, its label, four
fields, nothing). Each reading has a cost: how unlikely the anchor is when read
so. Consecutive anchors add a cost when the second goes back in time (less
across a heading, where a note may turn to another part of the episode) and
when the writing style switches. The cheapest sequence of readings through the
note wins (a Viterbi pass: linear in the anchors). The costs are in nats, the
log-odds each signal stands for; PMN104's explanation lists them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .clock import JUNK_MAX, Clock, format_clock, is_padded, parse_clock
from .ends import Ends, describe
from .model import Anchor, Note

# The last field of a reading as minutes:seconds is padding: `:00` most often (the
# style's signature), a junk number otherwise. Real time spreads it over 00-59.
ZERO = math.log(0.6 * 60)  # `:00` is 36 times likelier as padding than as real time
LOW_JUNK = math.log(0.25 / 9 * 60)  # `:01`-`:09`
HIGH_JUNK = math.log(0.05 / 50 * 60)  # `:10`-`:59`: negative, real time is likelier
UNDER_A_MINUTE = 5.0  # `00:MM:SS` as minutes:seconds plays under a minute: rarely the moment meant
LABEL = 2.5  # the label names another time than `data-t`, which the link was built from
LABEL_AGAINST = 4.0  # a label that fits as written speaks against re-reading `data-t`
SIBLING_STYLE = 2.0  # a note too small to judge alone, on a video whose notes are shifted
SMALL_NOTE = 5  # anchors a note needs to show its own style
REAL_NOTE = 1.5  # per anchor, in a note whose last fields spread as real time's do ...
REAL_NOTE_ANCHORS, REAL_NOTE_PADDED = 10, 0.3  # ... over at least 10 anchors, at most 3 in 10 ending :00-:09
FOUR = 0.5
NOTHING = 6.0  # no reading at all: only when every other costs more
PAST_END = 2.0  # past the episode's known end ...
PAST_END_PER_HOUR = 2.0  # ... and more the further past it
BACK = {"paragraph": 4.0, "section": 2.5, "heading": 1.5}  # going back in time, by what lies between
BACK_PER_HOUR = 1.0  # ... and more the further back
BACK_TOLERANCE = 15
SWITCH = 4.0  # the note changes style
CLOSE = 120  # seconds apart as written: neighbours this close were written in one style
START_SHIFTED = 1.0  # a note starts in real time unless its anchors say otherwise
SIBLING = 5.0  # a sibling cites the same sentence at this reading's time
TOLERANCE = 15  # seconds within which two citations of a moment agree


@dataclass(frozen=True, slots=True)
class Cite:
    """A sibling's citation of the same sentence: where, and the second it plays there."""

    seconds: int
    name: str
    data_t: str


@dataclass(frozen=True, slots=True)
class Choice:
    """The reading chosen for one anchor: its kind (W, S, L, F or N), second and reason."""

    kind: str
    seconds: int | None
    why: str = ""
    scope: str = "anchor"


@dataclass(slots=True)  # not frozen: a site makes hundreds of thousands, and frozen ones cost twice to make
class _Option:
    kind: str
    seconds: int | None
    cost: float
    style: str  # "W" (real time) or "S" (minutes:seconds); "" for no reading
    written: int | None = None  # `data-t` as written, in seconds


SENTENCE_REACH = 1000  # characters before an anchor that its sentence may start
_WORD = re.compile(r"[^\W\d_]{4,}")
_TAG = re.compile(r"<[^<>]*>")
_SENTENCE_END = re.compile(r"[.!?]\s")
_NO_WORD = frozenset([""])  # what the split of no words at all gives
# The end of the last list item marker: the greedy `.*` finds the last from the end, where
# scanning every item from the paragraph's start costs more (items never overlap).
_LAST_ITEM = re.compile(r".*\n[ \t]*(?:[-*+]|\d+[.)])[ \t]", re.S)
# ASCII text, most of it, is read without the Unicode classes, which cost several times more:
# a sentence end is `[.!?]` then a space of `str.isspace` (as `\s`), a word a run of letters.
_ASCII_ENDS = "".join("." if c in ".!?" else " " if c.isspace() else "x" for c in map(chr, range(128)))
_ASCII_WORDS = "".join(c.lower() if c.isalpha() else " " for c in map(chr, range(128)))


def sentence_words(note: Note, anchor: Anchor) -> frozenset[str]:
    """The words of the sentence an anchor backs: the text just before it, in its paragraph."""
    text = note.text
    # Bounded: a note of one endless paragraph must not make each anchor read back to its start.
    floor = max(note.front.body_start, anchor.start - SENTENCE_REACH)
    start = max(floor, text.rfind("\n\n", floor, anchor.start))
    item = _LAST_ITEM.match(text, start, anchor.start)  # a list item starts a sentence
    before = text[item.end() if item else start : anchor.start]
    if "<" in before:
        before = _TAG.sub(" ", before)
    if before.isascii():
        end = before.translate(_ASCII_ENDS).rfind(". ")
        sentence = before[end + 2 :] if end >= 0 else before
        return frozenset([word for word in sentence.translate(_ASCII_WORDS).split() if len(word) >= 4])
    sentence = _SENTENCE_END.split(before)[-1]
    # Lowered together: lowering a word never makes a space, so the split gives each word lowered.
    return frozenset(" ".join(_WORD.findall(sentence)).lower().split(" ")) - _NO_WORD


def four_fields(value: str | None) -> Clock | None:
    """`01:00:37:00`: a three-field time with a padding field added."""
    if value is None:
        return None
    parts = value.strip().split(":")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() and len(p) <= 2 for p in parts):
        return None
    return parse_clock(":".join(parts[:3]))


def _shifted_cost(clock: Clock) -> float:
    last = clock.seconds
    cost = -(ZERO if last == 0 else LOW_JUNK if last <= JUNK_MAX else HIGH_JUNK)
    return cost + (UNDER_A_MINUTE if clock.hours == 0 else 0.0)


def _options(anchor: Anchor, ends: Ends, cites: Sequence[Cite], shifted_bonus: float) -> list[_Option]:
    clock = parse_clock(anchor.data_t) if anchor.problem is None else None
    end = ends.seconds
    # A `duration` is the video's length; a default or a lower bound may be short of it,
    # but past twice that no reading is believable.
    limit = end if ends.source == "duration" else 2 * end
    label = parse_clock(anchor.label) if anchor.problem is None else None
    other_label = label is not None and (clock is None or label.total != clock.total)
    against = LABEL_AGAINST if other_label and label is not None and label.total <= end else 0.0
    readings: list[tuple[str, int, float, str]] = []  # (kind, seconds, cost, style)
    if clock is not None:
        shifted = clock.hours * 60 + clock.minutes
        if clock.fields == 3 and shifted != clock.total:
            readings.append(("W", clock.total, 0.0, "W"))
            readings.append(("S", shifted, _shifted_cost(clock) - shifted_bonus + against, "S"))
        else:
            readings.append(("W", clock.total, 0.0, "*"))  # reads alike in either style
    elif anchor.problem is None:
        four = four_fields(anchor.data_t)
        if four is not None:
            readings.append(("F", four.total, FOUR + against, "W"))
    if other_label and label is not None:
        readings.append(("L", label.total, LABEL, "W"))
    written = clock.total if clock else None
    found: list[_Option] = []
    fits = False
    for kind, seconds, cost, style in readings:
        if seconds > limit:
            continue
        if seconds > end:
            cost += PAST_END + PAST_END_PER_HOUR * (seconds - end) / 3600
        else:
            fits = True
        if cites:
            cost += -SIBLING if any(abs(c.seconds - seconds) <= TOLERANCE for c in cites) else 0.0
        found.append(_Option(kind, seconds, cost, style, written))
    if not fits:
        found.append(_Option("N", None, NOTHING, ""))  # only when nothing fits the episode
    return found


def gaps(note: Note) -> list[str]:
    """What lies between each anchor and the one before it: paragraph, section or heading."""
    text, anchors = note.text, note.anchors
    kinds = ["heading"]
    for before, after in pairwise(anchors):
        between = text[before.end : after.start]
        if "\n#" in between:
            kinds.append("heading")
        elif "\n\n" in between or _BLOCK_START.search(between):
            kinds.append("section")
        else:
            kinds.append("paragraph")
    return kinds


_BLOCK_START = re.compile(r"\n[ \t]*(?:[-*+>][ \t]|\d+[.)][ \t])")


def choose(
    note: Note,
    end: Ends,
    cites: Sequence[Sequence[Cite]] | None,
    styled: str | None = None,
    between: Sequence[str] | None = None,
) -> list[Choice]:
    """The cheapest reading of every anchor, with why it was chosen where it is not as written.

    `styled` names a sibling written in shifted time, which speaks for that style in a
    note with too few anchors to show its own. `between` is the note's `gaps`, when known.
    """
    if not note.anchors:
        return []
    picked, options, styled = _pick(note.anchors, gaps(note) if between is None else between, end, cites, styled)
    return _explain(note, picked, options, end, cites, styled)


def plays(
    anchors: Sequence[Anchor],
    between: Sequence[str],
    end: Ends,
    cites: Sequence[Sequence[Cite]] | None,
    styled: str | None = None,
) -> list[int | None]:
    """The second each anchor plays, as `choose` reads it, without the reasons.

    `between` is the note's `gaps`: the text itself is not needed.
    """
    if not anchors:
        return []
    return [option.seconds for option in _pick(anchors, between, end, cites, styled)[0]]


def _pick(
    anchors: Sequence[Anchor],
    gaps: Sequence[str],
    end: Ends,
    cites: Sequence[Sequence[Cite]] | None,
    styled: str | None,
) -> tuple[list[_Option], list[list[_Option]], str | None]:
    """The cheapest readings, every anchor's options, and `styled` if it counted."""
    clocks = [c for c in (parse_clock(a.data_t) for a in anchors if a.problem is None) if c and c.fields == 3]
    small = len(clocks) < SMALL_NOTE
    bonus = SIBLING_STYLE if styled and small else 0.0
    if len(clocks) >= REAL_NOTE_ANCHORS and sum(is_padded(c) for c in clocks) <= REAL_NOTE_PADDED * len(clocks):
        bonus -= REAL_NOTE  # the note writes real time: a lone reading as minutes:seconds needs more
    options = [_options(a, end, cites[i] if cites else (), bonus) for i, a in enumerate(anchors)]
    # Viterbi: best[i][k] is the cheapest cost of a reading sequence ending in option k at
    # anchor i; carry[i][k] the last option with a time on it, since across an anchor that
    # plays nothing, order is judged against the one before it. The step between two
    # readings (`_step`) is written out here: this loop runs a million times a site.
    best = [[o.cost + (START_SHIFTED if o.style == "S" else 0.0) for o in options[0]]]
    carry: list[list[_Option | None]] = [[o if o.seconds is not None else None for o in options[0]]]
    back: list[list[int]] = [[-1] * len(options[0])]
    for i in range(1, len(options)):
        row, links, carried = [], [], []
        gap = gaps[i]
        back_cost = BACK[gap]
        paragraph = gap == "paragraph"
        before_best, before_carry = best[i - 1], carry[i - 1]
        for option in options[i]:
            pick, cost = 0, math.inf
            seconds = option.seconds
            if seconds is None:
                for k, total in enumerate(before_best):
                    if total < cost:
                        pick, cost = k, total
            else:
                style, written = option.style, option.written
                for k, total in enumerate(before_best):
                    before = before_carry[k]
                    if before is not None:
                        assert before.seconds is not None
                        step = 0.0
                        if before.style != style and before.style != "*" and style != "*":
                            step = SWITCH
                            # Two anchors of one paragraph written a minute apart are one style: splitting them costs twice.
                            if paragraph and before.written is not None and written is not None:
                                step += SWITCH if abs(before.written - written) <= CLOSE else 0.0
                        if seconds < before.seconds - BACK_TOLERANCE:
                            step += back_cost + BACK_PER_HOUR * (before.seconds - seconds) / 3600
                        total += step
                    if total < cost:
                        pick, cost = k, total
            row.append(cost + option.cost)
            links.append(pick)
            carried.append(option if seconds is not None else before_carry[pick])
        best.append(row)
        back.append(links)
        carry.append(carried)
    path = [min(range(len(best[-1])), key=best[-1].__getitem__)]
    for i in range(len(options) - 1, 0, -1):
        path.append(back[i][path[-1]])
    path.reverse()
    picked = [options[i][k] for i, k in enumerate(path)]
    return picked, options, styled if bonus else None


def _explain(
    note: Note,
    picked: list[_Option],
    options: list[list[_Option]],
    end: Ends,
    cites: Sequence[Sequence[Cite]] | None,
    styled: str | None,
) -> list[Choice]:
    last = end.seconds
    # Most notes play every anchor as written: nothing to explain, and nothing made twice.
    if all(o.kind == "W" and o.seconds is not None and o.seconds <= last for o in picked):
        return [_as_written(o.seconds) for o in picked]  # type: ignore[arg-type]
    shifted = [i for i, o in enumerate(picked) if o.kind == "S"]
    timed = sum(1 for o in picked if o.seconds is not None and o.style != "*")
    whole = bool(shifted) and len(shifted) == timed and len(shifted) >= SMALL_NOTE
    context = _Context(note, picked)
    note_style = _note_style(note) if whole else ""
    found = []
    for i, option in enumerate(picked):
        if option.kind == "W" and option.seconds is not None and option.seconds <= last:
            found.append(_as_written(option.seconds))
            continue
        scope = "anchor"
        if option.kind == "S" and whole:
            reasons, scope = [note_style], "note"
        else:
            reasons = _reasons(note, i, context, options[i], end, cites[i] if cites else ())
        if option.kind == "S" and styled and scope == "anchor":
            reasons.append(f"too few anchors to judge alone, and {styled} on the same video is written so")
        elif option.kind == "S" and scope == "anchor":
            reasons += context.stretch(i)
        found.append(Choice(option.kind, option.seconds, "; ".join(reasons), scope))
    return found


_WRITTEN: dict[int, Choice] = {}


def _as_written(seconds: int) -> Choice:
    """The choice of a time played as written: one per second, shared (it is frozen)."""
    choice = _WRITTEN.get(seconds)
    if choice is None:
        if len(_WRITTEN) > 100_000:
            _WRITTEN.clear()
        choice = _WRITTEN[seconds] = Choice("W", seconds)
    return choice


class _Context:
    """Each anchor's timed neighbours and stretch of shifted writing, found in one pass each."""

    def __init__(self, note: Note, picked: list[_Option]) -> None:
        self.note, self.picked = note, picked
        count = len(picked)
        self.prev: list[int | None] = [None] * count
        self.next: list[int | None] = [None] * count
        last: int | None = None
        for i in range(count):
            self.prev[i] = last
            if picked[i].seconds is not None:
                last = i
        last = None
        for i in range(count - 1, -1, -1):
            self.next[i] = last
            if picked[i].seconds is not None:
                last = i
        # A stretch: anchors read as minutes:seconds, with those that play nothing between them.
        self.stretches: list[tuple[int, int, int]] = []  # (first, last, how many read so)
        self.of: dict[int, int] = {}
        i = 0
        while i < count:
            if picked[i].style not in ("S", ""):
                i += 1
                continue
            j = i
            while j + 1 < count and picked[j + 1].style in ("S", ""):
                j += 1
            shifted = sum(1 for o in picked[i : j + 1] if o.kind == "S")
            for k in range(i, j + 1):
                self.of[k] = len(self.stretches)
            self.stretches.append((i, j, shifted))
            i = j + 1

    def stretch(self, i: int) -> list[str]:
        """The stretch of minutes:seconds writing anchor `i` belongs to."""
        first, last, count = self.stretches[self.of[i]]
        if count < 2:
            clock = parse_clock(self.note.anchors[i].data_t)
            if clock is not None and clock.seconds == 0:
                return ["its last field `:00` is padding"]
            return []
        top, bottom = self.note.anchors[first].line, self.note.anchors[last].line
        lines = f"line {top}" if top == bottom else f"lines {top}-{bottom}"
        return [f"one of {count} anchors on {lines} written as minutes:seconds"]


def _written(options: list[_Option]) -> _Option | None:
    return next((o for o in options if o.kind == "W"), None)


def _reasons(
    note: Note, i: int, context: _Context, options: list[_Option], end: Ends, cites: Sequence[Cite]
) -> list[str]:
    anchor, option = note.anchors[i], context.picked[i]
    written = _written(options)
    clock = parse_clock(anchor.data_t) if anchor.problem is None else None
    reasons = []
    where = describe(end.seconds, end.source)
    if option.kind == "N":
        if clock is None:
            return ["it is not a clock time and no other reading fits"]
        return [f"as written it is past the end of the episode ({where}) and no other reading fits"]
    if option.kind == "W":
        return [f"past the end of the episode ({where}), but in order with the anchors around it"]
    if option.kind == "F":
        reasons.append("four fields: the last is padding")
    if clock is not None and (written is None or clock.total > end.seconds):
        reasons.append(f"as written it is past the end of the episode ({where})")
    if option.seconds is not None:
        for cite in cites:
            if abs(cite.seconds - option.seconds) <= TOLERANCE:
                reasons.append(f"{cite.name} on the same video cites the same sentence at {format_clock(cite.seconds)}")
                break
    order = _order(note, i, context, written)
    if order:
        reasons.append(order)
    if option.kind == "L" and not reasons:
        reasons.append("the label fits the anchors around it better than `data-t`")
    return reasons


def _order(note: Note, i: int, context: _Context, written: _Option | None) -> str:
    """Why order favours this reading over the written one, if it does."""
    picked = context.picked
    option = picked[i]
    prev, nxt = context.prev[i], context.next[i]
    if written is None or written.seconds is None or option.seconds is None:
        return ""

    def fits(seconds: int) -> bool:
        ok = True
        if prev is not None:
            ok &= seconds >= (picked[prev].seconds or 0) - BACK_TOLERANCE
        if nxt is not None:
            ok &= seconds <= (picked[nxt].seconds or 0) + BACK_TOLERANCE
        return ok

    if not fits(option.seconds) or fits(written.seconds) or (prev is None and nxt is None):
        return ""
    around = [
        f"{note.anchors[j].data_t} ({format_clock(picked[j].seconds or 0)})" for j in (prev, nxt) if j is not None
    ]
    return f"it stands in order next to {' and '.join(around)}, which {format_clock(written.seconds)} would break"


def _note_style(note: Note) -> str:
    clocks = [c for c in (parse_clock(a.data_t) for a in note.anchors) if c and c.fields == 3]
    zeros = sum(1 for c in clocks if c.seconds == 0)
    padded = sum(1 for c in clocks if is_padded(c))
    top = max((c.hours for c in clocks), default=0)
    if zeros * 4 >= len(clocks) * 3:
        text = f"{zeros} of {len(clocks)} anchors in this note end in :00"
    else:
        text = f"{padded} of {len(clocks)} anchors in this note end in :00-:09"
    return f"{text} and the hours field reaches {top}: the whole note is written so"
