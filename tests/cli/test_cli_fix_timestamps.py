"""`--fix --unsafe-fixes` writes exactly what the findings say, and the site then plays the same seconds.

Run on the benchmark generator's notes and on skeletons of real notes (`../shared/timestamps/`,
when the project's shared folder is there): every timestamp correction is decided once, from the
notes as they were, whatever order the files are fixed in.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tarfile
from pathlib import Path

import pytest

from mkdocs_pmnotes.cli import main

ROOT = Path(__file__).resolve().parents[2]
SKELETONS = ROOT.parent / "shared" / "timestamps" / "skeletons.tar.gz"
# Channels whose notes mix styles, write junk last fields and run long: the hard cases.
CHANNELS = ("goodareaslive", "kuanceptionfilms", "toptradersunplugged", "josephnoelwalker")
_READS = re.compile(r"^(?P<written>\S+) reads as (?P<reading>\d\d:\d\d:\d\d)")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(list(args))
    return capsys.readouterr().out


def _fix_and_compare(folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(folder)
    before = json.loads(_run(capsys, "timestamps", "--format", "json", "notes"))
    findings = json.loads(_run(capsys, "lint", "--no-cache", "--format", "json", "--select", "PMN104", "notes"))
    stated = {}
    for finding in findings:
        match = _READS.match(finding["message"])
        assert match, finding["message"]
        stated[
            (finding["filename"] if "filename" in finding else finding["path"], finding["line"], match["written"])
        ] = match["reading"]
    _run(capsys, "lint", "--no-cache", "--fix", "--unsafe-fixes", "--select", "PMN1", "notes")
    after = json.loads(_run(capsys, "timestamps", "--format", "json", "notes"))
    assert len(after) == len(before)
    changed = 0
    for old, new in zip(before, after, strict=True):
        assert (old["path"], old["line"]) == (new["path"], new["line"])
        if old["plays"] is not None:
            assert new["plays"] == old["plays"], (old, new)
        reading = stated.get((old["path"], old["line"], old["data_t"]))
        if reading is not None:
            assert new["data_t"] == reading, (old, new)
            changed += 1
    # Nothing is left to correct: a second run changes nothing.
    assert json.loads(_run(capsys, "lint", "--no-cache", "--format", "json", "--select", "PMN104", "notes")) == []
    return changed


def test_fixing_the_generated_notes_keeps_what_they_play(tmp_path, capsys, monkeypatch):
    spec = importlib.util.spec_from_file_location("pmnotes_generate_fix", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(tmp_path / "site", 150, 3)
    (tmp_path / "site" / "docs").rename(tmp_path / "site" / "notes")
    (tmp_path / "site" / "mkdocs.yml").unlink()
    assert _fix_and_compare(tmp_path / "site", capsys, monkeypatch) > 50


@pytest.mark.slow
@pytest.mark.skipif(not SKELETONS.is_file(), reason="the shared timestamp skeletons are not beside this project")
def test_fixing_skeletons_of_real_notes_keeps_what_they_play(tmp_path, capsys, monkeypatch):
    with tarfile.open(SKELETONS) as archive:
        members = [m for m in archive.getmembers() if m.name.split("/")[1:2] and m.name.split("/")[1] in CHANNELS]
        if hasattr(tarfile, "data_filter"):
            archive.extractall(tmp_path, members=members, filter="data")
        else:  # pragma: no cover - Python before the tar filters; the archive is the project's own
            archive.extractall(tmp_path, members=members)
    (tmp_path / "content").rename(tmp_path / "notes")
    assert _fix_and_compare(tmp_path, capsys, monkeypatch) > 1000
