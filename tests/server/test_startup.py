"""What the server reads before pygls is loaded: the first message, handed on intact."""

from __future__ import annotations

import io
import json

import pytest

from mkdocs_pmnotes.server.startup import MAX_FIRST, Replay, read_first, roots_of


def _framed(message: object) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": None}}
AFTER = _framed({"jsonrpc": "2.0", "method": "initialized", "params": {}})


def _replayed(stream: bytes) -> tuple[dict[str, object] | None, bytes]:
    """(the first message as read, every byte pygls' reader then meets)."""
    stdin = io.BytesIO(stream)
    first, message = read_first(stdin)
    replay = Replay(first, stdin)
    again = b""
    while True:
        line = replay.readline()
        if not line:
            break
        again += line
        if line == b"\r\n":
            again += replay.read(int(again.split(b"Content-Length: ")[-1].split(b"\r\n")[0]))
    return message, again


def test_the_first_message_is_read_and_every_byte_is_handed_on():
    stream = _framed(INITIALIZE) + AFTER
    message, again = _replayed(stream)
    assert message == INITIALIZE
    assert again == stream


@pytest.mark.parametrize(
    "stream",
    [
        b"Content-Length: 12\r\nContent-Type: x\r\n\r\n" + b'{"id": 1}   ' + AFTER,  # a second header line
        b"Content-Length: 5\r\n\r\n{not " + AFTER,  # not JSON
        b"Content-Length: 2\r\n\r\n[]" + AFTER,  # not an object
        b"X-Other: 1\r\n\r\n" + AFTER,  # no length: pygls reads on as it will
        b"Content-Length: %d\r\n\r\n" % (MAX_FIRST + 1) + AFTER,  # too long to read here
        b"Content-Length: 3\n\n{}\n" + AFTER,  # not the header pygls reads
        b"",  # the client is gone
    ],
)
def test_a_first_message_that_is_not_a_plain_request_leaves_the_bytes_as_they_came(stream):
    stdin = io.BytesIO(stream)
    first, message = read_first(stdin)
    assert message is None or message == {"id": 1}
    replay = Replay(first, stdin)
    assert replay.read(len(stream) + 10) == stream
    assert replay.read(1) == b""


def test_replayed_lines_join_the_bytes_read_and_those_still_to_come():
    replay = Replay(b"Content-Len", io.BytesIO(b"gth: 2\r\n\r\n{}"))
    assert replay.readline() == b"Content-Length: 2\r\n"
    assert replay.readline() == b"\r\n"
    assert replay.read(2) == b"{}"
    assert Replay(b"abc", io.BytesIO(b"def\n")).readline(4) == b"abcd"  # a limit is a limit


def test_the_folders_are_the_ones_initialize_names(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    folders = [{"uri": (tmp_path / n).as_uri(), "name": n} for n in ("a", "b", "gone")]
    assert roots_of({"workspaceFolders": folders, "rootUri": (tmp_path / "b").as_uri()}) == [
        tmp_path / "a",
        tmp_path / "b",
    ]
    assert roots_of({"rootUri": (tmp_path / "b").as_uri()}) == [tmp_path / "b"]
    assert roots_of({"rootPath": str(tmp_path / "a")}) == [tmp_path / "a"]
    assert roots_of({"workspaceFolders": "junk", "rootUri": 3}) == []
