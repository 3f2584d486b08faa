"""Bad input: each case gives a finding or one `path: problem` line, never a traceback,
and the run goes on with the other files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cli_support import note

GOOD_WITH_A_FINDING = note("See [[nowhere_at_all]].", title="Good")


def codes_for(run, *paths: str) -> tuple[dict[str, list[str]], str, int]:
    result = run("lint", "--format", "json", *paths, "docs/good.md")
    found: dict[str, list[str]] = {}
    for item in json.loads(result.out):
        found.setdefault(item["path"], []).append(item["code"])
    assert found["docs/good.md"] == ["PMN201"], "the run must go on with the other files"
    assert "Traceback" not in result.err
    return found, result.err, result.code


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(note("caf\xe9").encode("cp1252"), "PMN305", id="not-utf8"),
        pytest.param(b"---\ntitle: [unclosed\n---\nbody\n", "PMN401", id="front-matter-not-yaml"),
        pytest.param(b"---\ntitle: x\nnever closed\n", "PMN401", id="front-matter-unterminated"),
        pytest.param(b"---\n- a list\n---\nbody\n", "PMN401", id="front-matter-not-a-mapping"),
        pytest.param(b"just text\n", "PMN401", id="front-matter-missing"),
        pytest.param(b"", "PMN401", id="empty"),
        pytest.param(note("NUL \x00 here").encode(), "PMN303", id="nul-bytes"),
        pytest.param(b"\xff\xfe\x00\x00binary\x00junk", "PMN305", id="binary"),
    ],
)
def test_bad_file_gives_a_finding(project, run, content, code):
    project({"docs/bad.md": content, "docs/good.md": GOOD_WITH_A_FINDING})
    found, err, exit_code = codes_for(run, "docs/bad.md")
    assert code in found["docs/bad.md"]
    assert err == ""
    assert exit_code == 1


def test_ten_megabyte_file(project, run):
    paragraph = "A long transcript line about product work, with a [[good]] link. " * 20 + "\n\n"
    body = paragraph * (10 * 1024 * 1024 // len(paragraph) + 1)
    project({"docs/big.md": note(body, title="Big"), "docs/good.md": GOOD_WITH_A_FINDING})
    assert os.path.getsize("docs/big.md") > 10 * 1024 * 1024
    found, err, _ = codes_for(run, "docs/big.md")
    assert "docs/big.md" not in found  # every link resolves: nothing to report
    assert err == ""


def test_missing_path_is_one_line(project, run):
    project({"docs/good.md": GOOD_WITH_A_FINDING})
    _, err, code = codes_for(run, "docs/missing.md")
    assert err == "docs/missing.md: no such file or directory\n"
    assert code == 1


def test_directory_is_linted_as_a_folder_of_notes(project, run):
    project({"docs/sub/inner.md": note("[[nowhere_else]]", title="Inner"), "docs/good.md": GOOD_WITH_A_FINDING})
    Path("docs/empty.md").mkdir()
    found, err, _ = codes_for(run, "docs/sub", "docs/empty.md")
    assert found["docs/sub/inner.md"] == ["PMN201"]
    assert err == "docs/empty.md: a folder with no notes in it\n"


def test_symlink_loop_is_one_line(project, run):
    project({"docs/good.md": GOOD_WITH_A_FINDING})
    os.symlink("loop.md", "docs/loop.md")
    _, err, code = codes_for(run, "docs/loop.md")
    assert err == "docs/loop.md: Too many levels of symbolic links\n"
    assert code == 1
    # Walking the folder meets the same file: still one line, still no traceback.
    result = run("lint")
    assert result.err == "docs/loop.md: Too many levels of symbolic links\n"


def _as_unprivileged() -> list[str] | None:
    """A command prefix that drops root, or [] when not root; None when neither works."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def test_unreadable_file_is_one_line():
    """chmod 000. Root reads any file, so under root the linter runs as `nobody`."""
    prefix = _as_unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv: root can read a chmod 000 file")
    folder = Path(tempfile.mkdtemp(prefix="pmnotes-unreadable-"))
    try:
        folder.chmod(0o755)
        (folder / "good.md").write_text(GOOD_WITH_A_FINDING)
        locked = folder / "locked.md"
        locked.write_text(note("secret"))
        locked.chmod(0)
        (folder / "good.md").chmod(0o644)
        script = Path(sys.executable).with_name("pmnotes")
        done = subprocess.run(
            [*prefix, str(script), "lint", "locked.md", "good.md"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        if prefix and "Permission denied" in done.stderr and "locked.md" not in done.stderr:
            pytest.skip(f"the unprivileged user cannot run the linter here: {done.stderr.strip()}")
        assert done.stderr == "locked.md: permission denied\n"
        assert done.stdout.startswith("good.md:")
        assert done.returncode == 1
    finally:
        shutil.rmtree(folder)


def test_every_bad_input_at_once_through_the_installed_script(tmp_path):
    """The real entry point: bad files, a missing path and a folder, then one good note."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "latin.md").write_bytes(note("caf\xe9").encode("cp1252"))
    (docs / "empty.md").write_bytes(b"")
    (docs / "nul.md").write_bytes(b"\x00" * 64)
    (docs / "broken.md").write_bytes(b"---\ntitle: [\n---\n")
    (docs / "folder.md").mkdir()
    (docs / "good.md").write_text(GOOD_WITH_A_FINDING)
    script = Path(sys.executable).with_name("pmnotes")
    done = subprocess.run(
        [str(script), "lint", "docs", "missing.md"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert "Traceback" not in done.stderr
    assert done.stderr == "missing.md: no such file or directory\n"
    shown = {line.split(":")[0] for line in done.stdout.splitlines() if line.startswith("docs/")}
    assert shown == {"docs/latin.md", "docs/empty.md", "docs/nul.md", "docs/broken.md", "docs/good.md"}
    assert done.returncode == 1
