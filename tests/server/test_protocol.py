"""The protocol's edges: every request gets an answer, absurd sizes are refused, exit codes follow the spec."""

from __future__ import annotations

from .raw_client import RawServer


def test_a_content_length_bomb_is_refused_and_the_server_goes_on(site):
    server = RawServer(site)
    try:
        # Claims a terabyte, sends a little: nothing is allocated for the claim. The bytes
        # that do come are dropped until the client closes, so first a normal round trip.
        server.request(2, "workspace/symbol", {"query": "role"})
        assert "result" in server.wait_for(2)
        server.process.stdin.write(b"Content-Length: 1000000000000\r\n\r\n" + b"x" * 1000)
        server.process.stdin.flush()
        server.process.stdin.close()
        assert server.process.wait(timeout=30) == 1  # gone without `shutdown`: the spec's 1
    finally:
        server.close()


def test_a_request_before_initialize_gets_server_not_initialized(site):
    server = RawServer(site, initialize=False)
    try:
        server.request(1, "workspace/symbol", {"query": "role"})
        assert server.wait_for(1)["error"]["code"] == -32002
        server.request(2, "initialize", {"processId": None, "rootUri": site.as_uri(), "capabilities": {}})
        assert "capabilities" in server.wait_for(2)["result"]
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        server.request(3, "workspace/symbol", {"query": "role"})
        assert "result" in server.wait_for(3)
    finally:
        assert server.close() == 0


def test_a_request_after_shutdown_gets_an_error_and_exit_is_zero(site):
    server = RawServer(site)
    server.request(2, "shutdown", None)
    assert server.wait_for(2)["result"] is None
    server.request(3, "workspace/symbol", {"query": "role"})
    assert server.wait_for(3)["error"]["code"] == -32600
    server.send({"jsonrpc": "2.0", "method": "exit", "params": None})
    assert server.process.wait(timeout=30) == 0
    server.close()


def test_exit_without_shutdown_exits_one(site):
    server = RawServer(site)
    server.send({"jsonrpc": "2.0", "method": "exit", "params": None})
    assert server.process.wait(timeout=30) == 1
    server.close()


def test_a_request_whose_id_is_an_object_gets_an_error_with_a_null_id(site):
    server = RawServer(site)
    try:
        server.send({"jsonrpc": "2.0", "id": {"a": 1}, "method": "workspace/symbol", "params": {"query": "x"}})
        answer = server.wait_for(None)
        assert answer["error"]["code"] in (-32600, -32602) and answer["id"] is None
        server.request(4, "workspace/symbol", {"query": "role"})
        assert "result" in server.wait_for(4)
    finally:
        assert server.close() == 0
