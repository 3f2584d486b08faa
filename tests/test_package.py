"""The package as a user gets it.

The dependencies pyproject.toml declares are the distributions the code imports. The sdist and
wheel are built from the repository's files and pass `twine check`; the wheel is installed into
fresh virtual environments, once with the newest dependencies and once with the lowest that
pyproject.toml allows, and each runs `pmnotes lint` and `mkdocs build` on the seeds.
Dependencies come from the package index through pip's own cache.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

HERE = Path(__file__).resolve().parents[1]
SEEDS = sorted((HERE / "seeds").glob("*.md"))
PROJECT = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Declared without being imported: the theme, which a site names in mkdocs.yml.
NOT_IMPORTED = {"mkdocs-material"}
# Found before any test points XDG_CACHE_HOME at a temporary folder, so that the dependencies
# are downloaded once, not on every run.
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pip"
)


def declared() -> dict[str, Requirement]:
    """The dependencies that apply to this Python, by canonical name."""
    requirements = (Requirement(line) for line in PROJECT["dependencies"])
    return {canonicalize_name(r.name): r for r in requirements if r.marker is None or r.marker.evaluate()}


def imported() -> dict[str, set[str]]:
    """Each third-party distribution the package imports -> the files importing it."""
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for path in sorted((HERE / "mkdocs_pmnotes").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.partition(".")[0]
                if top in sys.stdlib_module_names or top == "mkdocs_pmnotes":
                    continue
                for dist in owners.get(top, [f"{top} (no installed distribution)"]):
                    found.setdefault(canonicalize_name(dist), set()).add(path.relative_to(HERE).as_posix())
    return found


def floor(requirement: Requirement) -> str:
    """The version after `>=`: the lowest release the requirement allows."""
    lows = [spec.version for spec in requirement.specifier if spec.operator == ">="]
    assert len(lows) == 1, f"{requirement}: give it one `>=` floor, a release that installs"
    return lows[0]


def test_every_imported_distribution_is_declared():
    missing = {dist: files for dist, files in imported().items() if dist not in declared()}
    assert not missing, f"imported but not in [project].dependencies: {missing}"


def test_every_declared_distribution_is_imported_except_the_theme():
    assert set(declared()) - set(imported()) == NOT_IMPORTED


def test_every_dependency_has_a_floor():
    for requirement in declared().values():
        floor(requirement)


# The rest builds, installs and runs the package for real.


def run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, f"{done.args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def environment(cache_home: Path) -> dict[str, str]:
    """This process's environment, less what would tie the tools to this checkout: its Python
    path and virtualenv, and the switch that hides Material's banner (the plugin tests set it)."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "NO_MKDOCS_2_WARNING"):
        env.pop(name, None)
    env.update(
        PIP_CACHE_DIR=PIP_CACHE,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        XDG_CACHE_HOME=str(cache_home),
    )
    return env


@dataclass(frozen=True)
class Dists:
    sdist: Path
    wheel: Path


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """The sdist and wheel, built from the files a clone has (tracked or not ignored)."""
    root = tmp_path_factory.mktemp("package")
    source = root / "source"
    listed = ok(run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], HERE, dict(os.environ)))
    for name in filter(None, listed.stdout.split("\0")):
        if (HERE / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(HERE / name, source / name)
    # build makes the sdist, then the wheel from the unpacked sdist: a file the sdist
    # misses is missing from the wheel too.
    ok(run([sys.executable, "-m", "build", "--outdir", root / "dist", source], root, environment(root / "cache")))
    (sdist,) = (root / "dist").glob("*.tar.gz")
    (wheel,) = (root / "dist").glob("*.whl")
    return Dists(sdist, wheel)


@pytest.mark.slow
def test_twine_check_passes(dists):
    done = ok(
        run([sys.executable, "-m", "twine", "check", "--strict", dists.sdist, dists.wheel], HERE, os.environ.copy())
    )
    assert done.stdout.count("PASSED") == 2


@pytest.mark.slow
def test_the_license_is_in_the_sdist_and_the_wheel(dists):
    license_text = (HERE / "LICENSE").read_bytes()
    with tarfile.open(dists.sdist) as sdist:
        (member,) = [m for m in sdist.getmembers() if m.name.count("/") == 1 and m.name.endswith("/LICENSE")]
        extracted = sdist.extractfile(member)
        assert extracted is not None and extracted.read() == license_text
    with zipfile.ZipFile(dists.wheel) as wheel:
        (name,) = [n for n in wheel.namelist() if re.fullmatch(r"[^/]+\.dist-info/licenses/LICENSE", n)]
        assert wheel.read(name) == license_text
        (metadata,) = [n for n in wheel.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)]
        headers = wheel.read(metadata).decode()
    assert "\nLicense-Expression: MIT\n" in headers
    assert "\nLicense-File: LICENSE\n" in headers


@dataclass(frozen=True)
class Installed:
    kind: str  # "newest" or "lowest"
    venv: Path
    site: Path  # a tiny site: the seeds under docs/notes/, `plugins: [pmnotes]`
    env: dict[str, str]

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name


def write_site(root: Path) -> Path:
    site = root / "site"
    notes = site / "docs" / "notes"
    notes.mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy2(seed, notes / seed.name)
    (site / "docs" / "index.md").write_text(
        f"# Notes\n\nStart with [[{SEEDS[0].stem} | the first note]].\n", encoding="utf-8"
    )
    (site / "mkdocs.yml").write_text(
        "site_name: Seeds\ntheme:\n  name: material\nplugins: [pmnotes]\n", encoding="utf-8"
    )
    return site


def pip(venv: Path) -> list[str | Path]:
    return [sys.executable, "-m", "pip", "--python", venv / "bin" / "python"]


@pytest.fixture(scope="module", params=["newest", "lowest"])
def installed(request: pytest.FixtureRequest, dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel in a fresh virtual environment, with the newest or the lowest dependencies."""
    root = tmp_path_factory.mktemp(f"installed-{request.param}")
    env = environment(root / "cache")
    venv = root / "venv"
    # This checkout's pip installs into it (`--python`): seeding a pip of its own costs seconds.
    ok(run([sys.executable, "-m", "venv", "--without-pip", venv], root, env))
    pin: list[str | Path] = []
    if request.param == "lowest":
        constraints = root / "lowest.txt"
        constraints.write_text("".join(f"{r.name}=={floor(r)}\n" for r in declared().values()), encoding="utf-8")
        pin = ["--constraint", constraints]
    # Python compiles what it imports; compiling all of Material up front would double the install.
    ok(run([*pip(venv), "install", "--quiet", "--no-compile", *pin, dists.wheel], root, env))
    return Installed(request.param, venv, write_site(root), env)


@pytest.mark.slow
def test_the_package_runs_from_the_environment(installed):
    done = ok(
        run(
            [installed.bin("python"), "-c", "import mkdocs_pmnotes; print(mkdocs_pmnotes.__file__)"],
            installed.site,
            installed.env,
        )
    )
    assert Path(done.stdout.strip()).is_relative_to(installed.venv)
    ok(run([*pip(installed.venv), "check"], installed.site, installed.env))


@pytest.mark.slow
def test_the_environment_holds_the_versions_it_should(installed):
    requirements = declared()
    script = "import sys, importlib.metadata as m\nfor name in sys.argv[1:]: print(name, m.version(name))"
    done = ok(run([installed.bin("python"), "-c", script, *requirements], installed.site, installed.env))
    versions = dict(line.split() for line in done.stdout.splitlines())
    for name, requirement in requirements.items():
        version = Version(versions[name])
        assert requirement.specifier.contains(version, prereleases=True), f"{name} {version}"
        if installed.kind == "lowest":
            assert version == Version(floor(requirement)), f"{name} {version} is not the floor {floor(requirement)}"


@pytest.mark.slow
def test_pmnotes_lint_reports_the_seeds(installed):
    done = run([installed.bin("pmnotes"), "lint"], installed.site, installed.env)
    assert done.returncode == 1, done.stderr
    for seed in SEEDS:
        assert f"docs/notes/{seed.name}:" in done.stdout, seed.name
    assert re.search(r"^Found \d+ findings\.$", done.stdout, re.MULTILINE)


class Anchors(HTMLParser):
    """Every `<a>` of a page, as its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.found.append({k: v or "" for k, v in attrs})

    def classed(self, name: str) -> list[dict[str, str]]:
        return [a for a in self.found if name in a.get("class", "").split()]


@pytest.mark.slow
def test_mkdocs_build_rewrites_the_links(installed):
    done = ok(run([installed.bin("mkdocs"), "build"], installed.site, installed.env))
    # Material before 9.8 prints this on every build: the reason for the floor.
    assert "plugins will stop working" not in done.stdout + done.stderr
    built = installed.site / "site"
    index = Anchors((built / "index.html").read_text(encoding="utf-8"))
    assert f"notes/{SEEDS[0].stem}/" in [a["href"] for a in index.classed("pmn-link")]
    for seed in SEEDS:
        note = Anchors((built / "notes" / seed.stem / "index.html").read_text(encoding="utf-8"))
        assert note.classed("pmn-link"), seed.name
        assert note.classed("pmn-ts"), seed.name
        assert all(a["href"].startswith("https://www.youtube.com/watch?v=") for a in note.classed("pmn-ts"))
