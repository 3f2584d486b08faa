"""Generate a deterministic site of synthetic notes in the seed format, for the benchmarks.

The notes mimic a real collection of podcast transcript notes (see `seeds/`):
- YAML front matter with `title` and `videoId`, a `From: [[lennyspodcast]] <br/> ` line,
  `##`/`###` headings, about 10 KB of claims per note, each claim followed by a
  `<a class="yt-timestamp" data-t="HH:MM:SS">[HH:MM:SS]</a>` anchor;
- episode notes named `NNN_<hex>.md` and topic notes named by the note generator's rule
  (letters, digits and spaces kept, spaces to `_`, lowercased), so links resolve by stem;
- links written `[[slug | label]]` (mostly with spaces), some by title
  ("AI product management strategies"), about one in five dangling;
- some notes sharing a `videoId`; about one note in nine written entirely in shifted
  `MM:SS:00` time (some with a junk last field, `MM:SS:07`), some of them on a video shared
  with notes in real clock time; about one in twenty-five mixed: real `HH:MM:SS` times
  that slip into shifted writing part way through;
- a few planted defects (mojibake, U+FFFD, zero-width space, double-escaped entity,
  timestamp label mismatch) so the linter has work to do.

`truth.json` records what a reader should get: each video's real length, and each note's
writing style and planted defects, so a benchmark can check where timestamp links land.

It also writes two MkDocs configs over the same `docs/`: `mkdocs.yml` (Material, with
the plugin: `plugins: [search, pmnotes]`) and `mkdocs-plain.yml` (Material, `search`
only). Both set a one-page `nav:`. Material renders the whole nav into every page, so
an automatic nav of N pages makes any large site cost N x N, with or without plugins;
the benchmark would then measure Material's nav, not the notes. Every note is still
built: pages left out of the nav are rendered all the same.

Usage: python benchmarks/generate.py OUT_DIR --notes 2000 --seed 1
Same arguments, same bytes: the only randomness is a seeded `random.Random`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

DANGLING_SHARE = 0.2  # real collections: about one link in five names a page that does not exist
SHIFTED_SHARE = 1 / 9  # real collections: about one note in nine is written in MM:SS:00
MIXED_SHARE = 1 / 25  # real HH:MM:SS that slips into MM:SS:00 part way through the note
JUNK_SHARE = 0.15  # anchors of a shifted note whose last field is junk (01-09), not 00
SHIFTED_MAX = 99 * 60  # MM:SS:00 cannot write a minute past 99 in a two-digit hours field
TRUTH = "truth.json"
EPISODE_MIN, EPISODE_MAX = 35 * 60, 115 * 60
SHIFTED_POSSIBLE = (SHIFTED_MAX - EPISODE_MIN) / (EPISODE_MAX - EPISODE_MIN)
TOPIC_SHARE = 0.6  # notes named by the generator rule; the rest are NNN_<hex>.md episodes
DEFECT_RATES = {"mojibake": 0.01, "replacement": 0.005, "zero_width": 0.01, "entity": 0.005, "label": 0.01}
MARKER = "generated.json"
VERSION = 2  # bumped when the same arguments start giving other notes

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
ACTORS = (
    "Product managers", "Early stage founders", "Growth teams", "Design leads", "Engineering managers",
    "The best PMs", "Most teams", "Leaders at large companies", "New managers", "Researchers",
    "Data scientists", "Sales teams", "Marketplace operators", "Executives", "Product leaders",
)  # fmt: skip
VERBS = (
    "should focus on", "often underestimate", "tend to overinvest in", "can learn a lot from",
    "need a clear view of", "rarely talk openly about", "benefit from revisiting",
    "get better results from", "should be explicit about", "can accelerate", "keep coming back to",
    "are measured on", "have to make tradeoffs around", "build credibility through",
)  # fmt: skip
TAILS = (
    "before the first launch", "when the market shifts", "because the effect compounds over time",
    "rather than chasing every new idea", "especially in the first year",
    "as the team grows past fifty people", "even without a technical background",
    "to avoid the shiny object trap", "according to the guest", "which most companies get wrong",
    "once there is real usage data", "instead of waiting for a perfect plan",
)  # fmt: skip
CLAUSES = (
    "and that is where most of the leverage is", "which makes the next decision much easier",
    "so the team can move faster with less risk", "while keeping the customer at the center",
    "and the guest shares a concrete example from their own company",
    "though it takes longer than people expect", "and it shows up directly in the metrics",
)  # fmt: skip
SOLUTIONS = ("Solution", "Lesson", "Takeaway", "In practice", "Example")
MOVES = ("Focus on", "Invest in", "Rethink", "Measure", "Simplify", "Start with", "Protect")
ACRONYMS = {"ai": "AI", "okrs": "OKRs", "b2b": "B2B", "pms": "PMs"}
VIDEO_CHARS = string.ascii_letters + string.digits + "_-"


@dataclass
class Plan:
    """One note before it is written: who it is and how its time is written."""

    index: int
    title: str
    stem: str
    video: str
    style: str  # "clock", "shifted" (MM:SS:00 throughout) or "mixed"
    duration: int  # seconds
    defects: list[str] = field(default_factory=list)

    @property
    def shifted(self) -> bool:
        return self.style == "shifted"

    @property
    def is_topic(self) -> bool:
        return not self.stem[:3].isdigit()


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


def plan_notes(rng: Random, count: int) -> tuple[list[Plan], list[str]]:
    """Plan every note, plus the titles that links name but no note has (dangling topics)."""
    dangling_count = max(4, count // 4)
    names = titles(rng, count + dangling_count)
    plans: list[Plan] = []
    video, duration, left = "", 0, 0
    for index, title in enumerate(names[:count]):
        if left == 0:  # a new episode: most have one note, some two or three
            video = video_id(rng)
            duration = rng.randint(EPISODE_MIN, EPISODE_MAX)
            left = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
        left -= 1
        # Each note of an episode has its own style: a shifted note may share its video
        # with notes written in real clock time.
        roll = rng.random()
        shifted_share = SHIFTED_SHARE / SHIFTED_POSSIBLE  # of the episodes short enough to write so
        style = "shifted" if roll < shifted_share else "mixed" if roll < shifted_share + MIXED_SHARE else "clock"
        if style == "shifted" and duration > SHIFTED_MAX:
            style = "clock"
        stem = generator_key(title) if rng.random() < TOPIC_SHARE else f"{index:03d}_{rng.getrandbits(64):016x}"
        defects = [kind for kind, rate in DEFECT_RATES.items() if rng.random() < rate]
        plans.append(Plan(index, title, stem, video, style, duration, defects))
    return plans, names[count:]


class NoteWriter:
    """Writes one note's text from its plan; links point at other planned notes."""

    def __init__(self, rng: Random, plans: list[Plan], dangling: list[str]) -> None:
        self.rng = rng
        self.plans = plans
        self.dangling = dangling

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

    def clock(self, plan: Plan, seconds: int, defect: bool, shifted: bool) -> str:
        minutes, secs = divmod(seconds, 60)
        if shifted:
            junk = self.rng.randint(1, 9) if self.rng.random() < JUNK_SHARE else 0
            written = label = f"{minutes:02d}:{secs:02d}:{junk:02d}"
        else:
            written = f"{minutes // 60:02d}:{minutes % 60:02d}:{secs:02d}"
            label = written
        if defect:  # the visible label disagrees with data-t, as in seed 004
            label = written[:-2] + f"{(int(written[-2:]) + 3) % 60:02d}"
        return f'<a class="yt-timestamp" data-t="{written}">[{label}]</a>'

    def claim(self, plan: Plan, seconds: int, links: list[bool], defect: str | None, shifted: bool) -> str:
        rng = self.rng
        subject = display(rng.choice(SUBJECTS))
        if rng.random() < 0.22:
            text, dangles = self.link(plan)
            links.append(dangles)
            subject = text
        text = f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {subject} {rng.choice(TAILS)}"
        if rng.random() < 0.5:
            text += f", {rng.choice(CLAUSES)}"
        if defect == "mojibake":
            text += " â€“ a point the guest repeats"
        elif defect == "replacement":
            text = text.replace("e", "\ufffd", 1)
        elif defect == "zero_width":
            text = text.replace(" ", " \u200b", 1)
        elif defect == "entity":
            text += " &amp;ndash; twice"
        return f"{text} {self.clock(plan, seconds, defect == 'label', shifted)}"

    def heading(self, plan: Plan, level: int, links: list[bool]) -> str:
        rng = self.rng
        if level == 3:
            return f"### {rng.choice(SOLUTIONS)}: {rng.choice(MOVES)} {display(rng.choice(SUBJECTS))}"
        if rng.random() < 0.1:
            text, dangles = self.link(plan)
            links.append(dangles)
            return f"## The {text}"
        return f"## {rng.choice(ASPECTS).capitalize()} of {display(rng.choice(SUBJECTS))}"

    def note(self, plan: Plan) -> tuple[str, list[bool]]:
        """The note's text and, for each topical link in it, whether it dangles."""
        rng = self.rng
        count = rng.randint(44, 58)
        times = sorted(rng.randrange(plan.duration) for _ in range(count))
        for _ in range(count // 6):  # real notes are not strictly in time order
            a, b = rng.randrange(count), rng.randrange(count)
            times[a], times[b] = times[b], times[a]
        defects = dict(zip(rng.sample(range(count), len(plan.defects)), plan.defects, strict=False))
        links: list[bool] = []
        # A mixed note slips into shifted writing for its last third or so, where the
        # minutes are many; it never writes a minute past 99 that way.
        slip = rng.randint(count * 3 // 5, count * 4 // 5) if plan.style == "mixed" else count
        claims = [
            self.claim(plan, t, links, defects.get(i), plan.shifted or (i >= slip and t < SHIFTED_MAX))
            for i, t in enumerate(times)
        ]
        out = [f"---\ntitle: {plan.title}\nvideoId: {plan.video}\n---\n\nFrom: [[lennyspodcast]] <br/> \n\n"]
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
                    out.append(
                        "".join(f"*   **{rng.choice(ASPECTS).capitalize()}:** {c}\n" for c in claims[at : at + take])
                    )
                    out.append("\n")
                else:
                    out.append(" ".join(c + "." for c in claims[at : at + take]) + "\n\n")
                at += take
        return "".join(out).rstrip("\n") + "\n", links


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


def generate(out: Path, count: int, seed: int) -> dict:
    """Write the site into `out` and return its summary (also saved as `generated.json`)."""
    rng = Random(seed)
    plans, dangling = plan_notes(rng, count)
    writer = NoteWriter(rng, plans, dangling)
    docs = out / "docs"
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out}: exists and was not written by this generator; refusing to touch it")
        for stale in ("docs", "site-plain", "site-plugin"):
            shutil.rmtree(out / stale, ignore_errors=True)
    docs.mkdir(parents=True)
    total_links = total_dangling = total_bytes = 0
    truth: dict = {"videos": {}, "notes": {}}
    for plan in plans:
        truth["videos"][plan.video] = plan.duration
        truth["notes"][f"{plan.stem}.md"] = {"video": plan.video, "style": plan.style, "defects": plan.defects}
        text, links = writer.note(plan)
        data = text.encode("utf-8")
        (docs / f"{plan.stem}.md").write_bytes(data)
        total_links += len(links)
        total_dangling += sum(links)
        total_bytes += len(data)
    (docs / "index.md").write_text(INDEX_PAGE.format(count=count, seed=seed), encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        CONFIG.format(
            what="Built with the plugin.", count=count, site_dir="site-plugin", plugins="  - search\n  - pmnotes"
        ),
        encoding="utf-8",
    )
    (out / "mkdocs-plain.yml").write_text(
        CONFIG.format(what="Plain build, no plugin.", count=count, site_dir="site-plain", plugins="  - search"),
        encoding="utf-8",
    )
    summary = {
        "notes": count,
        "seed": seed,
        "version": VERSION,
        "bytes": total_bytes,
        "topic_notes": sum(p.is_topic for p in plans),
        "videos": len({p.video: None for p in plans}),
        "shifted_notes": sum(p.shifted for p in plans),
        "mixed_notes": sum(p.style == "mixed" for p in plans),
        "shifted_sharing_a_video": sum(
            p.shifted and any(o.video == p.video and not o.shifted for o in plans) for p in plans
        ),
        "links": total_links,
        "dangling_links": total_dangling,
        "defects": {kind: sum(kind in p.defects for p in plans) for kind in DEFECT_RATES},
    }
    (out / MARKER).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (out / TRUTH).write_text(json.dumps(truth, sort_keys=True) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (docs/, mkdocs.yml, mkdocs-plain.yml)")
    parser.add_argument("--notes", type=int, default=2000, help="number of notes (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.notes < 1:
        parser.error("--notes must be at least 1")
    summary = generate(args.out, args.notes, args.seed)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
