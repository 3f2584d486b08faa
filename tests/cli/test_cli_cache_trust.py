"""A cache folder is shared (CI caches, a temporary folder): nothing in it is obeyed unless this user wrote it.

Every entry is signed with a key of the user's own, kept outside the cache. A forged
entry, one signed by someone else, and one holding what the linter could never have
written are dropped, and the note is linted again: the run reports what `--no-cache`
reports, and `--fix` writes only what the rules offer.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from cli_support import note

from mkdocs_pmnotes.lint import cache, checker, linter

# These check how the cache answers each note: no run prints a kept output instead (`test_cli_replay.py`).
pytestmark = pytest.mark.usefixtures("no_replay")

SITE = {
    "docs/a.md": note("See [[b#Intro]] and [[nowhere]].", "A"),
    "docs/b.md": note("# Other\n\nText with a mojibake â€“ dash.", "B", video="bbbbbbbbbbb"),
}
SCRIPT = "<script>alert(1)</script>"


def _age(root: Path) -> None:
    past = time.time() - 10
    for path in root.rglob("*.md"):
        os.utime(path, (past, past))


def _warm(project, run) -> tuple[Path, Path]:
    """A site linted once with the cache: (project folder, the cache folder of its settings)."""
    root = project(SITE)
    _age(root)
    run("lint")
    return root, next((root / ".pmnotes_cache").glob("*/*"))


def _shard_of(folder: Path, name: str, kind: str = "findings") -> tuple[Path, dict]:
    """The file of `kind` (`findings`, or `shown`: as the concise format prints them) holding `name`, and what it holds."""
    for path in sorted(folder.glob(f"{kind}-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if name in data:
            return path, data
    raise AssertionError(f"no {kind} entry for {name}")


def _items(folder: Path, name: str) -> list:
    """The cached findings of `name`, as lists of fields."""
    return json.loads(_shard_of(folder, name)[1][name][0])


def _put_items(folder: Path, name: str, items: list, signed: bool, key_home: Path, text: str | None = None) -> None:
    """Write `items` (or the JSON `text`) as the findings of `name`; signed as the linter signs if `signed`."""
    path, data = _shard_of(folder, name)
    data[name][0] = json.dumps(items) if text is None else text
    if signed:
        head = _shard_of(folder, name, "shown")[1][name][0]
        data[name][1] = _signer(folder, key_home)._sign("findings", name, [head, data[name][0]])
    path.write_text(json.dumps(data), encoding="utf-8")


def _signer(folder: Path, key_home: Path) -> cache.Cache:
    """A cache that signs as a run does: what is checked after the signature is then tested."""
    key = (key_home / "pmnotes" / cache.KEY_FILE).read_bytes()
    return cache.Cache(folder.parent.parent, folder.name, secret=key)


def _same_as_no_cache(run) -> None:
    """A run reports what `--no-cache` reports: printed as the cache keeps it, and made again from it (JSON)."""
    for extra in ([], ["--format", "json"]):
        expected = run("lint", "--no-cache", *extra)
        got = run("lint", *extra)
        assert (got.code, got.out, got.err) == (expected.code, expected.out, expected.err)


def test_a_forged_fix_in_the_cache_is_never_written(project, run):
    root, folder = _warm(project, run)
    items = _items(folder, "a.md")
    # Right shape, right context, a fix its rule could offer: only the signature is missing.
    items.append(
        [1, 1, "PMN301", "mojibake", "mojibake", "warning", None, None, ["repair", "safe", [[0, 3, SCRIPT]]], {}]
    )
    _put_items(folder, "a.md", items, False, None)
    before = (root / "docs/a.md").read_bytes()
    run("lint", "--fix")
    assert SCRIPT.encode() not in (root / "docs/a.md").read_bytes()
    assert (root / "docs/a.md").read_bytes() == before  # a.md has nothing to fix
    _same_as_no_cache(run)


def test_a_cache_signed_with_another_users_key_is_linted_afresh(project, run, monkeypatch, tmp_path):
    _warm(project, run)
    parsed = []
    parse = checker.parse_note
    for module in (checker, linter):
        monkeypatch.setattr(
            module, "parse_note", lambda text, name, *rest: parsed.append(name) or parse(text, name, *rest)
        )
    run("lint")
    assert parsed == []  # this user's own cache is used
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))  # a CI cache made on another runner
    got = run("lint")
    assert parsed == ["a.md", "b.md"]
    expected = run("lint", "--no-cache")
    assert (got.code, got.out, got.err) == (expected.code, expected.out, expected.err)


# Each a number the linter never writes: not finite, a float, out of range, or not a number at all.
NUMBERS = ["1e400", "Infinity", "-Infinity", "NaN", "-1", "99999999999999999999999", "2.0", '"7"', "true", "[]"]
PLACES = {
    "line": lambda item: (item, 0),
    "column": lambda item: (item, 1),
    "end_line": lambda item: (item, 6),
    "edit start": lambda item: (item[8][2][0], 0),
    "edit end": lambda item: (item[8][2][0], 1),
}


def _with_number(folder: Path, place: str, number: str, signed: bool, key_home: Path) -> None:
    """b.md's cached mojibake finding with `number` (JSON text) at `place`; re-signed as the linter signs if `signed`."""
    items = _items(folder, "b.md")
    (item,) = [i for i in items if i[2] == "PMN301"]
    holder, index = PLACES[place](item)
    holder[index] = "__number__"
    _put_items(folder, "b.md", items, signed, key_home, json.dumps(items).replace('"__number__"', number))


@pytest.mark.parametrize("signed", [False, True], ids=["forged", "signed"])
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("number", NUMBERS)
def test_numbers_the_linter_never_writes_are_dropped_never_a_crash(project, run, key_home, number, place, signed):
    root, folder = _warm(project, run)
    _with_number(folder, place, number, signed, key_home)
    _same_as_no_cache(run)
    before = (root / "docs/b.md").read_text(encoding="utf-8")
    run("lint", "--fix")
    assert (root / "docs/b.md").read_text(encoding="utf-8") == before.replace("â€“", "–")


WRONG = {
    "unknown rule": lambda item: item.__setitem__(2, "PMN999"),
    "name of another rule": lambda item: item.__setitem__(3, "dangling-link"),
    "unknown severity": lambda item: item.__setitem__(5, "fatal"),
    "message not text": lambda item: item.__setitem__(4, 5),
    "a field short": lambda item: item.pop(),
    "fix not a list": lambda item: item.__setitem__(8, "rewrite everything"),
    "unknown applicability": lambda item: item[8].__setitem__(1, "always"),
    "replacement not text": lambda item: item[8][2][0].__setitem__(2, 5),
    "edit ends before it starts": lambda item: item[8][2][0].__setitem__(1, -1),
    "edit past the end of the note": lambda item: item[8][2][0].__setitem__(1, 10_000),
    "data not a mapping": lambda item: item.__setitem__(9, [1]),
    "data holding a mapping": lambda item: item.__setitem__(9, {"a": {"b": 1}}),
    "data holding a float": lambda item: item.__setitem__(9, {"a": 0.5}),
    "data holding a list of numbers": lambda item: item.__setitem__(9, {"a": [1, 2]}),
}


@pytest.mark.parametrize("signed", [False, True], ids=["forged", "signed"])
@pytest.mark.parametrize("wrong", WRONG.values(), ids=WRONG.keys())
def test_entries_of_the_wrong_types_are_dropped(project, run, key_home, wrong, signed):
    _, folder = _warm(project, run)
    items = _items(folder, "b.md")
    (item,) = [i for i in items if i[2] == "PMN301"]
    wrong(item)
    _put_items(folder, "b.md", items, signed, key_home)
    _same_as_no_cache(run)


def test_a_safe_fix_on_a_rule_that_offers_only_unsafe_ones_is_dropped(project, run, key_home):
    _, folder = _warm(project, run)
    items = _items(folder, "b.md")
    (item,) = [i for i in items if i[2] == "PMN301"]
    item[2:4] = ["PMN104", "timestamp-shifted"]  # its fixes need --unsafe-fixes
    _put_items(folder, "b.md", items, True, key_home)
    _same_as_no_cache(run)


def test_a_forged_index_entry_is_read_again(project, run):
    _, folder = _warm(project, run)
    index = folder / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    entry = json.loads(data["b.md"][0])  # kept as the text signed
    entry[4] = "Nowhere"  # a title that would make a.md's `[[nowhere]]` resolve
    keys = entry[7]
    keys.insert(keys.index("|"), "nowhere")
    data["b.md"][0] = json.dumps(entry)
    index.write_text(json.dumps(data), encoding="utf-8")
    _same_as_no_cache(run)
    assert "`nowhere` matches no page" in run("lint").out


def test_the_key_is_the_users_alone_and_never_in_the_cache(project, run, key_home):
    root, _ = _warm(project, run)
    key_file = key_home / "pmnotes" / cache.KEY_FILE
    key = key_file.read_bytes()
    assert len(key) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    for path in (root / ".pmnotes_cache").rglob("*"):
        if path.is_file():
            held = path.read_bytes()
            assert key not in held and key.hex().encode() not in held
    run("lint")
    assert key_file.read_bytes() == key  # made once, then kept


def _symlink_key(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_bytes(b"k" * 32)
    (folder / cache.KEY_FILE).symlink_to(tmp_path / "elsewhere")


def _key_file(size: int, mode: int):
    def plant(folder: Path, _: Path) -> None:
        (folder / cache.KEY_FILE).write_bytes(b"k" * size)
        (folder / cache.KEY_FILE).chmod(mode)

    return plant


UNSAFE_KEYS = {
    "key a symlink": _symlink_key,
    "key others can read": _key_file(32, 0o644),
    "key of the wrong size": _key_file(5, 0o600),
    "folder others can write to": lambda folder, _: folder.chmod(0o777),
}


@pytest.mark.parametrize("plant", UNSAFE_KEYS.values(), ids=UNSAFE_KEYS.keys())
def test_without_a_key_of_its_own_the_run_goes_without_the_cache(project, run, key_home, tmp_path, plant):
    folder = key_home / "pmnotes"
    folder.mkdir(mode=0o700)
    plant(folder, tmp_path)
    planted = {p.name: (p.is_symlink(), p.lstat().st_mode) for p in folder.iterdir()}
    root = project(SITE)
    _same_as_no_cache(run)
    assert not list((root / ".pmnotes_cache").rglob("*.json"))
    assert {p.name: (p.is_symlink(), p.lstat().st_mode) for p in folder.iterdir()} == planted  # left alone
    if (tmp_path / "elsewhere").exists():
        assert (tmp_path / "elsewhere").read_bytes() == b"k" * 32


def test_a_cache_home_that_cannot_be_made_means_no_cache(project, run, monkeypatch, tmp_path):
    (tmp_path / "a-file").write_bytes(b"")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    root = project(SITE)
    _same_as_no_cache(run)
    assert not list((root / ".pmnotes_cache").rglob("*.json"))


def test_first_runs_at_once_agree_on_one_key(tmp_path):
    folder = tmp_path / "home" / "pmnotes"
    keys: list[bytes | None] = []
    start = threading.Barrier(8)

    def make() -> None:
        start.wait()
        keys.append(cache.user_key(folder))

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and keys[0] is not None and set(keys) == {keys[0]}
    assert [p.name for p in folder.iterdir()] == [cache.KEY_FILE]  # no temporary file left behind


def test_the_key_lives_in_the_users_cache_home_or_nowhere(monkeypatch, tmp_path):
    assert cache.key_folder({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "pmnotes"
    monkeypatch.setenv("HOME", "relative/home")  # would put the key in the working folder
    assert cache.key_folder({"XDG_CACHE_HOME": "relative/cache"}) is None
