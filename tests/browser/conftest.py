"""Fixtures for the browser tests: a local web server, Debian's chromium, an offline network.

Every request that does not go to the local server is recorded and refused,
except YouTube's player and watch pages, which are answered by stub pages; the
player stub records the messages it receives. So the tests never touch the network,
and they can still see what the page asked for.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PLAYER_HOST = "www.youtube-nocookie.com"
WATCH_HOST = "www.youtube.com"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# Stands in for the YouTube embed page: it keeps every message posted to it, so
# a test can read back the seek commands that pmnotes.js sent, and answers the
# "listening" handshake as the real player does, which tells the page it is ready.
PLAYER_STUB = """<!doctype html><html><head><meta charset="utf-8"><title>player stub</title>
<script>window.pmnReceived = [];
addEventListener("message", function (e) {
  window.pmnReceived.push(String(e.data));
  if (String(e.data).indexOf('"listening"') !== -1) {
    e.source.postMessage(JSON.stringify({event: "onReady", id: 1, channel: "widget"}), e.origin);
  }
});</script>
</head><body style="margin:0;background:#111;color:#ddd;font:16px sans-serif;
display:flex;align-items:center;justify-content:center;height:100vh">
<p>YouTube player (offline test stub)</p></body></html>"""


# Stands in for a YouTube watch page, where a plain timestamp link leads.
WATCH_STUB = "<!doctype html><title>watch page stub</title><p>YouTube watch page (offline test stub)</p>"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a directory on 127.0.0.1 on a free port; returns the base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Network:
    """Every URL the pages asked for, in order; anything off this machine is refused or stubbed."""

    requests: list[str] = field(default_factory=list)

    def third_party(self, since: int = 0) -> list[str]:
        return [url for url in self.requests[since:] if _host(url) not in LOCAL_HOSTS]

    def handle(self, route: Route) -> None:
        url = route.request.url
        self.requests.append(url)
        host = _host(url)
        if host in LOCAL_HOSTS or url.startswith(("data:", "blob:")):
            route.continue_()
        elif host == PLAYER_HOST:
            route.fulfill(status=200, content_type="text/html", body=PLAYER_STUB)
        elif host == WATCH_HOST and urlsplit(url).path == "/watch":
            route.fulfill(status=200, content_type="text/html", body=WATCH_STUB)
        else:
            route.abort()


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


@dataclass
class OfflineBrowser:
    """A browser context with its network record."""

    context: BrowserContext
    network: Network

    def page(self) -> Page:
        return self.context.new_page()


@pytest.fixture
def open_browser(browser: Browser) -> Iterator[Callable[..., OfflineBrowser]]:
    """Open a fresh, offline browser context; keyword arguments go to `new_context`."""
    contexts: list[BrowserContext] = []

    def open_(**options: object) -> OfflineBrowser:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)  # type: ignore[arg-type]
        network = Network()
        context.route("**/*", network.handle)
        contexts.append(context)
        return OfflineBrowser(context, network)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def mkdocs_build() -> Callable[..., Path]:
    """Build a site with `mkdocs build --strict`, as a user would; returns the site folder."""

    def build(config: Path, site_dir: Path, **env_vars: str) -> Path:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)]
        done = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-4000:]
        return site_dir

    return build


@pytest.fixture(scope="module")
def screenshot() -> Callable[..., Path]:
    """Keep a screenshot in test-artifacts/ for people to look at."""

    def take(page: Page, name: str, full_page: bool = False, clip: dict | None = None) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        if clip is not None:
            page.screenshot(path=str(path), clip=clip)
        else:
            page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
