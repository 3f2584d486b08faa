"""A plain-text time the episode's reading corrects is written as an anchor that plays it."""

from __future__ import annotations

from cli_support import note

SHIFTED = "".join(
    f'Claim <a class="yt-timestamp" data-t="{m:02d}:{s:02d}:00">[{m:02d}:{s:02d}:00]</a>.\n\n'
    for m, s in [(1, 5), (3, 10), (6, 33), (12, 2), (20, 40), (31, 2), (40, 0), (52, 30)]
)


def test_fixing_writes_the_corrected_time_once(project, run):
    root = project({"docs/a.md": note(SHIFTED + "And plainly [55:10:00].", video="dQw4w9WgXcQ")})
    listed = run("lint", "--no-cache", "--output-format", "json", "--select", "PMN104,PMN108")
    assert '"PMN108"' in listed.out and "55:10:00 reads as 00:55:10" in listed.out
    safe = run("lint", "--no-cache", "--fix", "--select", "PMN104,PMN108")
    assert "[55:10:00]" in (root / "docs/a.md").read_text(encoding="utf-8"), safe.out  # unsafe: left alone
    run("lint", "--no-cache", "--fix", "--unsafe-fixes", "--select", "PMN104,PMN108")
    text = (root / "docs/a.md").read_text(encoding="utf-8")
    assert 'And plainly <a class="yt-timestamp" data-t="00:55:10">[00:55:10]</a>.' in text
    again = run("lint", "--no-cache", "--output-format", "json", "--select", "PMN104,PMN108")
    assert again.out.strip() == "[]"
