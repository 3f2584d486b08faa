"""Generate a deterministic site of synthetic notes in the seed format, for the benchmarks.

The notes mimic a real collection of podcast transcript notes (see `seeds/`):
- YAML front matter with `title` and `videoId`, a `From: [[lennyspodcast]] <br/> ` line,
  `##`/`###` headings, about 11 KB of claims per note, each claim followed by a
  `<a class="yt-timestamp" data-t="HH:MM:SS">[HH:MM:SS]</a>` anchor;
- episode notes named `NNN_<hex>.md` and topic notes named by the note generator's rule
  (letters, digits and spaces kept, spaces to `_`, lowercased), so links resolve by stem;
- links written `[[slug | label]]` (mostly with spaces), some by title
  ("AI product management strategies"), about one in five dangling;
- claim sentences varied enough that two about different moments rarely share most of
  their words (each names its own artefact and company), because the reader takes two
  notes on one video citing the same sentence as citing the same moment;
- some notes sharing a `videoId`, each note with its own way of writing time:
  - real clock time, `HH:MM:SS` (most notes);
  - shifted: minutes:seconds written as hours:minutes, `06:33:00` for 6 min 33 s, with a
    junk last field on some anchors (`06:33:07`; in a quarter of these notes the junk is
    anything from 01 to 59, `02:30:17`), some on a video shared with real-time notes;
  - mixed: real time, then a stretch of `MM:SS:00`, then (mostly) real time again;
  - stream: a video that really runs 3 to 4 hours, with two or three real-time notes that
    each cite moments past 3:00:00;
  - four: four-field times, a real time with `:00` appended (`01:00:37:00`);
  - label: a real-time note edited by hand, where some labels and `data-t` disagree
    (a typo in the label, a stale or zeroed `data-t`, one side converted and not the other);
- on a shared video, about a third of a later note's claims cite a moment an earlier note
  cites, in the same sentence or nearly (a lead-in added, the closing clause dropped), the
  time written in the later note's own way;
- a few planted defects (mojibake, U+FFFD, zero-width space, double-escaped entity,
  timestamp label mismatch) so the linter has work to do;
- with `--problems` (off by default: without it the bytes are those of earlier versions),
  the real problems a large collection carries, each an error to the linter, in about a
  fifth of the notes: stray four-field times in a real-time note (`01:00:37:00`), a title
  with an unquoted colon that breaks the front matter, an anchor whose `</a>` was cut off,
  a `[[` never closed, a URL pasted as the `videoId`. They are planted with a random
  generator of their own, so the notes are otherwise the same bytes as without them;
- with `--channel` (off by default, like `--problems`), the channel's own note,
  `lennyspodcast.md`, which every `From: [[lennyspodcast]]` line then links to: for most
  videos a heading naming the episode, `### [Title](https://www.youtube.com/watch?v=ID)`,
  then the list of that episode's notes, as real channel notes do (96 of 100 videos named
  in a real one); the plugin titles the episodes from it. The notes are the same bytes.
- with `--reader` (off by default), what else real notes hold, in about a fifth of the
  notes, as a block after the note's own text: an Obsidian callout of each kind (titled,
  folded `-`, open `+`, nested) with links and a timestamp inside; an admonition and a
  content tab whose bodies (after a blank line) hold links; a timestamp wrapped in a
  Markdown link (`[00:40:58](<a class="yt-timestamp" ...>[00:40:58]</a>)`); times written
  as plain text (`[00:26:08]`, `[00:54:00, 01:06:00]`); and a link whose label holds "vs.".
  The site's `mkdocs.yml` then enables `admonition`, `pymdownx.details`,
  `pymdownx.superfences` and `pymdownx.tabbed`. The block's anchors are not in
  `timestamps.jsonl`; the notes' own text is the same bytes.
- with `--folders F` (off by default), the notes spread over F folders as a real collection
  keeps them, one folder per channel: the notes of one video in one folder, folders of
  uneven size (a third of them about five times the usual, some small), each note's
  `From:` line naming its folder's channel, and a few folder names as real ones are
  written (a dot, an underscore, one in forty wrapped in the invisible U+2068/U+2069
  isolates). The notes' other bytes are the same as without the option; with `--channel`
  each folder gets its channel's note.
- with `--collection` (off by default), the proportions of a real collection of twenty
  thousand notes where they differ from the seeds' (21,273 notes: 741,000 anchors, 20,003
  missing topics, 6,196 videos; 8,557 real-note skeletons for the shapes): most videos have
  one note, but most notes share theirs with four or nine others (3.4 notes a video); 4 to
  120 anchors a note, 40 on average; about one missing topic per note (N, not N/4). The
  notes are then other notes.

`truth.json` records each video's real length and each note's writing style and planted
defects (and, with `--problems`, its planted problems; with `--channel`, each video's
title as the channel's note writes it, under "titles"). `timestamps.jsonl` records every
anchor's true second, one JSON object a line:

    {"path":"docs/008_4ab2d2ba94c2629d.md","line":8,"data_t":"01:42:00","occurrence":0,
     "label":"01:42:00","seconds":102,"fitting":true,"style":"shifted","pattern":"shifted",
     "true_from":"both"}

An anchor is found by `path` (as `pmnotes timestamps docs` prints it from the site's
folder), `line` (1-based), `data_t` as written and `occurrence` (0 for the first anchor
with that `data_t` on that line, 1 for the next, ...). `fitting` says whether the true
second is one of the readings a reader can make: `data-t` as written, `data-t` as
minutes:seconds, the label as written, or the first three of four fields. `style` is the
note's (real, shifted, mixed, stream, four, label), `pattern` the anchor's (real, late,
shifted, junk, wide_junk, four, label_typo, stale_data_t, zero_data_t, fixed_data_t,
fixed_label), and `true_from` which side holds the true time when label and `data-t`
disagree (`data_t` or `label`; `both` when they agree).

It also writes two MkDocs configs over the same `docs/`: `mkdocs.yml` (Material, with
the plugin: `plugins: [search, pmnotes]`) and `mkdocs-plain.yml` (Material, `search`
only). Both set a one-page `nav:`. Material renders the whole nav into every page, so
an automatic nav of N pages makes any large site cost N x N, with or without plugins;
the benchmark would then measure Material's nav, not the notes. Every note is still
built: pages left out of the nav are rendered all the same.

Usage: python benchmarks/generate.py OUT_DIR --notes 2000 --seed 1 [--problems] [--channel] [--reader]
       [--folders 80] [--collection]
Same arguments, same bytes: the only randomness is a seeded `random.Random`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import string
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

DANGLING_SHARE = 0.2  # real collections: about one link in five names a page that does not exist
SHIFTED_SHARE = 1 / 9  # real collections: about one note in nine is written in MM:SS:00
JUNK_SHARE = 0.15  # anchors of a shifted note whose last field is junk (01-09), not 00
# Seed 004 writes `01:02:15` and `01:00:43` among its `MM:SS:0J` anchors: the junk is not
# always 01-09. In such notes the last field says nothing, and a reader cannot tell
# `02:30:17` from real time by its seconds.
WIDE_JUNK_SHARE = 1 / 4  # of the shifted notes
WIDE_JUNK_RATE = 0.3  # anchors of such a note with a junk field; seed 004 has two in five
MIXED_SHARE = 1 / 25  # real HH:MM:SS with a stretch of MM:SS:00 inside
# Most mixed notes come back to real time after the stretch (a paragraph pasted from a
# shifted note); the rest stay shifted to the end, as if the writer changed habit.
MIXED_BACK_SHARE = 2 / 3
# Conference streams and long interviews are rare, but two real-time notes citing moments
# past 3:00:00 are the only evidence that an episode runs that long; 1 episode in 50 gives
# a 1,000-note site a few dozen such notes, enough for a share.
STREAM_SHARE = 1 / 50  # of the episodes
STREAM_MIN, STREAM_MAX = 3 * 3600 + 10 * 60, 4 * 3600
STREAM_LATE_MIN = 2  # anchors past 3:00:00 in every note on a stream, so each one testifies
LATE = 3 * 3600  # the end a reader assumes when nothing shows the episode is longer
# Four-field times (`01:00:37:00`) turn up in a few notes: a real time with the shifted
# writer's `:00` appended. Not every anchor of such a note has it.
FOUR_SHARE = 1 / 100
FOUR_RATE = 0.7
# Notes edited by hand after they were written, where a label and its data-t disagree.
# Rare, but each kind says something different about which side to trust.
LABEL_SHARE = 1 / 50
LABEL_RATE = 0.2  # anchors of such a note that disagree; at least one
LABEL_KINDS = {
    "label_typo": 30,  # data-t true, the label's seconds mistyped
    "stale_data_t": 25,  # label retimed, data-t left as the previous anchor's
    "zero_data_t": 15,  # label true, data-t a 00:00:00 placeholder never filled in
    "fixed_data_t": 15,  # data-t converted to real time, the label left as MM:SS:00
    "fixed_label": 15,  # the label converted to real time, data-t left as MM:SS:00
}
SHIFTED_MAX = 99 * 60  # MM:SS:00 cannot write a minute past 99 in a two-digit hours field
TRUTH = "truth.json"
LOCAL_REVISITS = 10  # one local swap per ten anchors: about one step in ten goes back a little
FAR_REVISIT_SHARE = 0.3  # notes with one distant swap: real notes go back 30 min or more 0.8% of steps
ANCHORS = "timestamps.jsonl"
EPISODE_MIN, EPISODE_MAX = 35 * 60, 115 * 60
SHIFTED_POSSIBLE = (SHIFTED_MAX - EPISODE_MIN) / (EPISODE_MAX - EPISODE_MIN)
TOPIC_SHARE = 0.6  # notes named by the generator rule; the rest are NNN_<hex>.md episodes
DEFECT_RATES = {"mojibake": 0.01, "replacement": 0.005, "zero_width": 0.01, "entity": 0.005, "label": 0.01}
# With `--problems`: the share of notes carrying each real problem (all errors to the linter).
# A real collection of 1,026 notes logged 555 lines of such problems; these plant a few
# hundred in 1,000 notes, beside the four-field notes the generator always writes.
PROBLEM_RATES = {
    "four_field": 0.08,  # a few anchors of a real-time note with the shifted writer's `:00` appended: PMN101
    "colon_title": 0.03,  # `title: Episode 12: ...`, not valid YAML: PMN401, the note built as plain text
    "unclosed_anchor": 0.06,  # one anchor's `</a>` cut off in a paste: PMN106
    "unclosed_link": 0.04,  # one `[[` never closed: PMN202
    "url_video": 0.01,  # `videoId: https://youtu.be/...`: PMN403
}
FOUR_FIELD_MAX = 4  # stray four-field anchors in such a note
# With `--channel`: the videos the channel's note names; a real one named 96 of its 100.
CHANNEL_NAMED = 0.96
CHANNEL = "lennyspodcast"
GUESTS = (
    "Shreyas Doshi", "Maya Lindqvist", "Tomás Herrera", "Aiko Tanaka", "Priya Raman", "Jonah Weiss",
    "Elena Petrova", "Kwame Mensah", "Sofia Almeida", "Noor Haddad", "Lukas Brandt", "Grace O'Neill",
)  # fmt: skip
# With `--folders`: channels of three sizes, as in a real collection of 81 folders (the real
# skeletons: thirteen channels of about 480 notes, thirteen of about 100, a few under 60).
FOLDER_SIZES = ((5.0, 0.35), (1.0, 0.5), (0.3, 0.15))  # (weight, share of the folders)
ISOLATED_EVERY = 40  # one folder name in forty wrapped in U+2068 ... U+2069, as a real one is
# With `--collection`: notes per video, as real collections have them. The 8,557 real-note
# skeletons: 1,792 videos with one note, 866 with five, 160 with ten, 55 with nine, a few
# others; the 21,273-note collection has 3.4 notes a video.
EPISODE_SIZES = {1: 53, 2: 1, 3: 1, 4: 2, 5: 31, 8: 1, 9: 2, 10: 9}
# Anchors per note, between twenty-quantiles of the real skeletons (0 to 2,083, 40 on
# average, 35 in the middle, one note in twenty above 90): a bucket drawn, then a count
# within it. Four at least, which the writer needs; the longest tail left out.
ANCHOR_QUANTILES = (4, 4, 9, 13, 17, 21, 25, 29, 32, 35, 39, 43, 46, 51, 55, 60, 67, 76, 90, 120)
MARKER = "generated.json"
VERSION = 5  # bumped when the same arguments start giving other notes
STYLES = ("real", "shifted", "mixed", "stream", "four", "label")

ASPECTS = (
    "impact", "role", "challenges", "future", "evolution", "strategies", "principles", "metrics",
    "pitfalls", "benefits", "tradeoffs", "economics", "ethics", "tools", "frameworks", "risks",
    "importance", "psychology", "mechanics", "history", "limits", "lessons", "patterns", "rituals",
    "culture", "structure", "craft", "signals", "habits", "myths",
)  # fmt: skip
SUBJECTS = (
    "ai", "product management", "growth loops", "pricing", "onboarding", "user research",
    "retention", "hiring", "roadmaps", "experimentation", "product market fit", "leadership",
    "storytelling", "design reviews", "platform teams", "marketplaces", "b2b sales",
    "community building", "okrs", "prioritization", "customer interviews", "monetization",
    "activation", "network effects", "technical debt", "career growth", "decision making",
    "feedback", "strategy docs", "launches", "data teams", "machine learning", "brand",
    "positioning", "virality", "product sense", "writing", "meetings", "remote work", "fundraising",
)  # fmt: skip
CONTEXTS = (
    "in product management", "for startups", "in large companies", "at scale", "for founders",
    "in consumer apps", "in enterprise software", "for new managers", "in the ai era",
    "for product teams", "in early stage companies", "in marketplaces", "for designers",
    "for engineers", "in growth teams", "during a downturn", "after a funding round", "in b2b companies",
    "for first time pms", "in hardware products",
)  # fmt: skip
# A claim's words are what the reader compares between notes on one video, so they come
# from pools large enough that two claims about different moments rarely share most of
# them; each claim also names a specific artefact, team or company of its own.
ACTORS = (
    "Product managers", "Early stage founders", "Growth teams", "Design leads", "Engineering managers",
    "The best PMs", "Most teams", "Leaders at large companies", "New managers", "Researchers",
    "Data scientists", "Sales teams", "Marketplace operators", "Executives", "Product leaders",
    "Heads of product", "Solo founders", "Platform engineers", "Customer success leads", "Analysts",
    "Recruiters", "Board members", "Investors", "Designers", "Marketers", "Support agents",
    "Staff engineers", "Chief executives", "Operations leads", "Community managers", "Copywriters",
    "Pricing committees", "Onboarding squads", "Security reviewers", "Partnership managers", "Coaches",
)  # fmt: skip
VERBS = (
    "should focus on", "often underestimate", "tend to overinvest in", "can learn a lot from",
    "need a clear view of", "rarely talk openly about", "benefit from revisiting",
    "get better results from", "should be explicit about", "can accelerate", "keep coming back to",
    "are measured on", "have to make tradeoffs around", "build credibility through",
    "quietly abandon", "argue endlessly over", "misjudge", "postpone", "copy competitors on",
    "delegate", "obsess over", "simplify", "document", "outsource", "rebuild", "audit",
    "negotiate", "prototype", "defend", "sunset", "rediscover", "overthink", "streamline",
    "instrument", "celebrate", "question",
)  # fmt: skip
QUALITIES = (
    "weekly", "quarterly", "internal", "shared", "written", "lightweight", "formal", "informal", "public",
    "private", "manual", "automated", "dedicated", "rough", "detailed", "annual", "monthly", "visual",
    "narrative", "shadow", "pilot", "default", "premium", "experimental", "centralized", "regional",
    "bilingual", "anonymous", "nightly", "seasonal", "handwritten", "interactive", "printed", "recorded",
    "color coded", "invite only", "open source", "cross functional", "bottom up", "top down", "rolling",
    "versioned", "tiered", "scrappy", "polished", "legacy", "quarantined", "sandboxed", "mobile first",
    "offline",
)  # fmt: skip
ARTIFACTS = (
    "checklist", "dashboard", "scorecard", "retrospective", "memo", "playbook", "pricing page",
    "waitlist", "referral program", "cohort chart", "churn survey", "design sprint", "launch calendar",
    "escalation path", "north star metric", "onboarding email", "support queue", "feature flag",
    "beta group", "sales deck", "investor update", "offsite", "hiring rubric", "interview loop",
    "career ladder", "budget", "prototype", "demo day", "spec template", "press release", "postmortem",
    "status report", "experiment log", "tracking plan", "data warehouse", "pricing tier", "free trial",
    "paywall", "activation funnel", "growth model", "sales pipeline", "advisory board", "user panel",
    "usability test", "landing page", "changelog", "release train", "bug bash", "hackathon",
    "glossary", "style guide", "incident review", "capacity plan", "vendor contract", "partner portal",
    "loyalty scheme", "waiting room", "help center", "welcome tour", "quota system", "forecast",
    "wiki page", "strategy offsite", "brainstorm", "newsletter", "podcast", "webinar", "ambassador program",
    "mentoring circle", "coding bootcamp", "design system", "permission model", "search ranking",
    "recommendation widget", "notification digest", "upgrade prompt", "cancellation flow", "price test",
    "annual plan", "swag budget", "office hours",
)  # fmt: skip
COMPANY_HEADS = (
    "Bright", "Kestrel", "Orbit", "Juniper", "Copper", "Harbor", "Lumen", "Tandem", "Nimbus", "Quill",
    "Maple", "Falcon", "Cinder", "Pebble", "Saffron", "Thistle", "Vantage", "Willow", "Zephyr", "Amber",
    "Beacon", "Cobalt", "Drift", "Ember", "Fable", "Granite", "Heron", "Indigo", "Jasper", "Lattice",
)  # fmt: skip
COMPANY_TAILS = (
    "loop", "stack", "works", "hub", "base", "field", "wave", "craft", "forge", "point", "line", "mark",
    "path", "yard", "labs", "ware",
)  # fmt: skip
TAILS = (
    "before the first launch", "when the market shifts", "because the effect compounds over time",
    "rather than chasing every new idea", "especially in the first year",
    "as the team grows past fifty people", "even without a technical background",
    "to avoid the shiny object trap", "according to the guest", "which most companies get wrong",
    "once there is real usage data", "instead of waiting for a perfect plan",
    "long before revenue arrives", "while headcount is frozen", "after a painful reorganization",
    "during the holiday season", "in the weeks after a layoff", "once competitors notice",
    "while the founders still answer support tickets", "ahead of the board meeting",
    "when a big customer threatens to churn", "right after product market fit",
    "during annual planning", "when the engineering team doubles", "before opening a second office",
    "under regulatory scrutiny", "once the novelty wears off", "after the seed round closes",
    "while moving upmarket", "at the height of a hype cycle", "in a crowded category",
    "when budgets tighten", "before expanding abroad", "during a platform migration",
    "as churn creeps upward", "when nobody owns the outcome", "in the middle of a rebrand",
    "after two failed launches", "with a skeleton crew", "on a shoestring", "for the first enterprise deal",
    "between funding rounds", "as soon as interns join", "in the last month of the quarter",
    "while the website is down", "after the acquisition", "whenever a rival ships first",
    "before the pilot ends", "at the annual kickoff", "in the second year", "once pricing changes",
)  # fmt: skip
CLAUSES = (
    "and that is where most of the leverage is", "which makes the next decision much easier",
    "so the team can move faster with less risk", "while keeping the customer at the center",
    "and the guest shares an example",
    "though it takes longer than people expect", "and it shows up directly in the metrics",
    "a habit borrowed from military planning", "something the guest learned the hard way",
    "otherwise morale quietly erodes", "because attention is the scarcest resource",
    "and skeptics usually come around within a quarter", "a point the host pushes back on",
    "which surprised the whole leadership group", "even though it feels slower at first",
    "and the spreadsheet behind it is embarrassingly simple", "which keeps legal reviews short",
    "so nobody has to guess the priorities", "unlike the approach taught in business school",
    "and the results held up a year later", "which also helped recruiting",
    "though critics call it bureaucratic", "and investors asked about it in diligence",
    "which made onboarding new hires painless", "a lesson from an earlier startup", "to everyone's relief",
    "and the board noticed", "which nobody predicted", "so customers stopped asking", "a rare admission",
    "which the host calls underrated", "a trick worth stealing", "despite the cost", "and it paid off",
    "though opinions differ", "which sparked an argument", "after a long debate", "to the CFO's delight",
    "and the numbers proved it", "which still surprises people",
)  # fmt: skip
GUEST_VERBS = ("recalls how", "explains how", "describes how", "remembers how", "admits that", "argues that")
PAST_VERBS = (
    "rebuilt", "scrapped", "introduced", "redesigned", "doubled down on", "quietly retired", "rolled out",
    "reinvented", "open sourced", "tripled", "simplified", "rewrote",
)  # fmt: skip
METRICS = (
    "activation", "weekly retention", "trial conversion", "churn", "support tickets", "sales cycles",
    "onboarding time", "expansion revenue", "daily actives", "referral signups", "page load time",
    "refund requests", "time to first value", "response rates", "average deal size", "hiring time",
)  # fmt: skip
MOVED = ("lifted", "cut", "raised", "lowered", "improved", "shrank")
# Siblings on one video quote the same transcript: a share of each later note's claims
# cite a moment an earlier note on the video cites, in a sentence much like it.
BORROW_SHARE = 1 / 3
LIST_STOP_SHARE = 0.8  # bullet lists whose items end with a full stop (seeds: 38 items of 46)
LEAD_INS = ("As the guest explains,", "In short,", "Put simply,", "According to the guest,", "Again,")
SOLUTIONS = ("Solution", "Lesson", "Takeaway", "In practice", "Example")
MOVES = ("Focus on", "Invest in", "Rethink", "Measure", "Simplify", "Start with", "Protect")
ACRONYMS = {"ai": "AI", "okrs": "OKRs", "b2b": "B2B", "pms": "PMs"}
VIDEO_CHARS = string.ascii_letters + string.digits + "_-"


TRUTH_STYLES = {"real": "clock"}  # truth.json has said "clock" for real time since its first version
ANCHOR = re.compile(r'<a class="yt-timestamp" data-t="([^"]*)">\[')
LAST_LINK = re.compile(r"\[\[[^\[\]\n]*\]\](?=(?:(?!\[\[)[^\n])*$)", re.MULTILINE)


@dataclass
class Plan:
    """One note before it is written: who it is and how its time is written."""

    index: int
    title: str
    stem: str
    video: str
    style: str  # "real", "shifted", "mixed", "stream", "four" or "label"
    duration: int  # seconds
    defects: list[str] = field(default_factory=list)
    junk_max: int = 9  # the largest junk last field of a shifted note
    problems: list[str] = field(default_factory=list)  # with `--problems`: real problems planted
    folder: str = ""  # with `--folders`: the note's folder under docs/, named after its channel
    channel: str = CHANNEL  # what its `From:` line links to

    @property
    def path(self) -> str:
        """The note's path under docs/."""
        return f"{self.folder}/{self.stem}.md" if self.folder else f"{self.stem}.md"

    @property
    def shifted(self) -> bool:
        return self.style == "shifted"

    @property
    def is_topic(self) -> bool:
        return not self.stem[:3].isdigit()


@dataclass(frozen=True)
class Stamp:
    """One anchor as written, and the second it really points at."""

    data_t: str
    label: str
    seconds: int
    pattern: str
    true_from: str = "both"  # which side is true when label and data-t disagree


def clock_text(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}:{secs:02d}"


def shifted_text(seconds: int, junk: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes:02d}:{secs:02d}:{junk:02d}"


def typo_of(written: str) -> str:
    """The label of seed 004's mismatch: the last field off by three."""
    return written[:-2] + f"{(int(written[-2:]) + 3) % 60:02d}"


def readings(data_t: str, label: str) -> set[int]:
    """The seconds a reader can get from an anchor: data-t as written or as minutes:seconds,
    the label as written, the first three of four fields."""
    found = set()
    fields = [int(f) for f in data_t.split(":")]
    if len(fields) == 3:
        found |= {fields[0] * 3600 + fields[1] * 60 + fields[2], fields[0] * 60 + fields[1]}
    elif len(fields) == 4:
        found.add(fields[0] * 3600 + fields[1] * 60 + fields[2])
    shown = [int(f) for f in label.split(":")]
    if len(shown) == 3:
        found.add(shown[0] * 3600 + shown[1] * 60 + shown[2])
    return found


def generator_key(title: str) -> str:
    """The note generator's file-naming rule: letters, digits, spaces; spaces to `_`; lowercase."""
    kept = "".join(ch for ch in title if ch.isalnum() or ch == " ")
    return "_".join(kept.lower().split())


def display(words: str) -> str:
    return " ".join(ACRONYMS.get(word, word) for word in words.split())


def titles(rng: Random, count: int) -> list[str]:
    """`count` distinct titles such as "Impact of AI in product management"."""
    pool = [f"{a} of {s} {c}" for a in ASPECTS for s in SUBJECTS for c in CONTEXTS]
    pool += [f"{a} of {s}" for a in ASPECTS for s in SUBJECTS]
    rng.shuffle(pool)
    chosen = pool[:count]
    for extra in range(len(chosen), count):  # more than the vocabulary holds: number the repeats
        chosen.append(f"{pool[extra % len(pool)]} part {extra // len(pool) + 1}")
    return [display(title)[0].upper() + display(title)[1:] for title in chosen]


def video_id(rng: Random) -> str:
    # A leading letter keeps YAML from reading the id as a number.
    return rng.choice(string.ascii_letters) + "".join(rng.choice(VIDEO_CHARS) for _ in range(10))


def note_style(rng: Random, duration: int) -> str:
    """The writing style of a note on an ordinary episode."""
    roll = rng.random()
    shifted_share = SHIFTED_SHARE / SHIFTED_POSSIBLE  # of the episodes short enough to write so
    for style, share in (
        ("shifted", shifted_share),
        ("mixed", MIXED_SHARE),
        ("four", FOUR_SHARE),
        ("label", LABEL_SHARE),
    ):
        if roll < share:
            return "real" if style == "shifted" and duration > SHIFTED_MAX else style
        roll -= share
    return "real"


def plan_notes(rng: Random, count: int, collection: bool = False) -> tuple[list[Plan], list[str]]:
    """Plan every note, plus the titles that links name but no note has (dangling topics).

    `collection`: videos with as many notes as real collections have, a missing topic per note.
    """
    dangling_count = max(4, count if collection else count // 4)
    names = titles(rng, count + dangling_count)
    plans: list[Plan] = []
    video, duration, left, stream = "", 0, 0, False
    for index, title in enumerate(names[:count]):
        if left == 0:  # a new episode: most have one note, some two or three
            video = video_id(rng)
            # Only its notes show that a stream runs past the usual end, so it needs two.
            stream = count - index >= 2 and rng.random() < STREAM_SHARE
            if stream:
                duration = rng.randint(STREAM_MIN, STREAM_MAX)
                left = rng.choices((2, 3), weights=(70, 30))[0]
            else:
                duration = rng.randint(EPISODE_MIN, EPISODE_MAX)
                if collection:
                    left = rng.choices(list(EPISODE_SIZES), weights=list(EPISODE_SIZES.values()))[0]
                else:
                    left = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
        left -= 1
        # Each note of an episode has its own style: a shifted note may share its video
        # with notes written in real clock time.
        style = "stream" if stream else note_style(rng, duration)
        junk_max = 59 if style == "shifted" and rng.random() < WIDE_JUNK_SHARE else 9
        stem = generator_key(title) if rng.random() < TOPIC_SHARE else f"{index:03d}_{rng.getrandbits(64):016x}"
        defects = [kind for kind, rate in DEFECT_RATES.items() if rng.random() < rate]
        plans.append(Plan(index, title, stem, video, style, duration, defects, junk_max))
    return plans, names[count:]


class NoteWriter:
    """Writes one note's text from its plan; links point at other planned notes."""

    def __init__(
        self,
        rng: Random,
        plans: list[Plan],
        dangling: list[str],
        planting: Random | None = None,
        collection: bool = False,
    ) -> None:
        self.rng = rng
        self.collection = collection  # `--collection`: anchors per note as real notes have them
        self.planting = planting  # `--problems`: a generator of its own, so `rng` draws what it always drew
        self.plans = plans
        self.dangling = dangling
        self.said: dict[str, list[tuple[str, int]]] = {}  # per video: earlier notes' sentences and their seconds

    def link(self, plan: Plan) -> tuple[str, bool]:
        """A `[[target | label]]` and whether it dangles."""
        rng = self.rng
        dangles = rng.random() < DANGLING_SHARE or len(self.plans) < 2
        if dangles:
            # Skewed towards the first topics, so that most are named by several notes.
            title = self.dangling[int(len(self.dangling) * rng.random() ** 2)]
            target = generator_key(title) if rng.random() < 0.7 else title
        else:
            other = self.plans[rng.randrange(len(self.plans))]
            while other is plan:
                other = self.plans[rng.randrange(len(self.plans))]
            title = other.title
            by_stem = other.is_topic and rng.random() < 0.75
            target = other.stem if by_stem else (title if rng.random() < 0.7 else title.lower())
        label = rng.choice((title.lower(), title.split(" of ")[0].lower(), display(title.split(" of ")[-1])))
        form = rng.random()
        if form < 0.05:
            return f"[[{target}]]", dangles
        if form < 0.15:
            return f"[[{target}|{label}]]", dangles
        return f"[[{target} | {label}]]", dangles

    def stamp(
        self, plan: Plan, seconds: int, shifted: bool, kind: str | None, previous: Stamp | None, typo: bool
    ) -> Stamp:
        """How one anchor is written: `shifted` in a stretch of MM:SS:00, `kind` a label disagreement."""
        rng = self.rng
        real = clock_text(seconds)
        if shifted:
            junk = 0
            if plan.shifted and rng.random() < (WIDE_JUNK_RATE if plan.junk_max > 9 else JUNK_SHARE):
                junk = rng.randint(1, plan.junk_max)
            written = shifted_text(seconds, junk)
            stamp = Stamp(written, written, seconds, "shifted" if junk == 0 else "junk" if junk <= 9 else "wide_junk")
        elif kind is not None and not typo:
            stamp = self.disagreement(kind, seconds, previous)
        # A planted label typo stays on a three-field time: a four-field one is no clock to
        # compare a label with, and `defects.label` would count a mismatch nobody can see.
        elif plan.style == "four" and not typo and rng.random() < FOUR_RATE:
            stamp = Stamp(real + ":00", real + ":00", seconds, "four")
        else:
            stamp = Stamp(real, real, seconds, "late" if seconds >= LATE else "real")
        if typo:  # the visible label disagrees with data-t, as in seed 004
            return Stamp(stamp.data_t, typo_of(stamp.data_t), seconds, "label_typo", "data_t")
        return stamp

    @staticmethod
    def disagreement(kind: str, seconds: int, previous: Stamp | None) -> Stamp:
        """A label and data-t that disagree in the way `kind` names (or a neighbouring way
        when this anchor cannot carry it)."""
        real = clock_text(seconds)
        if kind in ("fixed_data_t", "fixed_label") and seconds >= SHIFTED_MAX:
            kind = "label_typo"
        if kind == "stale_data_t" and (previous is None or previous.data_t == real):
            kind = "zero_data_t"
        if kind == "zero_data_t" and seconds == 0:
            kind = "label_typo"
        if kind == "label_typo":
            return Stamp(real, typo_of(real), seconds, kind, "data_t")
        if kind == "stale_data_t":
            assert previous is not None
            return Stamp(previous.data_t, real, seconds, kind, "label")
        if kind == "zero_data_t":
            return Stamp("00:00:00", real, seconds, kind, "label")
        if kind == "fixed_data_t":
            return Stamp(real, shifted_text(seconds, 0), seconds, kind, "data_t")
        return Stamp(shifted_text(seconds, 0), real, seconds, "fixed_label", "label")

    def sentence(self, plan: Plan, links: list[bool]) -> tuple[str, bool]:
        """A new claim sentence, and whether it has a link in it."""
        rng = self.rng
        subject = display(rng.choice(SUBJECTS))
        linked = rng.random() < 0.22
        if linked:
            subject, dangles = self.link(plan)
            links.append(dangles)
        thing = f"{rng.choice(QUALITIES)} {rng.choice(ARTIFACTS)}"
        company = rng.choice(COMPANY_HEADS) + rng.choice(COMPANY_TAILS)
        actor, verb, tail = rng.choice(ACTORS), rng.choice(VERBS), rng.choice(TAILS)
        form = rng.randrange(4)
        if form == 0:
            text = f"{actor} at {company} {verb} the {thing} for {subject} {tail}"
        elif form == 1:
            moved = f"{rng.choice(MOVED)} {rng.choice(METRICS)} by {rng.randint(3, 60)} percent"
            text = f"At {company}, the {thing} for {subject} {moved} {tail}"
        elif form == 2:
            told = f"{rng.choice(GUEST_VERBS)} {company} {rng.choice(PAST_VERBS)}"
            text = f"The guest {told} its {thing} for {subject} {tail}"
        else:
            text = f"{actor} {verb} {subject} {tail}, and the {thing} at {company} shows why"
        if rng.random() < 0.4:
            text += f", {rng.choice(CLAUSES)}"
        return text, linked

    def retold(self, text: str) -> str:
        """A sibling's sentence as another note on the video writes it: the same words, give or take."""
        rng = self.rng
        roll = rng.random()
        head, _, last = text.rpartition(", ")
        if roll < 0.3 and last in CLAUSES:
            return head
        if roll < 0.6:
            first = text if text[1:2].isupper() else text[:1].lower() + text[1:]
            return f"{rng.choice(LEAD_INS)} {first}"
        return text

    @staticmethod
    def claim(text: str, stamp: Stamp, defect: str | None) -> str:
        if defect == "mojibake":
            text += " â€“ a point the guest repeats"
        elif defect == "replacement":
            text = text.replace("e", "\ufffd", 1)
        elif defect == "zero_width":
            text = text.replace(" ", " \u200b", 1)
        elif defect == "entity":
            text += " &amp;ndash; twice"
        return f'{text} <a class="yt-timestamp" data-t="{stamp.data_t}">[{stamp.label}]</a>'

    def heading(self, plan: Plan, level: int, links: list[bool]) -> str:
        rng = self.rng
        if level == 3:
            return f"### {rng.choice(SOLUTIONS)}: {rng.choice(MOVES)} {display(rng.choice(SUBJECTS))}"
        if rng.random() < 0.1:
            text, dangles = self.link(plan)
            links.append(dangles)
            return f"## The {text}"
        return f"## {rng.choice(ASPECTS).capitalize()} of {display(rng.choice(SUBJECTS))}"

    def moments(self, plan: Plan, count: int, borrowed: list[tuple[str, int]]) -> list[tuple[int, str | None]]:
        """The true second of each anchor in the note's order, with the sibling's sentence
        when the moment is one an earlier note on the video cites."""
        rng = self.rng
        moments: list[tuple[int, str | None]] = [
            (rng.randrange(plan.duration), None) for _ in range(count - len(borrowed))
        ]
        moments += [(second, text) for text, second in borrowed]
        if plan.style == "stream":  # every note on a stream cites moments past 3:00:00
            early = [i for i, (t, text) in enumerate(moments) if t < LATE and text is None]
            late = sum(t >= LATE for t, _ in moments)
            for i in early[: max(0, STREAM_LATE_MIN - late)]:
                moments[i] = (rng.randrange(LATE, plan.duration), None)
        moments.sort(key=lambda moment: moment[0])
        # Real notes are not strictly in time order, but mostly revisit a moment close by:
        # measured on real notes, 6.6% of steps go back under 5 minutes, 3.2% under 30 and
        # 0.8% further. Local swaps give the first, one distant swap in some notes the rest.
        for _ in range(count // LOCAL_REVISITS):
            a = rng.randrange(count - 1)
            b = min(count - 1, a + rng.randint(1, 3))
            moments[a], moments[b] = moments[b], moments[a]
        if rng.random() < FAR_REVISIT_SHARE:
            a, b = rng.randrange(count), rng.randrange(count)
            moments[a], moments[b] = moments[b], moments[a]
        return moments

    def stamps(self, plan: Plan, times: list[int], defects: dict[int, str]) -> list[Stamp]:
        rng = self.rng
        count = len(times)
        stretch: range = range(count) if plan.shifted else range(0)
        if plan.style == "mixed":
            # A stretch of shifted writing where the minutes are many; it never writes a
            # minute past 99 that way.
            start = rng.randint(count * 2 // 5, count * 3 // 5)
            stop = start + rng.randint(count // 6, count // 3) if rng.random() < MIXED_BACK_SHARE else count
            stretch = range(start, stop)
        disagree: dict[int, str] = {}
        if plan.style == "label":
            picked = [i for i in range(count) if rng.random() < LABEL_RATE] or [rng.randrange(count)]
            kinds = rng.choices(list(LABEL_KINDS), weights=list(LABEL_KINDS.values()), k=len(picked))
            disagree = dict(zip(picked, kinds, strict=True))
        stamps: list[Stamp] = []
        for i, t in enumerate(times):
            shifted = i in stretch and t < SHIFTED_MAX
            previous = stamps[-1] if stamps else None
            stamps.append(self.stamp(plan, t, shifted, disagree.get(i), previous, defects.get(i) == "label"))
        if "four_field" in plan.problems and self.planting is not None:
            self.four_field(stamps)
        return stamps

    def four_field(self, stamps: list[Stamp]) -> None:
        """A few real times written with a `:00` appended, as a four-field writer's habit leaks in."""
        real = [i for i, s in enumerate(stamps) if s.pattern in ("real", "late")]
        assert self.planting is not None
        for i in self.planting.sample(real, min(len(real), self.planting.randint(1, FOUR_FIELD_MAX))):
            written = stamps[i].data_t + ":00"
            stamps[i] = Stamp(written, written, stamps[i].seconds, "four")

    def problems(self, plan: Plan, text: str) -> str:
        """The note's text with its planted problems that are not in its anchors' times."""
        rng = self.planting
        assert rng is not None
        if "colon_title" in plan.problems:
            text = text.replace(f"title: {plan.title}\n", f"title: Episode {plan.index + 1}: {plan.title}\n", 1)
        if "url_video" in plan.problems:
            text = text.replace(f"videoId: {plan.video}\n", f"videoId: https://youtu.be/{plan.video}\n", 1)
        body = text.index("\n\n", text.index("From: ")) + 2  # not the source link, nor the front matter
        if "unclosed_anchor" in plan.problems:
            ends = [m.start() for m in re.finditer("</a>", text[body:])]
            cut = body + rng.choice(ends)
            text = text[:cut] + text[cut + len("</a>") :]
        if "unclosed_link" in plan.problems:
            # The last link of its line, so the `[[` left open cannot run into another link.
            last = list(LAST_LINK.finditer(text, body))
            if last:
                close = rng.choice(last).end() - 2
                text = text[:close] + text[close + 2 :]
            else:
                plan.problems.remove("unclosed_link")  # a note without links keeps its brackets
        return text

    def note(self, plan: Plan) -> tuple[str, list[bool], list[Stamp]]:
        """The note's text, for each topical link in it whether it dangles, and its anchors."""
        rng = self.rng
        if self.collection:
            bucket = rng.randrange(len(ANCHOR_QUANTILES) - 1)
            count = rng.randint(ANCHOR_QUANTILES[bucket], ANCHOR_QUANTILES[bucket + 1])
        else:
            count = rng.randint(44, 58)
        said = self.said.setdefault(plan.video, [])
        share = sum(rng.random() < BORROW_SHARE for _ in range(count)) if said else 0
        moments = self.moments(plan, count, rng.sample(said, min(share, len(said))))
        defects = dict(zip(rng.sample(range(count), len(plan.defects)), plan.defects, strict=False))
        stamps = self.stamps(plan, [second for second, _ in moments], defects)
        links: list[bool] = []
        claims = []
        for i, (stamp, (second, borrowed)) in enumerate(zip(stamps, moments, strict=True)):
            if borrowed is None:
                text, linked = self.sentence(plan, links)
                if not linked:  # a link names this note's neighbours, not a sibling's
                    said.append((text, second))
            else:
                text = self.retold(borrowed)
            claims.append(self.claim(text, stamp, defects.get(i)))
        out = [f"---\ntitle: {plan.title}\nvideoId: {plan.video}\n---\n\nFrom: [[{plan.channel}]] <br/> \n\n"]
        out.append(" ".join(c + "." for c in claims[:2]) + "\n\n")
        at = 2
        while at < count:
            out.append(self.heading(plan, 2, links) + "\n")
            take = min(rng.randint(2, 4), count - at)
            out.append(" ".join(c + "." for c in claims[at : at + take]) + "\n\n")
            at += take
            if at < count and rng.random() < 0.5:
                out.append(self.heading(plan, 3, links) + "\n")
                take = min(rng.randint(2, 5), count - at)
                if rng.random() < 0.4:
                    # Most items end with a full stop, as in the seeds; a list without them
                    # runs into one sentence for a reader that splits at full stops.
                    stop = "." if rng.random() < LIST_STOP_SHARE else ""
                    out.append(
                        "".join(
                            f"*   **{rng.choice(ASPECTS).capitalize()}:** {c}{stop}\n" for c in claims[at : at + take]
                        )
                    )
                    out.append("\n")
                else:
                    out.append(" ".join(c + "." for c in claims[at : at + take]) + "\n\n")
                at += take
        text = "".join(out).rstrip("\n") + "\n"
        if plan.problems:
            text = self.problems(plan, text)
        return text, links, stamps


def anchor_truth(path: str, plan: Plan, text: str, stamps: list[Stamp]) -> list[dict]:
    """One `timestamps.jsonl` record per anchor, found in the written text."""
    found = list(ANCHOR.finditer(text))
    assert len(found) == len(stamps), path
    records = []
    seen: dict[tuple[int, str], int] = {}
    line, counted = 1, 0
    for match, stamp in zip(found, stamps, strict=True):
        assert match[1] == stamp.data_t, path
        line += text.count("\n", counted, match.start())
        counted = match.start()
        occurrence = seen.get((line, stamp.data_t), 0)
        seen[line, stamp.data_t] = occurrence + 1
        records.append(
            {
                "path": path,
                "line": line,
                "data_t": stamp.data_t,
                "occurrence": occurrence,
                "label": stamp.label,
                "seconds": stamp.seconds,
                "fitting": stamp.seconds in readings(stamp.data_t, stamp.label),
                "style": plan.style,
                "pattern": stamp.pattern,
                "true_from": stamp.true_from,
            }
        )
    return records


INDEX_PAGE = "---\ntitle: Benchmark notes\n---\n\n# Benchmark notes\n\n{count} synthetic notes from `benchmarks/generate.py` (seed {seed}).\n"
CONFIG = """\
# Written by benchmarks/generate.py. {what}
site_name: pmnotes benchmark ({count} notes)
docs_dir: docs
site_dir: {site_dir}
theme:
  name: material
plugins:
{plugins}
# Material renders the whole nav into every page, so an automatic nav over thousands of
# notes makes any build quadratic, with or without plugins. A one-page nav keeps the
# comparison about the notes; every note is still built.
nav:
  - Home: index.md
validation:
  nav:
    omitted_files: ignore
"""


def episode_title(rng: Random) -> str:
    """A title as a channel writes it: the subject, the guest, where they worked."""
    subject = display(f"{rng.choice(ASPECTS)} of {rng.choice(SUBJECTS)} {rng.choice(CONTEXTS)}")
    companies = sorted({rng.choice(COMPANY_HEADS) + rng.choice(COMPANY_TAILS) for _ in range(rng.randint(1, 3))})
    where = ", ".join(companies) + (", ..." if len(companies) == 3 else "")
    if rng.random() < 0.1:  # some join two subjects with `&`, which a page must escape
        subject += f" & {display(rng.choice(SUBJECTS))}"
    return f"{subject[0].upper()}{subject[1:]} | {rng.choice(GUESTS)} ({where})"


def channel_note(plans: list[Plan], rng: Random, name: str = "Lenny's Podcast") -> tuple[str, dict[str, str]]:
    """The channel's note (`--channel`) and the title it gives each video it names."""
    notes: dict[str, list[str]] = {}
    for plan in plans:
        notes.setdefault(plan.video, []).append(plan.stem)
    titles: dict[str, str] = {}
    out = [f"---\ntitle: {name}\n---\n\n# {name}\n\nEpisodes and the notes taken on them.\n"]
    for video, stems in notes.items():
        if rng.random() >= CHANNEL_NAMED:
            continue
        titles[video] = episode_title(rng)
        out.append(f"\n### [{titles[video]}](https://www.youtube.com/watch?v={video})\n\n")
        out.extend(f"- [[{stem}]]\n" for stem in stems)
    return "".join(out), titles


def channel_names(rng: Random, count: int) -> list[str]:
    """`count` distinct channel handles for `--folders`, the seeds' own first, as real ones are written."""
    names = [CHANNEL]
    while len(names) < count:
        head, tail = rng.choice(COMPANY_HEADS).lower(), rng.choice(COMPANY_TAILS)
        form = rng.random()
        if form < 0.1:
            name = f"{head}.{tail}"
        elif form < 0.2:
            name = f"{head}_{tail}"
        else:
            name = head + tail + rng.choice(("", "fm", "podcast", "live", "show"))
        names.append(name if name not in names else f"{name}{len(names)}")
    for i in range(ISOLATED_EVERY - 1, count, ISOLATED_EVERY):
        names[i] = f"\u2068{names[i]}\u2069"  # as a real folder, and its notes' `From:` link, have it
    return names


def channel_title(handle: str) -> str:
    """What a channel's note is titled: `kestrel.works` -> `Kestrel Works`."""
    if handle == CHANNEL:
        return "Lenny's Podcast"
    return " ".join(word.capitalize() for word in re.split(r"[._]", handle.strip("\u2068\u2069")))


def plant_folders(plans: list[Plan], rng: Random, folders: int) -> list[str]:
    """Put each video's notes into one of `folders` channel folders of uneven size (`--folders`)."""
    names = channel_names(rng, folders)
    sizes, shares = zip(*FOLDER_SIZES, strict=True)
    weights = [rng.choices(sizes, weights=shares)[0] for _ in names]
    folder_of: dict[str, str] = {}
    for plan in plans:
        if plan.video not in folder_of:
            folder_of[plan.video] = rng.choices(names, weights=weights)[0]
        plan.folder = plan.channel = folder_of[plan.video]
    return names


def plant_problems(plans: list[Plan], rng: Random) -> None:
    """Give some notes the real problems of `PROBLEM_RATES` (`--problems`)."""
    for plan in plans:
        plan.problems = [kind for kind, rate in PROBLEM_RATES.items() if rng.random() < rate]
        if plan.style in ("four", "shifted", "mixed") and "four_field" in plan.problems:
            plan.problems.remove("four_field")  # their times have problems enough


def generate(
    out: Path,
    count: int,
    seed: int,
    problems: bool = False,
    channel: bool = False,
    reader: bool = False,
    folders: int = 0,
    collection: bool = False,
) -> dict:
    """Write the site into `out` and return its summary (also saved as `generated.json`).

    `problems`: plant the real problems of `PROBLEM_RATES`; without it the bytes are those
    this generator has always written for the same arguments. `channel`: write the
    channel's note naming the episodes (`channel_note`); the notes stay the same bytes.
    `folders`: spread the notes over that many channel folders (`plant_folders`); the notes
    stay the same bytes but for their `From:` line. `collection`: the real proportions of
    `EPISODE_SIZES` and `ANCHOR_QUANTILES`, a missing topic per note: other notes.
    """
    rng = Random(seed)
    plans, dangling = plan_notes(rng, count, collection)
    # Its own generator, drawn before the notes are written: the notes are drawn as without it.
    channels = plant_folders(plans, Random(f"folders {seed}"), folders) if folders else []
    planting = Random(f"problems {seed}") if problems else None
    if planting is not None:
        plant_problems(plans, planting)
    writer = NoteWriter(rng, plans, dangling, planting, collection)
    reading = Random(f"reader {seed}") if reader else None  # its own generator: the notes stay the bytes they were
    topics = [p.stem for p in plans if p.is_topic] or ["product_market_fit"]
    docs = out / "docs"
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out}: exists and was not written by this generator; refusing to touch it")
        for stale in ("docs", "site-plain", "site-plugin"):
            shutil.rmtree(out / stale, ignore_errors=True)
    docs.mkdir(parents=True)
    total_links = total_dangling = total_bytes = anchors = unfitting = 0
    disagreeing: set[str] = set()
    truth: dict = {"videos": {}, "notes": {}}
    with (out / ANCHORS).open("w", encoding="utf-8", newline="\n") as lines:
        for plan in plans:
            truth["videos"][plan.video] = plan.duration
            entry = {"video": plan.video, "style": TRUTH_STYLES.get(plan.style, plan.style), "defects": plan.defects}
            if plan.shifted:
                entry["junk_max"] = plan.junk_max
            truth["notes"][plan.path] = entry
            text, links, stamps = writer.note(plan)
            if problems:
                entry["problems"] = plan.problems
            written = text
            if reading is not None and stamps and reading.random() < READER_RATE:
                # After the note's own text, so `timestamps.jsonl` keeps its lines and anchors.
                written = text.rstrip("\n") + "\n\n" + reader_block(stamps, topics, reading)
                entry["reader"] = True
            data = written.encode("utf-8")
            (docs / plan.path).parent.mkdir(exist_ok=True)
            (docs / plan.path).write_bytes(data)
            total_links += len(links)
            total_dangling += sum(links)
            total_bytes += len(data)
            for record in anchor_truth(f"docs/{plan.path}", plan, text, stamps):
                lines.write(json.dumps(record, separators=(",", ":")) + "\n")
                anchors += 1
                unfitting += not record["fitting"]
            if any(s.label != s.data_t for s in stamps):
                disagreeing.add(plan.stem)
    (docs / "index.md").write_text(INDEX_PAGE.format(count=count, seed=seed), encoding="utf-8")
    titles: dict[str, str] = {}
    if channel:  # a generator of its own: the notes are drawn as without it
        naming = Random(f"channel {seed}")
        if not folders:
            text, titles = channel_note(plans, naming)
            (docs / f"{CHANNEL}.md").write_text(text, encoding="utf-8")
        for handle in channels:  # with `--folders`, each folder its channel's note
            mine = [plan for plan in plans if plan.folder == handle]
            if mine:
                text, named = channel_note(mine, naming, channel_title(handle))
                (docs / handle / f"{handle}.md").write_text(text, encoding="utf-8")
                titles.update(named)
        truth["titles"] = titles
    extensions = READER_EXTENSIONS if reader else ""
    (out / "mkdocs.yml").write_text(
        CONFIG.format(
            what="Built with the plugin.", count=count, site_dir="site-plugin", plugins="  - search\n  - pmnotes"
        )
        + extensions,
        encoding="utf-8",
    )
    (out / "mkdocs-plain.yml").write_text(
        CONFIG.format(what="Plain build, no plugin.", count=count, site_dir="site-plain", plugins="  - search")
        + extensions,
        encoding="utf-8",
    )
    defects = {kind: sum(kind in p.defects for p in plans) for kind in DEFECT_RATES}
    # Label-style notes disagree too; "label" counts every note where a label and its data-t differ.
    defects["label"] = len(disagreeing)
    summary = {
        "notes": count,
        "seed": seed,
        "version": VERSION,
        "bytes": total_bytes,
        "topic_notes": sum(p.is_topic for p in plans),
        "videos": len({p.video: None for p in plans}),
        "styles": {style: sum(p.style == style for p in plans) for style in STYLES},
        "shifted_notes": sum(p.shifted for p in plans),
        "wide_junk_notes": sum(p.shifted and p.junk_max > 9 for p in plans),
        "mixed_notes": sum(p.style == "mixed" for p in plans),
        "shifted_sharing_a_video": sum(
            p.shifted and any(o.video == p.video and not o.shifted for o in plans) for p in plans
        ),
        "stream_videos": len({p.video for p in plans if p.style == "stream"}),
        "anchors": anchors,
        "unfitting_anchors": unfitting,
        "links": total_links,
        "dangling_links": total_dangling,
        "defects": defects,
    }
    if problems:
        # The links above are counted as written before a `]]` was cut off.
        summary["problems"] = {kind: sum(kind in p.problems for p in plans) for kind in PROBLEM_RATES}
    if channel:
        summary["channel_titles"] = len(titles)
    if folders:
        used = Counter(plan.folder for plan in plans)
        summary["folders"] = {"asked": folders, "used": len(used), "notes": {h: used[h] for h in channels if h in used}}
    if collection:
        summary["notes_per_video"] = round(count / summary["videos"], 2)
    if reader:
        summary["reader_notes"] = sum("reader" in entry for entry in truth["notes"].values())
    (out / MARKER).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (out / TRUTH).write_text(json.dumps(truth, sort_keys=True) + "\n", encoding="utf-8")
    return summary


READER_RATE = 0.2
READER_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""
CALLOUTS = ["[!NOTE]", "[!tip] A titled tip", "[!EXAMPLE]-", "[!faq]+ Open question", "[!warning] Careful"]


def reader_block(stamps: list[Stamp], topics: list[str], rng: Random) -> str:
    """What real notes hold besides claims: callouts, extension blocks, wrapped and plain times."""

    def ts(stamp: Stamp) -> str:
        return f'<a class="yt-timestamp" data-t="{stamp.data_t}">[{stamp.label}]</a>'

    def link() -> str:
        stem = rng.choice(topics)
        return f"[[{stem} | {display(stem.replace('_', ' '))}]]" if rng.random() < 0.5 else f"[[{stem}]]"

    first, second, third = (rng.choice(stamps) for _ in range(3))
    callout = rng.choice(CALLOUTS)
    parts = [f"> {callout}\n> A point about {link()} and {link()} {ts(first)}."]
    if rng.random() < 0.4:
        parts[0] += f"\n> > [!quote]\n> > Said of {link()}."
    parts.append(f'!!! note "An aside"\n\n    More on {link()} {ts(second)}.')
    parts.append(f'=== "One take"\n\n    A take on {link()}.\n\n=== "Another"\n\n    And on {link()}.')
    parts.append(
        f"Wrapped: [{third.label}]({ts(third)}). Plain: [{first.data_t}] and [{second.data_t}, {third.data_t}]."
    )
    parts.append("We weighed [[build_vs_buy | Build vs. buy]] and [[Pros vs. cons]] before choosing.")
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (docs/, mkdocs.yml, mkdocs-plain.yml)")
    parser.add_argument("--notes", type=int, default=2000, help="number of notes (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--problems",
        action="store_true",
        help="plant real problems, errors to the linter, in about a fifth of the notes",
    )
    parser.add_argument(
        "--channel",
        action="store_true",
        help="write the channel's note, naming most episodes with a titled link to the video",
    )
    parser.add_argument(
        "--reader",
        action="store_true",
        help="add callouts, extension blocks, wrapped and plain-text times to about a fifth of the notes",
    )
    parser.add_argument(
        "--folders",
        type=int,
        default=0,
        metavar="F",
        help="spread the notes over F channel folders of uneven size, each video's notes in one",
    )
    parser.add_argument(
        "--collection",
        action="store_true",
        help="a real collection's proportions: 3.4 notes a video, 4 to 120 anchors a note, a missing topic per note",
    )
    args = parser.parse_args(argv)
    if args.notes < 1:
        parser.error("--notes must be at least 1")
    if args.folders < 0:
        parser.error("--folders must be 0 (no folders) or more")
    summary = generate(
        args.out,
        args.notes,
        args.seed,
        args.problems,
        channel=args.channel,
        reader=args.reader,
        folders=args.folders,
        collection=args.collection,
    )
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
