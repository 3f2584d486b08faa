"""pre-commit, for real: a repository of notes uses this checkout's hooks.

The hook repository is a git snapshot of the working tree (pre-commit needs a
committed rev), so the test checks the code as it is, committed or not.
pre-commit installs the package into a virtualenv of its own, through the
configured pip indexes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parents[1]
GIT = ["git", "-c", "user.name=pmnotes tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def note(title: str, body: str) -> str:
    return f"---\ntitle: {title}\nvideoId: abcdefghijk\n---\n\n{body}\n"


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A one-commit git repository holding the working tree's files."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed):
        source = HERE / name
        if source.is_file():
            target = repo / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot")
    return repo, git(repo, "rev-parse", "HEAD")


@pytest.fixture
def notes_repo(tmp_path: Path, hook_repo: tuple[Path, str]) -> Path:
    repo_path, rev = hook_repo
    repo = tmp_path / "notes"
    (repo / "docs").mkdir(parents=True)
    (repo / "mkdocs.yml").write_text("site_name: Notes\nplugins:\n  - pmnotes:\n      notes: [archive]\n")
    # a.md links to b.md and to a note in the archive; only a.md is ever passed to the hook.
    (repo / "docs/a.md").write_text(note("A", "See [[b | the other note]] and [[older]]."))
    (repo / "docs/b.md").write_text(note("B", "Nothing to see."))
    (repo / "archive").mkdir()
    (repo / "archive/older.md").write_text(note("Older", "From before."))
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path}\n    rev: {rev}\n    hooks:\n      - id: pmnotes-lint\n      - id: pmnotes-fix\n        stages: [manual]\n"
    )
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "notes")
    return repo


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_hook_fails_on_a_planted_defect_and_passes_once_fixed(notes_repo: Path, tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    clean = pre_commit(notes_repo, home, "pmnotes-lint", "--files", "docs/a.md")
    # Passing only a.md still resolves [[b]] and [[older]]: the hook indexes the whole site.
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    (notes_repo / "docs/a.md").write_text(note("A", "See [[b | the other\u200b note]] and [[missing_topic]]."))
    failed = pre_commit(notes_repo, home, "pmnotes-lint", "--files", "docs/a.md")
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    assert "docs/a.md:6:" in failed.stdout and "PMN303" in failed.stdout and "PMN201" in failed.stdout
    assert "Found" not in failed.stdout  # the hooks run `--quiet`: the findings that fail, no summary

    (notes_repo / "docs/a.md").write_text(note("A", "See [[b | the other note]] and [[older]]."))
    fixed = pre_commit(notes_repo, home, "pmnotes-lint", "--files", "docs/a.md")
    assert fixed.returncode == 0, fixed.stdout


def test_fix_hook_repairs_the_file(notes_repo: Path, tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    path = notes_repo / "docs/b.md"
    path.write_text(note("B", "A dash \u00e2\u20ac\u201c and an entity &amp;amp; here."))
    first = pre_commit(notes_repo, home, "pmnotes-fix", "--hook-stage", "manual", "--files", "docs/b.md")
    assert first.returncode == 1  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in first.stdout
    assert path.read_text() == note("B", "A dash \u2013 and an entity &amp; here.")
    second = pre_commit(notes_repo, home, "pmnotes-fix", "--hook-stage", "manual", "--files", "docs/b.md")
    assert second.returncode == 0, second.stdout
