"""Only regular files are read, and only up to the size limit: a FIFO or /dev/zero never hangs a run."""

from __future__ import annotations

import json
import os
import tracemalloc

import pytest
from cli_support import note

from mkdocs_pmnotes.core.files import read_file, read_page

MB = 1 << 20
GOOD = note("See [[nowhere_at_all]].", title="Good")

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def test_a_fifo_and_dev_zero_are_named_not_read(project, run):
    project({"docs/good.md": GOOD})
    os.mkfifo("docs/x.md")  # no writer: opening it for reading would block forever
    os.symlink("/dev/zero", "docs/zero.md")
    result = run("lint", "--format", "json", "docs/good.md")  # the index opens every note of the site
    assert [item["code"] for item in json.loads(result.out)] == ["PMN201"]
    assert result.err == ""
    tracemalloc.start()
    try:
        result = run("lint")  # the whole site, walked: both are met
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.err == (
        "docs/x.md: is a FIFO, not a regular file\ndocs/zero.md: is a character device, not a regular file\n"
    )
    assert result.code == 1 and "Traceback" not in result.err
    assert peak < 8 * MB


def test_readers_refuse_what_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "x.md"
    os.mkfifo(fifo)
    assert read_file(fifo).problem == "is a FIFO, not a regular file"
    assert read_file("/dev/zero").problem == "is a character device, not a regular file"
    assert read_page(fifo, "x.md").title is None


def test_a_file_over_the_configured_limit_is_a_finding_and_not_read(project, run):
    project({"docs/good.md": GOOD, "docs/big.md": note("x" * 5000, title="Big")}, plugin="max_file_size: 4KB")
    result = run("lint", "--format", "json")
    found = {(item["path"], item["code"]): item for item in json.loads(result.out)}
    assert set(found) == {("docs/big.md", "PMN306"), ("docs/good.md", "PMN201")}
    size = os.path.getsize("docs/big.md")
    assert found["docs/big.md", "PMN306"]["message"] == (
        f"the file is {size:,} bytes, over the size limit of 4,096 (`max_file_size`); not read"
    )
    assert read_file("docs/big.md", 4096).text is None and read_file("docs/big.md", None).text is not None


@pytest.mark.parametrize("value", ["lots", -1, "0MB", True])
def test_a_bad_size_limit_is_a_config_error(project, run, value):
    project({"docs/good.md": GOOD}, plugin=f"max_file_size: {json.dumps(value)}")
    result = run("lint")
    assert result.code == 2 and "max_file_size: expected a size in bytes or like 32MB" in result.err


def _billion_laughs() -> str:
    """A 0.6 KB note whose front matter stands for 9**9 strings through YAML aliases."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{','.join(['*' + chr(96 + i)] * 9)}]")
    lines += ["title: *i", "aliases: *i", "description: *i"]
    return "---\n" + "\n".join(lines) + "\n---\n\nA [[good]] note with a bomb for front matter.\n"


def test_billion_laughs_front_matter_is_a_finding_in_a_few_megabytes(project, run):
    project({"docs/good.md": GOOD, "docs/bomb.md": _billion_laughs()})
    assert os.path.getsize("docs/bomb.md") < 1024
    tracemalloc.start()
    try:
        result = run("lint", "--format", "json")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    found = [(item["path"], item["line"], item["code"]) for item in json.loads(result.out)]
    assert ("docs/bomb.md", 6, "PMN401") in found and ("docs/good.md", 6, "PMN201") in found
    assert peak < 16 * MB  # 7.45 GB when the aliases were expanded


@pytest.mark.parametrize("duration", [".inf", "1e400", "-.inf", ".nan"])
def test_an_endless_duration_is_no_duration(project, run, duration):
    body = 'Claim <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>.'
    text = f"---\ntitle: Endless\nvideoId: abcdefghijk\nduration: {duration}\n---\n\n{body}\n"
    project({"docs/a.md": text})
    result = run("lint")
    assert (result.code, result.err) == (0, ""), result.out + result.err


@pytest.mark.parametrize("duration", ["²", "9" * 5_000], ids=["superscript-digit", "5000-digits"])
def test_a_duration_int_refuses_is_no_duration(project, run, duration):
    anchor = '<a class="yt-timestamp" data-t="00:01:07">[00:01:08]</a>'
    text = f'---\ntitle: Odd\nvideoId: abcdefghijk\nduration: "{duration}"\n---\n\nClaim {anchor}.\n'
    project({"docs/a.md": text})
    result = run("lint", "--format", "json")
    assert result.err == "", result.err  # no "failed on this file"
    assert [(item["line"], item["code"]) for item in json.loads(result.out)] == [(7, "PMN102")]
    assert result.code == 1
